using System.Text.Json.Serialization;

namespace TreatmentPlanning.Plans;

/// <summary>
/// One SMART objective: <see cref="Behaviour"/> is the Specific part, <see cref="Measure"/> the Measurable part,
/// <see cref="AttainabilityNote"/> the clinician's Attainable judgement, <see cref="Relevance"/> why it matters in the
/// client's words, <see cref="AnticipatedCompletion"/> the Time-bound part. <see cref="Status"/> and
/// <see cref="ActualCompletion"/> record progress and are not part of what a signature covers.
/// </summary>
public sealed record Objective(
    string Id,
    string Behaviour,
    ObjectiveMeasure? Measure,
    string? AttainabilityNote,
    string? Relevance,
    DateOnly? AnticipatedCompletion,
    IReadOnlyList<ClientTask> ClientTasks,
    IReadOnlyList<ClinicianIntervention> Interventions,
    ObjectiveStatus Status = ObjectiveStatus.NotStarted,
    DateOnly? ActualCompletion = null);

/// <summary>
/// How progress on an objective is measured. <see cref="MeasureId"/> names the instrument for
/// <see cref="MeasureType.InstrumentScore"/>; <see cref="Unit"/> says what is counted and per what period
/// (e.g. "drinks per day"). Done / not done needs no numbers.
/// </summary>
public sealed record ObjectiveMeasure(
    MeasureType Type,
    ChangeDirection Direction,
    decimal? Baseline = null,
    decimal? Target = null,
    string? MeasureId = null,
    string? Unit = null)
{
    /// <summary>Whether <paramref name="latest"/> has reached the target in the measure's direction; null when there is no reading or no target to compare.</summary>
    public bool? Reached(decimal? latest) => (latest, Type, Target) switch
    {
        (null, _, _) => null,
        ({ } done, MeasureType.DoneNotDone, _) => done >= 1,
        (_, _, null) => null,
        ({ } value, _, { } target) => Direction == ChangeDirection.Decrease ? value <= target : value >= target,
    };
}

[JsonConverter(typeof(JsonStringEnumConverter<MeasureType>))]
public enum MeasureType
{
    InstrumentScore,
    CountPerPeriod,
    Rating0To10,
    DoneNotDone,
}

[JsonConverter(typeof(JsonStringEnumConverter<ChangeDirection>))]
public enum ChangeDirection
{
    Decrease,
    Increase,
}

[JsonConverter(typeof(JsonStringEnumConverter<ObjectiveStatus>))]
public enum ObjectiveStatus
{
    NotStarted,
    InProgress,
    Achieved,
    Revised,
    Discontinued,
}

/// <summary>What the client will do between sessions.</summary>
public sealed record ClientTask(string Id, string Description, string? Frequency = null);

/// <summary>What the clinician contributes, e.g. graded exposure or behavioural activation.</summary>
public sealed record ClinicianIntervention(string Id, string Name, string? Description = null, string? Frequency = null);
