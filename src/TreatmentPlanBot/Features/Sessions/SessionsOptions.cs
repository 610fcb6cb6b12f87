using System.ComponentModel.DataAnnotations;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>When the clinician is warned that an insurance authorisation is ending. Bound from the "Sessions" section.</summary>
public sealed class SessionsOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Warn (on the plan card, the caseload and prep) and remind once when this many authorised sessions or fewer are left.</summary>
    [Range(0, 50)]
    public int RunningLowAtSessionsLeft { get; set; } = 3;

    /// <summary>Warn, and remind once, this many days before an authorisation expires.</summary>
    [Range(1, 90)]
    public int ExpiryReminderDaysBefore { get; set; } = 14;

    /// <summary>The clinician's local time of day the expiry reminder is sent.</summary>
    public TimeOnly ReminderTimeOfDay { get; set; } = new(9, 0);

    public AuthorisationThresholds Thresholds => new(RunningLowAtSessionsLeft, ExpiryReminderDaysBefore);
}
