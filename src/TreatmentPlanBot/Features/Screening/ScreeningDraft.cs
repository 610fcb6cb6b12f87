using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanning.Screening;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>The parts of a screening, in the order they are gone through.</summary>
public enum ScreeningStep
{
    Client,
    Concerns,
    OwnWords,
    Urgency,
    PriorTreatment,
    Fit,
    ReferralReason,
    ReferralDestination,
    Save,
}

/// <summary>
/// A screening as it is being gathered: the one record the screening dialog keeps in state (as the options of its
/// step loop), updated after every answer. A null property is a step not done yet, so <see cref="NextStep"/> is always
/// "the first step without an answer" and a conversation picked up after a deployment continues where it stood.
/// </summary>
public sealed record ScreeningDraft
{
    public bool NewClient { get; init; }

    /// <summary>What followed "screen": the client to find.</summary>
    public string? ClientQuery { get; init; }

    /// <summary>A new client's current information gathered so far, when a screening resumes part-way through it.</summary>
    public CurrentInformationDraft? IntakeSoFar { get; init; }

    public string? ClientId { get; init; }

    public string? DisplayName { get; init; }

    public CurrentInformationDetails? Details { get; init; }

    public IReadOnlyList<string>? Concerns { get; init; }

    public Answer<string>? OwnWords { get; init; }

    public string? Urgency { get; init; }

    public bool? PriorTreatment { get; init; }

    /// <summary>The fit check's verdict and suggested reason, kept while the clinician decides.</summary>
    public FitCheck? Check { get; init; }

    public FitOutcome? Fit { get; init; }

    public string? ReferralReason { get; init; }

    public string? ReferralDestination { get; init; }

    /// <summary>The screening's id and time, fixed by the turn that shows the summary.</summary>
    public string? ScreeningId { get; init; }

    public DateTimeOffset? ScreenedAt { get; init; }

    public static ScreeningDraft ForNewClient() => new() { NewClient = true };

    public static ScreeningDraft ForClient(string? query) => new() { ClientQuery = query };

    public ScreeningStep NextStep() => this switch
    {
        { ClientId: null } or { DisplayName: null } => ScreeningStep.Client,
        { Concerns: null } => ScreeningStep.Concerns,
        { OwnWords: null } => ScreeningStep.OwnWords,
        { Urgency: null } => ScreeningStep.Urgency,
        { PriorTreatment: null } => ScreeningStep.PriorTreatment,
        { Fit: null } => ScreeningStep.Fit,
        { Fit.Referring: true, ReferralReason: null } => ScreeningStep.ReferralReason,
        { Fit.Referring: true, ReferralDestination: null } => ScreeningStep.ReferralDestination,
        _ => ScreeningStep.Save,
    };

    /// <summary>What is saved; only at <see cref="ScreeningStep.Save"/> with the id and time fixed.</summary>
    public ScreeningToSave ToSave() => new(
        ClientId!,
        DisplayName!,
        NewClient ? Details : null,
        ScreeningId!,
        Concerns!,
        OwnWords?.Value,
        Urgency!,
        PriorTreatment ?? false,
        Fit!.FitsClinician,
        Fit.Note,
        Fit.Referring ? new Referral(ReferralReason!, ReferralDestination!) : null,
        ScreenedAt!.Value);
}

/// <summary>The fit check's verdict, the suggested referral reason, and the concerns it names.</summary>
public sealed record FitCheck(FitVerdict Verdict, string SuggestedReason, string Concerns)
{
    /// <summary>The clinician's answer: yes to "will you take them" or "keep" to "refer or keep" keeps the client.</summary>
    public FitOutcome Decided(bool keeps) => (Verdict, keeps) switch
    {
        (FitVerdict.Confirm, true) => new FitOutcome(true, $"You confirmed you'll take this client on ({Concerns} not on your list).", Referring: false),
        (_, true) => new FitOutcome(false, $"You don't list {Concerns} among the areas you treat, and chose to keep this client.", Referring: false),
        _ => new FitOutcome(false, "Referred on.", Referring: true),
    };
}

/// <summary>What the clinician decided about the fit, in the words the summary shows.</summary>
public sealed record FitOutcome(bool FitsClinician, string Note, bool Referring);

/// <summary>Where the clinician refers the client, and why, in their words.</summary>
public sealed record Referral(string Reason, string Destination);

/// <summary>
/// Everything a screening gathered, ready to save. Its ids and time are fixed when the summary is shown, so every
/// click on that one "Save" (a double click, a re-run turn) writes the same rows and the second finds them done.
/// </summary>
public sealed record ScreeningToSave(
    string ClientId,
    string DisplayName,
    CurrentInformationDetails? NewClient,
    string ScreeningId,
    IReadOnlyList<string> Concerns,
    string? ConcernsInOwnWords,
    string Urgency,
    bool PriorTreatment,
    bool FitsClinician,
    string FitNote,
    Referral? Referral,
    DateTimeOffset ScreenedAt);

/// <summary>The urgency a clinician gives a screening; the code is what is stored.</summary>
public static class ScreeningUrgency
{
    public const string Routine = "routine";
    public const string Soon = "soon";
    public const string Urgent = "urgent";

    public static bool IsKnown(string? code) => code is Routine or Soon or Urgent;

    public static string Describe(string code) => code switch
    {
        Urgent => "needs attention today",
        Soon => "Soon: within the next week",
        _ => "Routine",
    };
}
