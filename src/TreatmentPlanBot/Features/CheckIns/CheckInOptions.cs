using System.ComponentModel.DataAnnotations;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>How check-ins run. Bound from the "CheckIns" section.</summary>
public sealed class CheckInOptions
{
    public const string SectionName = "CheckIns";

    /// <summary>How long a check-in can be answered before it counts as missed (1 hour to 14 days).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "14.00:00:00")]
    public TimeSpan ExpiresAfter { get; set; } = TimeSpan.FromDays(4);

    /// <summary>When the one reminder goes to a client who has not answered (before expiry; 1 minute to 13 days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "13.00:00:00")]
    public TimeSpan RemindAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The time of day, on the client's own clock, a check-in arrives.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:00")]
    public TimeSpan SendAt { get; set; } = TimeSpan.FromHours(9);
}
