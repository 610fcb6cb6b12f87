namespace TreatmentPlanBot.People;

/// <summary>How a directory call ended. Expected failures are outcomes, never exceptions.</summary>
public enum DirectoryOutcome
{
    /// <summary>The person (or people, or the personal chat) was found.</summary>
    Found,

    /// <summary>Nobody matched, or the person is not in the directory (Graph 404).</summary>
    NotFound,

    /// <summary>The bot lacks a permission (Graph 403): the clinic's admin has not granted or consented to it.</summary>
    Forbidden,

    /// <summary>Graph asked the bot to slow down (429) for longer than the bot waits; try again after <see cref="DirectoryResult{T}.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>Anything else: a transport failure, a server error, no token, the directory not configured.</summary>
    Failed,
}

/// <summary>
/// The outcome of a directory call: a value when <see cref="DirectoryOutcome.Found"/>, otherwise what went wrong as a
/// status and an error code (never message text, which may quote names) and a sentence a clinician can be told.
/// </summary>
public sealed record DirectoryResult<T>(DirectoryOutcome Outcome, T? Value, int StatusCode = 0, string? ErrorCode = null, TimeSpan? RetryAfter = null)
{
    public bool IsFound => Outcome == DirectoryOutcome.Found;

    /// <summary>What to tell the clinician when the call did not find what was asked for.</summary>
    public string Explanation => DirectoryWords.Explain(Outcome, ErrorCode, RetryAfter);

    public static DirectoryResult<T> Found(T value, int statusCode = 200) => new(DirectoryOutcome.Found, value, statusCode);

    /// <summary>The same failure carried over to a result of another type.</summary>
    public DirectoryResult<TOther> As<TOther>() => new(Outcome, default, StatusCode, ErrorCode, RetryAfter);
}

/// <summary>Failures of the directory in words a clinician can act on: the one place these sentences live.</summary>
public static class DirectoryWords
{
    public static string Explain(DirectoryOutcome outcome, string? errorCode, TimeSpan? retryAfter) => outcome switch
    {
        DirectoryOutcome.Found => string.Empty,
        DirectoryOutcome.NotFound when errorCode == DirectoryErrorCodes.QueryTooShort =>
            "Type at least two letters of the person's name or email.",
        DirectoryOutcome.NotFound =>
            "I couldn't find that person in your organisation's directory. Check the spelling, or try their email address.",
        DirectoryOutcome.Forbidden =>
            "Your organisation hasn't given me permission to do that in Microsoft 365 yet. Ask your Teams admin to grant the bot's Microsoft Graph permissions.",
        DirectoryOutcome.Throttled =>
            $"Microsoft 365 asked me to slow down. Please try again in {Minutes(retryAfter)}.",
        DirectoryOutcome.Failed when errorCode == DirectoryErrorCodes.NotConfigured =>
            "Finding people in your organisation isn't set up for this bot. Ask your Teams admin to turn it on.",
        DirectoryOutcome.Failed when errorCode == DirectoryErrorCodes.PlaygroundNotRunning =>
            "That person's Agents Playground isn't running, so I can't reach them. Start it with ./run.sh --as and their name.",
        _ => "I couldn't reach Microsoft 365 just now. Please try again in a few minutes.",
    };

    private static string Minutes(TimeSpan? wait) =>
        wait is { } w && w > TimeSpan.FromMinutes(1) ? $"about {Math.Ceiling(w.TotalMinutes):0} minutes" : "a minute";
}

/// <summary>Error codes the directory sets itself (Graph's own codes, such as Authorization_RequestDenied, pass through).</summary>
public static class DirectoryErrorCodes
{
    public const string QueryTooShort = "QueryTooShort";
    public const string NotConfigured = "NotConfigured";
    public const string TokenUnavailable = "TokenUnavailable";
    public const string TransportFailure = "TransportFailure";
    public const string RetriesExhausted = "RetriesExhausted";
    public const string InstallationNotVisible = "InstallationNotVisible";
    public const string PlaygroundNotRunning = "PlaygroundNotRunning";
}
