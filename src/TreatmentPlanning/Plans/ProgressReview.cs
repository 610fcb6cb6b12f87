namespace TreatmentPlanning.Plans;

/// <summary>A review of the plan: the status of each objective reviewed, with a note.</summary>
public sealed record ProgressReview(
    string Id,
    DateOnly ReviewedOn,
    string ReviewerId,
    IReadOnlyList<ObjectiveProgress> Objectives,
    string? Note = null);

public sealed record ObjectiveProgress(string ObjectiveId, ObjectiveStatus Status, string? Note = null);
