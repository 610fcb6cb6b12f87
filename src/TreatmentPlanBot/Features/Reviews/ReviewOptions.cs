using System.ComponentModel.DataAnnotations;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>Plan reviews: the clinic's cadence and when the clinician is reminded. Bound from the "Plans" section.</summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Plans";

    /// <summary>Days from the start of a plan (or its last review) to the next review (CLINICAL.md: 90).</summary>
    [Range(1, 730)]
    public int ReviewEveryDays { get; set; } = 90;

    /// <summary>Days before a review falls due that the clinician is reminded, in their personal chat.</summary>
    [Range(0, 60)]
    public int ReminderDaysBefore { get; set; } = 7;

    /// <summary>The hour of the day, in the clinician's own time zone, at which the reminder is sent.</summary>
    [Range(0, 23)]
    public int ReminderHour { get; set; } = 9;
}
