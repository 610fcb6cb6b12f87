using System.ComponentModel.DataAnnotations;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Feedback;

/// <summary>End-of-session feedback. Bound from the "SessionFeedback" section.</summary>
public sealed class SessionFeedbackOptions
{
    public const string SectionName = "SessionFeedback";

    /// <summary>How long the client can answer; after that the card says the request has closed.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan ExpiresAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Any of the first three items at or below this is low and flagged to the clinician.</summary>
    [Range(0, 10)]
    public int LowItemAtOrBelow { get; set; } = 5;

    /// <summary>The overall rating at or below this is low and flagged to the clinician.</summary>
    [Range(0, 10)]
    public int LowOverallAtOrBelow { get; set; } = 6;

    /// <summary>An item that dropped by this much or more since the client's previous answers is flagged as falling.</summary>
    [Range(1, 10)]
    public int FallOf { get; set; } = 2;

    public FeedbackThresholds Thresholds => new(LowItemAtOrBelow, LowOverallAtOrBelow, FallOf);
}
