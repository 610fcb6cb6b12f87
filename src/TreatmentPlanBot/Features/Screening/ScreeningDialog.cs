using System.Security.Cryptography;
using System.Text.Json;
using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Screening;
using static TreatmentPlanBot.Features.Screening.ScreeningMessages;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>
/// Screening: for a new client their current information first (<see cref="CurrentInformationDialog"/>), then for every
/// screening the presenting concerns, urgency and prior treatment, the fit with this clinician (offering a referral
/// when they do not treat a concern), and a summary to save. Everything gathered lives in one <see cref="ScreeningDraft"/>,
/// the options of a two-step loop: ask the draft's next step, take the answer into the draft, start again. Nothing
/// is written until the clinician confirms the summary, so cancelling leaves no trace and a restart resumes where it
/// stopped; state written by an earlier version is carried over (<see cref="LegacyScreeningState"/>).
/// </summary>
public sealed class ScreeningDialog : InterruptibleDialog
{
    public const string DialogId = "screening";

    public const string AskConcerns = "What brings them? Tick every presenting concern that applies (or type them, separated by commas).";
    public const string AskOwnWords = "In their own words, what brings them now? Type a sentence or two, or **skip**.";
    public const string AskUrgency = "How soon do they need to be seen?";
    public const string AskPriorTreatment = "Have they had treatment elsewhere since you last saw them?";
    public const string AskTakeClient = "Will you take this client on?";
    public const string AskReferOrKeep = "Do you want to refer them, or keep them as your client?";
    public const string AskReferralReason = "Why are you referring them? Type **ok** to record the suggested reason above, or type your own.";
    public const string AskReferralDestination = "Where to? Type the service or clinician you are referring them to.";
    public const string AskSave = "Save this screening?";
    public const string NothingSaved = "Nothing was saved: no client record was created and no screening was added to any record.";
    public const string StartAgain = "Say **new client** or **screen [name]** to start again.";
    public static readonly string RecordsUnavailable = OutageWords.AnswersKept("say **yes** to try saving again, or **cancel** to stop");
    public const string PickedUpAgain = "I was updated while we were screening this client. Your answers so far are kept, but I couldn't use your last one, so I'll ask that again (or say **cancel** to stop).";
    public const string LostTrack = "I couldn't read where this screening had got to (I was updated meanwhile), so I've stopped it. " + NothingSaved + " " + StartAgain;

    private const string Steps = "screening.questions";
    private const string ConfirmPromptId = "screening.confirm";
    private const string ChoicePromptId = "screening.choice";
    private const string ConcernsPrompt = "screening.concerns";
    private const string NotePrompt = "screening.note";
    private const int MaxNoteLength = CurrentInformationDialog.MaxNoteLength;

    private readonly TurnUserResolver _users;
    private readonly ClientFiles _files;
    private readonly ScreeningAdvisor _advisor;
    private readonly ScreeningRecorder _recorder;
    private readonly CardRenderer _cards;
    private readonly ClinicOptions _clinic;

    public ScreeningDialog(TurnUserResolver users, ClientFiles files, ScreeningAdvisor advisor, ScreeningRecorder recorder, CardRenderer cards, IOptions<ClinicOptions> clinic)
        : base(DialogId)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        _users = users;
        _files = files;
        _advisor = advisor;
        _recorder = recorder;
        _cards = cards;
        _clinic = clinic.Value;
        AddDialog(new WaterfallDialog(Steps, [AskNextAsync, AnsweredAsync]));
        AddDialog(new CurrentInformationDialog());
        AddDialog(new TextPrompt(NotePrompt, (p, _) => Task.FromResult(p.Recognized.Value is { } text && text.Trim().Length is > 0 and <= MaxNoteLength)));
        AddDialog(new ConfirmPrompt(ConfirmPromptId));
        AddDialog(new ChoicePrompt(ChoicePromptId));
        AddDialog(new MultiChoicePrompt(ConcernsPrompt));
        InitialDialogId = Steps;
    }

    /// <summary>
    /// A stack this version does not know (written before the typed draft, or by a later rename) is carried over into a
    /// draft and the open question asked again; one that cannot be read ends with a clear word instead of failing every turn.
    /// </summary>
    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var state = dc.ActiveDialog!.State;
        if (LegacyScreeningState.StoredDialogIds(state).All(id => Dialogs.Find(id) is not null))
        {
            return await base.ContinueDialogAsync(dc, cancellationToken).ConfigureAwait(false);
        }

        if (LegacyScreeningState.Migrate(state) is not { } draft)
        {
            await dc.Context.SendActivityAsync(LostTrack, cancellationToken).ConfigureAwait(false);
            return await dc.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        await dc.Context.SendActivityAsync(PickedUpAgain, cancellationToken).ConfigureAwait(false);
        return await BeginDialogAsync(dc, draft, cancellationToken).ConfigureAwait(false);
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        (innerDc.FindActivePromptOptions()?.Help ?? "I'm screening a client with you.")
        + " Nothing is saved until you confirm the summary at the end; say **cancel** to stop without saving.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult($"I've stopped the screening. {NothingSaved} {StartAgain}");

    private async Task<DialogTurnResult> AskNextAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Draft(step) is not { } draft)
        {
            return await LostTrackAsync(step, cancellationToken).ConfigureAwait(false);
        }

        switch (draft.NextStep())
        {
            case ScreeningStep.Client when draft.NewClient:
                if (draft.IntakeSoFar is null)
                {
                    await step.Context.SendActivityAsync("Let's screen a new client. I'll ask for their current information, then what brings them. Nothing is saved until you confirm the summary at the end.", cancellationToken).ConfigureAwait(false);
                }

                return await step.BeginDialogAsync(CurrentInformationDialog.DialogId, draft.IntakeSoFar ?? new CurrentInformationDraft(), cancellationToken).ConfigureAwait(false);
            case ScreeningStep.Client:
                return await step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(draft.ClientQuery, "screen"), cancellationToken).ConfigureAwait(false);
            case ScreeningStep.Concerns:
                return await step.PromptAsync(ConcernsPrompt, PromptOptions.Text(AskConcerns,
                    "Please tick the concerns that apply, type them separated by commas, or say **none**.",
                    "These are the presenting concerns I use to check the fit with you and to recommend assessments.") with
                {
                    Choices = [.. PresentingConcerns.All.Select(c => new Choice(c.Code) { Title = c.Label })],
                }, cancellationToken).ConfigureAwait(false);
            case ScreeningStep.OwnWords:
                return await step.PromptAsync(NotePrompt, PromptOptions.Text(AskOwnWords,
                    $"Please keep it to {MaxNoteLength} characters, or say **skip**.",
                    "Their own description of what brings them, as close to their words as you can. It is kept with the screening."), cancellationToken).ConfigureAwait(false);
            case ScreeningStep.Urgency:
                return await step.PromptAsync(ChoicePromptId, PromptOptions.Text(AskUrgency,
                    "Please pick routine, soon or urgent.",
                    "Routine: the usual wait. Soon: within the next week. Urgent: they need attention today, e.g. because of risk to themselves or others.") with
                {
                    Choices =
                    [
                        new Choice(ScreeningUrgency.Routine) { Title = "Routine" },
                        new Choice(ScreeningUrgency.Soon) { Title = "Soon (within a week)" },
                        new Choice(ScreeningUrgency.Urgent) { Title = "Urgent (today)" },
                    ],
                }, cancellationToken).ConfigureAwait(false);
            case ScreeningStep.PriorTreatment:
                return await step.PromptAsync(ConfirmPromptId, PromptOptions.Text(AskPriorTreatment,
                    "Please answer yes or no.",
                    "Treatment with another service or clinician since their last screening here, e.g. a hospital stay or another therapist."), cancellationToken).ConfigureAwait(false);
            case ScreeningStep.Fit when draft.Check is null:
                return await Loop(step, await CheckFitAsync(step, draft, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            case ScreeningStep.Fit when draft.Check.Verdict == FitVerdict.Confirm:
                return await step.PromptAsync(ConfirmPromptId, PromptOptions.Text(AskTakeClient,
                    "Please answer yes (you'll take them) or no (I'll help you record a referral).",
                    "Yes keeps them as your client. No records a referral: why, and to which service or clinician."), cancellationToken).ConfigureAwait(false);
            case ScreeningStep.Fit:
                return await step.PromptAsync(ChoicePromptId, PromptOptions.Text(AskReferOrKeep,
                    "Please pick refer or keep.",
                    "Refer records the referral (why, and where to) with the screening and marks the client as referred. Keep leaves them with you.") with
                {
                    Choices = [new Choice("refer") { Title = "Refer" }, new Choice("keep") { Title = "Keep as my client" }],
                }, cancellationToken).ConfigureAwait(false);
            case ScreeningStep.ReferralReason:
                await step.Context.SendActivityAsync($"Suggested reason: {draft.Check?.SuggestedReason}", cancellationToken).ConfigureAwait(false);
                return await step.PromptAsync(NotePrompt, PromptOptions.Text(AskReferralReason,
                    $"Please type **ok** to keep the suggested reason, or your own (up to {MaxNoteLength} characters).",
                    "The reason is recorded with the screening, so whoever reads the record later sees why the client was referred."), cancellationToken).ConfigureAwait(false);
            case ScreeningStep.ReferralDestination:
                return await step.PromptAsync(NotePrompt, PromptOptions.Text(AskReferralDestination,
                    $"Please type the service or clinician (up to {MaxNoteLength} characters).",
                    "Free text: a service (e.g. a community eating disorders service) or a named clinician."), cancellationToken).ConfigureAwait(false);
            case ScreeningStep.Save when draft.ScreeningId is null || draft.ScreenedAt is null:
                // Fixed by the turn that shows the summary: every press of its Save writes the same rows.
                return await Loop(step, draft with
                {
                    ScreeningId = $"screening-{step.Context.Activity.Id ?? Guid.NewGuid().ToString("N")}",
                    ScreenedAt = step.DialogContext.TimeProvider.GetUtcNow(),
                }, cancellationToken).ConfigureAwait(false);
            default:
                return await step.PromptAsync(ConfirmPromptId, PromptOptions.Text($"{Summary(draft.ToSave())}\n\n{AskSave}",
                    "Please answer yes to save, or no to stop without saving.",
                    "Yes saves everything above (and creates the client's record if they are new). No stops without saving anything."), cancellationToken).ConfigureAwait(false);
        }
    }

    // The draft does not change between asking and answering, so its next step is the one just answered.
    private async Task<DialogTurnResult> AnsweredAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Draft(step) is not { } draft)
        {
            return await LostTrackAsync(step, cancellationToken).ConfigureAwait(false);
        }

        var answer = step.Result;
        return (draft.NextStep(), answer) switch
        {
            (ScreeningStep.Client, _) => await ClientKnownAsync(step, draft, cancellationToken).ConfigureAwait(false),
            (ScreeningStep.Concerns, IReadOnlyList<FoundChoice> concerns) => await ConcernsGivenAsync(step, draft, [.. concerns.Select(c => c.Value)], cancellationToken).ConfigureAwait(false),
            (ScreeningStep.OwnWords, _) => await Loop(step, draft with { OwnWords = new(CurrentInformationDialog.Optional(answer)) }, cancellationToken).ConfigureAwait(false),
            (ScreeningStep.Urgency, FoundChoice urgency) => await UrgencyGivenAsync(step, draft, urgency.Value, cancellationToken).ConfigureAwait(false),
            (ScreeningStep.PriorTreatment, bool treated) => await Loop(step, draft with { PriorTreatment = treated }, cancellationToken).ConfigureAwait(false),
            (ScreeningStep.Fit, _) => await Loop(step, draft with { Fit = draft.Check!.Decided(keeps: answer is true or FoundChoice { Value: "keep" }) }, cancellationToken).ConfigureAwait(false),
            (ScreeningStep.ReferralReason, string reason) => await Loop(step, draft with
            {
                ReferralReason = reason.Trim().TrimEnd('.', '!').Equals("ok", StringComparison.OrdinalIgnoreCase) ? draft.Check?.SuggestedReason ?? reason.Trim() : reason.Trim(),
            }, cancellationToken).ConfigureAwait(false),
            (ScreeningStep.ReferralDestination, string destination) => await Loop(step, draft with { ReferralDestination = destination.Trim() }, cancellationToken).ConfigureAwait(false),
            (ScreeningStep.Save, bool save) => await SaveAsync(step, draft, save, cancellationToken).ConfigureAwait(false),
            _ => await Loop(step, draft, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<DialogTurnResult> ClientKnownAsync(WaterfallStepContext step, ScreeningDraft draft, CancellationToken cancellationToken)
    {
        if (draft.NewClient)
        {
            if (step.Result is not CurrentInformationDetails details)
            {
                await step.Context.SendActivityAsync($"{NothingSaved} {StartAgain}", cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            }

            // A new client's past treatment was just asked with their current information; for them it was all elsewhere.
            return await Loop(step, draft with
            {
                IntakeSoFar = null,
                Details = details,
                ClientId = NewClientId(),
                DisplayName = details.Name.Display,
                PriorTreatment = details.TreatedBefore,
            }, cancellationToken).ConfigureAwait(false);
        }

        if (step.Result is not string clientId)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var caller = await CallerAsync(step, cancellationToken).ConfigureAwait(false);
        // An outage here reaches the one answer at the top of the turn: nothing was asked yet, so nothing is lost.
        var decision = await _files.OpenClinicalViewAsync(caller, clientId, "enrolment", cancellationToken).ConfigureAwait(false);

        if (!decision.Allowed)
        {
            await step.Context.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var name = decision.File.Enrolment.DisplayName;
        await step.Context.SendActivityAsync($"Screening **{name}** again. Nothing is saved until you confirm the summary at the end.", cancellationToken).ConfigureAwait(false);
        return await Loop(step, draft with { ClientId = clientId, DisplayName = name }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ConcernsGivenAsync(WaterfallStepContext step, ScreeningDraft draft, List<string> concerns, CancellationToken cancellationToken)
    {
        if (concerns.Contains(PresentingConcerns.SelfHarmThoughts.Code))
        {
            // Reported suicidal thoughts do not wait for the end of screening (DESIGN.md, privacy and safety rules).
            await step.Context.SendActivityAsync(
                "**They report thoughts of self-harm or suicide.** Run the suicide-risk screen today, straight after this screening; "
                + $"if there is any immediate danger, stop and handle it now (crisis line: {_clinic.CrisisLine}). Your answers here are kept.",
                cancellationToken).ConfigureAwait(false);
        }

        return await Loop(step, draft with { Concerns = concerns }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> UrgencyGivenAsync(WaterfallStepContext step, ScreeningDraft draft, string urgency, CancellationToken cancellationToken)
    {
        if (urgency == ScreeningUrgency.Urgent)
        {
            await step.Context.SendActivityAsync(
                "**Urgent.** If the client may be at risk of harming themselves or someone else, handle that now, before finishing this screening: "
                + $"ask about it directly, follow the clinic's safety steps, and give them the crisis line ({_clinic.CrisisLine}). "
                + "In immediate danger, call emergency services. Your answers here are kept; come back and continue afterwards.",
                cancellationToken).ConfigureAwait(false);
        }

        return await Loop(step, draft with { Urgency = urgency }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The fit with this clinician (<see cref="ScreeningAdvisor.AssessFit"/>): decided at once when it fits, else kept for the clinician to decide.</summary>
    private async Task<ScreeningDraft> CheckFitAsync(WaterfallStepContext step, ScreeningDraft draft, CancellationToken cancellationToken)
    {
        var concerns = Concerns(draft.Concerns ?? []);
        var staff = (await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false))?.Staff;
        var treated = Known(staff?.TreatedAreas);
        var notTreated = Known(staff?.NotTreatedAreas);
        var noSetup = treated.Count == 0 && notTreated.Count == 0;
        var fit = ScreeningAdvisor.AssessFit(concerns, ClinicianScope.FromCodes(treated, notTreated));
        var verdict = fit.Verdict;
        if (noSetup && concerns.Count > 0)
        {
            await step.Context.SendActivityAsync("You haven't told me which areas you treat yet (say **setup** after this screening), so I can't check the fit for you.", cancellationToken).ConfigureAwait(false);
            verdict = FitVerdict.Confirm;
        }

        switch (verdict)
        {
            case FitVerdict.Fits:
                var note = concerns.Count == 0 ? "No presenting concerns were recorded." : $"{AreSubject(concerns)} among the areas you treat.";
                return draft with { Fit = new FitOutcome(true, note, Referring: false) };
            case FitVerdict.Confirm:
                var unlisted = noSetup ? concerns : [.. fit.Unlisted];
                if (!noSetup)
                {
                    await step.Context.SendActivityAsync($"{AreSubject(unlisted)} not on your list of areas you treat or don't treat.", cancellationToken).ConfigureAwait(false);
                }

                return draft with { Check = new FitCheck(FitVerdict.Confirm, $"{AreSubject(unlisted)} not among the areas this clinician treats.", Labels(unlisted)) };
            default:
                var suggestion = fit.Referral!;
                await step.Context.SendActivityAsync($"**Referral suggested.** {suggestion.Reason}", cancellationToken).ConfigureAwait(false);
                return draft with { Check = new FitCheck(FitVerdict.Refer, suggestion.Reason, Labels(fit.NotTreated)) };
        }
    }

    private async Task<DialogTurnResult> SaveAsync(WaterfallStepContext step, ScreeningDraft draft, bool save, CancellationToken cancellationToken)
    {
        if (!save)
        {
            await step.Context.SendActivityAsync($"{NothingSaved} {StartAgain}", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var toSave = draft.ToSave();
        var caller = await CallerAsync(step, cancellationToken).ConfigureAwait(false);
        var recommendation = _advisor.Recommend(Concerns(toSave.Concerns));
        ScreeningSaveResult result;
        try
        {
            result = await _recorder.SaveAsync(caller, toSave, [.. recommendation.Assessments.Select(a => a.InstrumentId)], cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            // The draft, with its ids, is kept for the retry: this is the one outage the dialog answers itself.
            await step.Context.SendActivityAsync(RecordsUnavailable, cancellationToken).ConfigureAwait(false);
            return await Loop(step, draft, cancellationToken).ConfigureAwait(false);
        }

        if (!result.Saved)
        {
            await step.Context.SendActivityAsync(result.RefusalMessage!, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        await step.Context.SendActivityAsync(Saved(toSave, recommendation, result.AlreadySaved), cancellationToken).ConfigureAwait(false);
        var offset = step.Context.Clock().Now.Offset;
        await step.Context.SendActivityAsync(_cards.Message(ScreeningSummaryCard.Template, ScreeningSummaryCard.ViewModel(toSave, recommendation, offset), "Screening summary"), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(toSave.ClientId, cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> Loop(WaterfallStepContext step, ScreeningDraft draft, CancellationToken cancellationToken) =>
        step.ReplaceDialogAsync(Steps, draft, cancellationToken);

    // A draft that does not read back must not fail every later turn of the conversation.
    private static ScreeningDraft? Draft(WaterfallStepContext step)
    {
        try
        {
            return step.GetOptions<ScreeningDraft>() is { } draft && (draft.Urgency is null || ScreeningUrgency.IsKnown(draft.Urgency)) ? draft : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<DialogTurnResult> LostTrackAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        await step.Context.SendActivityAsync(LostTrack, cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Caller> CallerAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        (await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false))?.Caller
        ?? throw new InvalidOperationException("A screening turn without a sender; the handler refuses those before any dialog runs.");

    // Random, never derived from the name: the id appears in card data and audit rows, which must not identify anyone.
    private static string NewClientId() => "client-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz234567", 10);
}
