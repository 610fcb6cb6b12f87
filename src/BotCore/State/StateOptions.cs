namespace BotCore.State;

/// <summary>How a turn that loses a state race is handled. Section <c>State</c>.</summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    /// <summary>How many times a turn runs before the user is asked to send it again (first run included).</summary>
    public int MaxTurnAttempts { get; set; } = 3;

    /// <summary>Said when every attempt lost the race.</summary>
    public string RetryMessage { get; set; } = "Something else changed at the same moment, so I didn't keep that. Please send it again.";
}
