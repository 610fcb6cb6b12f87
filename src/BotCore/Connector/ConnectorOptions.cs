using Microsoft.Extensions.Options;

namespace BotCore.Connector;

/// <summary>Retry and pacing of outbound calls to the Bot Connector service. Bound from the "BotConnector" section.</summary>
public sealed class ConnectorOptions
{
    public const string SectionName = "BotConnector";

    /// <summary>Retries after the first attempt on 429, 412, 502, 504 and transport failures.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff delay when the service gives no Retry-After; it doubles per attempt, with jitter.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest single wait between attempts. A Retry-After longer than this is not waited for: the call fails with 429
    /// so the caller can reschedule. Total waiting is therefore at most MaxRetryAttempts x MaxRetryDelay.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time allowed for one HTTP attempt; a timed-out attempt counts as a transport failure and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Teams accepts about 7 sends per second in one conversation.</summary>
    public int SendsPerSecondPerConversation { get; set; } = 7;

    /// <summary>Teams accepts about 1,800 sends per hour in one conversation.</summary>
    public int SendsPerHourPerConversation { get; set; } = 1800;
}

internal sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        var failures = new List<string>();
        // Polly's retry strategy requires at least one retry; 10 keeps the total wait bounded.
        if (options.MaxRetryAttempts is < 1 or > 10)
        {
            failures.Add($"{ConnectorOptions.SectionName}:MaxRetryAttempts must be between 1 and 10.");
        }

        if (options.BaseRetryDelay <= TimeSpan.Zero || options.BaseRetryDelay > options.MaxRetryDelay)
        {
            failures.Add($"{ConnectorOptions.SectionName}:BaseRetryDelay must be positive and no longer than MaxRetryDelay.");
        }

        if (options.MaxRetryDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{ConnectorOptions.SectionName}:MaxRetryDelay must be at most 5 minutes.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{ConnectorOptions.SectionName}:AttemptTimeout must be positive.");
        }

        if (options.SendsPerSecondPerConversation < 1 || options.SendsPerHourPerConversation < 1)
        {
            failures.Add($"{ConnectorOptions.SectionName}:SendsPerSecondPerConversation and SendsPerHourPerConversation must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
