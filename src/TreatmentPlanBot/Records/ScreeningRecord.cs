namespace TreatmentPlanBot.Records;

/// <summary>What a screening found: the presenting concerns, urgency, fit, and what was recommended next.</summary>
public sealed record ScreeningRecord(
    string Id,
    IReadOnlyList<string> PresentingConcerns,
    string? ConcernsInOwnWords,
    string Urgency,
    bool PriorTreatment,
    bool FitsClinician,
    string? ReferralReason,
    string? ReferralDestination,
    IReadOnlyList<string> RecommendedInstruments,
    DateTimeOffset ScreenedAt,
    string ScreenedBy);
