using System.Text.Json.Serialization;

namespace TreatmentPlanning.Plans;

/// <summary>
/// A review of the plan: how each objective reviewed is going, what was adjusted, what was tried and what worked.
/// <see cref="Version"/> is the plan version the review made (set by <see cref="TreatmentPlan.RecordReview"/>);
/// <see cref="NextReviewOn"/> the review date it set, when not the clinic's cadence.
/// </summary>
public sealed record ProgressReview(
    string Id,
    DateOnly ReviewedOn,
    string ReviewerId,
    IReadOnlyList<ObjectiveProgress> Objectives,
    string? Note = null)
{
    public DateOnly? NextReviewOn { get; init; }

    public int? Version { get; init; }
}

/// <summary>
/// One objective at a review. <see cref="Verdict"/> is what the clinician found (reviews before verdicts carry only
/// <see cref="Status"/>); <see cref="AchievedOn"/> the actual completion when achieved (the review date if not given);
/// <see cref="NewTarget"/> and <see cref="NewAnticipatedCompletion"/> adjust the objective; <see cref="Tried"/> and
/// <see cref="Worked"/> keep the history of what was tried and what worked.
/// </summary>
public sealed record ObjectiveProgress(string ObjectiveId, ObjectiveStatus Status, string? Note = null)
{
    public ReviewVerdict? Verdict { get; init; }

    public DateOnly? AchievedOn { get; init; }

    public decimal? NewTarget { get; init; }

    public DateOnly? NewAnticipatedCompletion { get; init; }

    public string? Tried { get; init; }

    public string? Worked { get; init; }

    /// <summary>The progress for a verdict: achieved and dropped close the objective; progressing or not, it stays open.</summary>
    public static ObjectiveProgress Reviewed(string objectiveId, ReviewVerdict verdict, string? note = null) =>
        new(objectiveId, verdict switch
        {
            ReviewVerdict.Achieved => ObjectiveStatus.Achieved,
            ReviewVerdict.Dropped => ObjectiveStatus.Discontinued,
            _ => ObjectiveStatus.InProgress,
        }, note) { Verdict = verdict };
}

[JsonConverter(typeof(JsonStringEnumConverter<ReviewVerdict>))]
public enum ReviewVerdict
{
    Achieved,
    Progressing,
    NotProgressing,
    Dropped,
}
