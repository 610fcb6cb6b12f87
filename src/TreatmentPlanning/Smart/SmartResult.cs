using System.Text.Json.Serialization;

namespace TreatmentPlanning.Smart;

[JsonConverter(typeof(JsonStringEnumConverter<SmartLetter>))]
public enum SmartLetter
{
    Specific,
    Measurable,
    Attainable,
    Relevant,
    TimeBound,
}

/// <summary>One finding: the letter it concerns, a stable code for the bot, and a message worded for the clinician.</summary>
public sealed record SmartFinding(SmartLetter Letter, string Code, string Message);

/// <summary>
/// Errors block saving (at most one per letter, the first thing to fix); warnings are shown and the clinician
/// confirms them.
/// </summary>
public sealed record SmartResult(IReadOnlyList<SmartFinding> Errors, IReadOnlyList<SmartFinding> Warnings)
{
    public bool CanSave => Errors.Count == 0;

    public bool NeedsConfirmation => Warnings.Count > 0;
}

/// <summary>
/// When the objective is being judged. <see cref="MeasuredFrom"/> is the date of the baseline, when it is
/// earlier than today; the time allowed for change runs from it to the anticipated completion.
/// </summary>
public sealed record SmartContext(DateOnly Today, DateOnly? MeasuredFrom = null);

/// <summary>Stable codes, so the bot can react to a finding without parsing its message.</summary>
public static class SmartCodes
{
    public const string BehaviourMissing = "specific.behaviour-missing";
    public const string MeasureMissing = "measurable.measure-missing";
    public const string InstrumentMissing = "measurable.instrument-missing";
    public const string InstrumentUnknown = "measurable.instrument-unknown";
    public const string UnitMissing = "measurable.unit-missing";
    public const string BaselineMissing = "measurable.baseline-missing";
    public const string TargetMissing = "measurable.target-missing";
    public const string RelevanceMissing = "relevant.relevance-missing";
    public const string CompletionDateMissing = "time-bound.completion-date-missing";
    public const string CompletionDateInPast = "time-bound.completion-date-in-past";
    public const string TargetOutOfRange = "measurable.target-out-of-range";
    public const string BaselineOutOfRange = "measurable.baseline-out-of-range";
    public const string WrongDirection = "attainable.wrong-direction";
    public const string NoChange = "attainable.no-change";
    public const string DirectionWorsens = "attainable.direction-worsens";
    public const string ImplausibleChange = "attainable.implausible-change";
    public const string EliminationTarget = "attainable.elimination-target";
}
