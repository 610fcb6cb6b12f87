using System.Text.Json.Serialization;
using TreatmentPlanning.Clients;


namespace TreatmentPlanBot.Records;

/// <summary>
/// One change to a client's current information or trauma-informed overview: who made it, when, what part, and the
/// profile as it was before (<see cref="Prior"/>), so earlier values stay on record. The id is drawn when the form is
/// shown, so a second press of one form is the same change.
/// </summary>
public sealed record ProfileChange(string ChangeId, string ChangedBy, DateTimeOffset ChangedAt, string What)
{
    public ClientProfile? Prior { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ExportStatus>))]
public enum ExportStatus
{
    Uploading,
    Delivered,
    Failed,
}

/// <summary>
/// One PDF export accepted by the clinician: the claim that makes a second accept upload nothing, and the audit of what
/// was delivered (plan version and content hash, never the PDF itself).
/// </summary>
public sealed record ExportRecord(string ExportId, string RequestedBy, DateTimeOffset AcceptedAt, int PlanVersion, string ContentHash, bool IncludesOverview, ExportStatus Status);

[JsonConverter(typeof(JsonStringEnumConverter<ClosureKind>))]
public enum ClosureKind
{
    GoalsMet,
    ClientChoice,
    Referral,
}

/// <summary>A measure's first and last scores over the plan, and what the change means (the domain's OutcomeCalculator).</summary>
public sealed record ClosingScore(string Instrument, int First, DateOnly FirstOn, int Last, DateOnly LastOn, string Change);

/// <summary>How a plan was closed: discharge (goals met, client's choice) or referral on, and the closing outcome summary.</summary>
public sealed record PlanClosure(
    string CloseId,
    ClosureKind Kind,
    DateOnly ClosedOn,
    string ClosedBy,
    string? Note,
    string? ReferralId,
    int ObjectivesAchieved,
    int ObjectivesPlanned,
    IReadOnlyList<ClosingScore> Outcomes);
