using System.ComponentModel.DataAnnotations;

namespace TreatmentPlanBot.Notifications;

/// <summary>How the notifier paces itself. Bound from the "Notifications" section.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>
    /// The most a notification may hold a person's turn (Teams waits a few seconds for a reply): what is not sent by
    /// then is handed to the scheduler and the sender is told it is still being tried.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:00:10")]
    public TimeSpan InTurnBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claim without an outcome holds before another sender may take it over (its holder stopped).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before the scheduler tries again a recipient the turn could not reach; doubles per attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Scheduled attempts before a recipient is given up as unreachable.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;
}
