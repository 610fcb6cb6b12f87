namespace BotCore.Hosting;

/// <summary>
/// What the adapter answers when a turn fails. Set by the application in code (its own words), not from configuration.
/// </summary>
public sealed class TurnErrorOptions
{
    /// <summary>
    /// The answer to a storage outage no feature answered itself (<see cref="Storage.StorageErrorKind.Unavailable"/>).
    /// The failed turn's state is not saved, so the user can send the same thing again.
    /// </summary>
    public string StorageUnavailableMessage { get; set; } =
        "I couldn't reach my storage just now, so nothing was changed. Please send that again in a moment.";
}
