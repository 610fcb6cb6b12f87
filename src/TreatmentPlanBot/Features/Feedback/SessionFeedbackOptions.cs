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

    /// <summary>When the one reminder goes to a client who has not answered (none if it falls at or after expiry; 1 minute to 29 days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "29.00:00:00")]
    public TimeSpan RemindAfter { get; set; } = TimeSpan.FromDays(2);

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
