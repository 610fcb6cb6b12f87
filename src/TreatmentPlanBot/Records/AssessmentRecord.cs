using System.Text.Json.Serialization;

namespace TreatmentPlanBot.Records;

/// <summary>
/// A scored administration of a measure, as stored: the answers (item number to value; null where the person
/// declined to answer) and what the scoring said at the time.
/// </summary>
public sealed record AssessmentRecord(
    string Id,
    string InstrumentId,
    string InstrumentName,
    IReadOnlyDictionary<int, int?> Answers,
    int? Total,
    string? Band,
    bool? Positive,
    IReadOnlyList<RecordedRiskFlag> RiskFlags,
    IReadOnlyList<int> MissingItems,
    DateTimeOffset AdministeredAt,
    string AdministeredBy,
    AssessmentMode Mode);

public sealed record RecordedRiskFlag(string Level, string Description);

[JsonConverter(typeof(JsonStringEnumConverter<AssessmentMode>))]
public enum AssessmentMode
{
    ClinicianInChat,
    ClinicianForm,
    ClientRemote,
}

/// <summary>A risk answer and what was done about it: recorded the moment it happens, never batched.</summary>
public sealed record RiskEvent(
    string Id,
    string Source,
    string Level,
    string Description,
    DateTimeOffset RaisedAt,
    string RaisedBy)
{
    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    /// <summary>Whether the supervisor was told (false when there is none or delivery failed: the caller says so).</summary>
    public bool SupervisorAlerted { get; init; }

    /// <summary>What became of the supervisor's alert, in words the clinician reads ("no supervisor is assigned to you").</summary>
    public string? SupervisorAlertOutcome { get; init; }

    /// <summary>Raised by the client's own answer in a check-in, with no clinician in the room (false on older rows).</summary>
    public bool Remote { get; init; }
}

/// <summary>One measurement of an objective's measure (the "latest" on the plan card).</summary>
public sealed record ObjectiveProgress(string ObjectiveId, decimal? Value, DateOnly MeasuredOn, string? Note, string RecordedBy, DateTimeOffset RecordedAt)
{
    /// <summary>
    /// Which reading this is: drawn when its progress card was rendered, so two presses of one card are one reading and
    /// two cards saved in the same second are two. Null on readings stored before readings had ids (keyed by time).
    /// </summary>
    public string? ReadingId { get; init; }
}

/// <summary>
/// A clinical supervisor's note on a client's plan: for the clinician of record (and the supervisor), never the client.
/// The id is drawn when the note form is shown, so two presses of one Save store one note.
/// </summary>
public sealed record SupervisionNote(string Id, string PlanId, int PlanVersion, string Text, string WrittenBy, string WrittenByName, DateTimeOffset WrittenAt);
