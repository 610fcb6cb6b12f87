using System.Security.Cryptography;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Screening;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>
/// Screening: for a new client their current information first, then for every screening the presenting concerns,
/// urgency and prior treatment, the fit with this clinician (offering a referral when they do not treat a concern),
/// and a summary to save. Nothing is written until the clinician confirms the summary; until then the answers live in
/// the dialog's state, so cancelling leaves no trace and a restart of the bot resumes where it stopped.
/// </summary>
public sealed class ScreeningDialog : InterruptibleDialog
{
    public const string DialogId = "screening";

    public const string AskGivenName = "Let's start with the client's name. What is their **given (first) name**?";
    public const string AskFamilyName = "And their **family name**?";
    public const string AskPreferredName = "Do they go by another name? Type it, or **skip**.";
    public const string AskPronouns = "Their pronouns (e.g. she/her, they/them)? Type them, or **skip**.";
    public const string AskContact = "How can the clinic reach them? Type a **phone number and/or an email address**.";
    public const string AskEmergencyContact = "One **emergency contact**: type their name, relationship and phone, separated by commas (e.g. 'Jordan Example, partner, 555 0100 123'). Or **skip**.";
    public const string AskCommunityCare = "Anyone else involved in their care? Type 'role: name' for each (roles: psychiatrist, GP, case manager, program), separated by semicolons, or **skip**.";
    public const string AskTreatedBefore = "Have they had mental-health treatment before?";
    public const string AskTreatmentNote = "In a few words, what treatment, when and how it went?";
    public const string AskPastDiagnoses = "Any past diagnoses you know of? Type them (separate several with semicolons), or **skip**.";
    public const string AskConcerns = "What brings them? Tick every presenting concern that applies (or type them, separated by commas).";
    public const string AskOwnWords = "In their own words, what brings them now? Type a sentence or two, or **skip**.";
    public const string AskUrgency = "How soon do they need to be seen?";
    public const string AskPriorTreatment = "Have they had treatment elsewhere since you last saw them?";
    public const string AskTakeClient = "Will you take this client on?";
    public const string AskReferOrKeep = "Do you want to refer them, or keep them as your client?";
    public const string AskReferralReason = "Why are you referring them? Type **ok** to record the suggested reason above, or type your own.";
    public const string AskReferralDestination = "Where to? Type the service or clinician you are referring them to.";
    public const string AskSave = "Save this screening?";
    public const string EmergencyContactMissing = "No emergency contact for now: their plan will flag it as missing until one is added.";
    public const string NothingSaved = "Nothing was saved: no client record was created and no screening was added to any record.";
    public const string RecordsUnavailable = "I couldn't reach the clinic's records just now, so nothing was saved. Your answers are kept: say **yes** to try saving again, or **cancel** to stop.";

    private const string Steps = "screening.steps";
    private const string CurrentInformationSteps = "screening.current-information";
    private const string ReferralSteps = "screening.referral";
    private const string SaveSteps = "screening.save";
    private const string NamePrompt = "screening.name";
    private const string ContactPrompt = "screening.contact";
    private const string EmergencyPrompt = "screening.emergency";
    private const string CarePrompt = "screening.care";
    private const string NotePrompt = "screening.note";
    private const string ConfirmPromptId = "screening.confirm";
    private const string ChoicePromptId = "screening.choice";
    private const string ConcernsPrompt = "screening.concerns";
    private const int MaxNameLength = 60;
    private const int MaxNoteLength = 1000;

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
        AddDialog(new WaterfallDialog(Steps, [BeginAsync, ClientKnownAsync, ConcernsGivenAsync, OwnWordsGivenAsync, UrgencyGivenAsync, PriorTreatmentGivenAsync, FitDecidedAsync, ReadyToSaveAsync]));
        AddDialog(new WaterfallDialog(CurrentInformationSteps,
        [
            AskGivenNameAsync, AskFamilyNameAsync, AskPreferredNameAsync, AskPronounsAsync, AskContactAsync, AskEmergencyContactAsync,
            AskCommunityCareAsync, AskTreatedBeforeAsync, AskTreatmentNoteAsync, AskPastDiagnosesAsync, CurrentInformationDoneAsync,
        ]));
        AddDialog(new WaterfallDialog(ReferralSteps, [AskReferralReasonAsync, AskReferralDestinationAsync, ReferralDoneAsync]));
        AddDialog(new WaterfallDialog(SaveSteps, [AskSaveAsync, SaveAsync]));
        AddDialog(new TextPrompt(NamePrompt, ValidateName));
        AddDialog(new TextPrompt(ContactPrompt, ValidateContact));
        AddDialog(new TextPrompt(EmergencyPrompt, ValidateEmergencyContact));
        AddDialog(new TextPrompt(CarePrompt, ValidateCommunityCare));
        AddDialog(new TextPrompt(NotePrompt, ValidateNote));
        AddDialog(new ConfirmPrompt(ConfirmPromptId));
        AddDialog(new ChoicePrompt(ChoicePromptId));
        AddDialog(new MultiChoicePrompt(ConcernsPrompt));
        InitialDialogId = Steps;
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        (innerDc.FindActivePromptOptions()?.Help ?? "I'm screening a client with you.")
        + " Nothing is saved until you confirm the summary at the end; say **cancel** to stop without saving.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult($"I've stopped the screening. {NothingSaved} Say **new client** or **screen [name]** to start again.");

    // ----- Main flow -----
    private async Task<DialogTurnResult> BeginAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var start = step.GetOptions<ScreeningStart>() ?? new ScreeningStart(true, null);
        step.Values.Set("newClient", start.NewClient);
        if (start.NewClient)
        {
            await SayAsync(step, "Let's screen a new client. I'll ask for their current information, then what brings them. Nothing is saved until you confirm the summary at the end.", cancellationToken).ConfigureAwait(false);
            return await step.BeginDialogAsync(CurrentInformationSteps, null, cancellationToken).ConfigureAwait(false);
        }

        return await step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(start.ClientQuery, "screen"), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ClientKnownAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Values.Get<bool>("newClient"))
        {
            var details = (CurrentInformation)step.Result!;
            step.Values.Set("details", details);
            step.Values.Set("clientId", NewClientId());
            step.Values.Set("displayName", details.Name.Display);
        }
        else
        {
            if (step.Result is not string clientId)
            {
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            }

            var caller = await CallerAsync(step, cancellationToken).ConfigureAwait(false);
            Opened<ClinicalView> decision;
            try
            {
                decision = await _files.OpenClinicalViewAsync(caller, clientId, "enrolment", cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
            {
                await SayAsync(step, "I couldn't reach the clinic's records just now, so I can't start this screening. Nothing was changed; please try again in a moment.", cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            }

            if (!decision.Allowed)
            {
                await SayAsync(step, AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            }

            step.Values.Set("clientId", clientId);
            step.Values.Set("displayName", decision.File.Enrolment.DisplayName);
            await SayAsync(step, $"Screening **{decision.File.Enrolment.DisplayName}** again. Nothing is saved until you confirm the summary at the end.", cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync(ConcernsPrompt, PromptOptions.Text(AskConcerns,
            "Please tick the concerns that apply, type them separated by commas, or say **none**.",
            "These are the presenting concerns I use to check the fit with you and to recommend assessments.") with
        {
            Choices = [.. PresentingConcerns.All.Select(c => new Choice(c.Code) { Title = c.Label })],
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ConcernsGivenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var concerns = ((IReadOnlyList<FoundChoice>)step.Result!).Select(c => c.Value).ToList();
        step.Values.Set("concerns", concerns);
        if (concerns.Contains(PresentingConcerns.SelfHarmThoughts.Code))
        {
            // Reported suicidal thoughts do not wait for the end of screening (DESIGN.md, privacy and safety rules).
            await SayAsync(step,
                "**They report thoughts of self-harm or suicide.** Run the suicide-risk screen today, straight after this screening; "
                + $"if there is any immediate danger, stop and handle it now (crisis line: {_clinic.CrisisLine}). Your answers here are kept.",
                cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync(NotePrompt, PromptOptions.Text(AskOwnWords,
            $"Please keep it to {MaxNoteLength} characters, or say **skip**.",
            "Their own description of what brings them, as close to their words as you can. It is kept with the screening."), cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> OwnWordsGivenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Optional(step.Result) is { } ownWords)
        {
            step.Values.Set("ownWords", ownWords);
        }

        return step.PromptAsync(ChoicePromptId, PromptOptions.Text(AskUrgency,
            "Please pick routine, soon or urgent.",
            "Routine: the usual wait. Soon: within the next week. Urgent: they need attention today, e.g. because of risk to themselves or others.") with
        {
            Choices =
            [
                new Choice(ScreeningUrgency.Routine) { Title = "Routine" },
                new Choice(ScreeningUrgency.Soon) { Title = "Soon (within a week)" },
                new Choice(ScreeningUrgency.Urgent) { Title = "Urgent (today)" },
            ],
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> UrgencyGivenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var urgency = ((FoundChoice)step.Result!).Value;
        step.Values.Set("urgency", urgency);
        if (urgency == ScreeningUrgency.Urgent)
        {
            await SayAsync(step,
                "**Urgent.** If the client may be at risk of harming themselves or someone else, handle that now, before finishing this screening: "
                + $"ask about it directly, follow the clinic's safety steps, and give them the crisis line ({_clinic.CrisisLine}). "
                + "In immediate danger, call emergency services. Your answers here are kept; come back and continue afterwards.",
                cancellationToken).ConfigureAwait(false);
        }

        // A new client's past treatment was just asked with their current information; for them it was all elsewhere.
        if (step.Values.Get<bool>("newClient"))
        {
            return await step.NextAsync(step.Values.Get<CurrentInformation>("details").TreatedBefore, cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync(ConfirmPromptId, PromptOptions.Text(AskPriorTreatment,
            "Please answer yes or no.",
            "Treatment with another service or clinician since their last screening here, e.g. a hospital stay or another therapist."), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> PriorTreatmentGivenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values.Set("priorTreatment", (bool)step.Result!);
        var concerns = Concerns(step.Values.Get<List<string>>("concerns"));
        var user = await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false);
        var staff = user?.Staff;
        var treated = Known(staff?.TreatedAreas);
        var notTreated = Known(staff?.NotTreatedAreas);
        var fit = ScreeningAdvisor.AssessFit(concerns, ClinicianScope.FromCodes(treated, notTreated));
        var verdict = fit.Verdict;
        if (treated.Count == 0 && notTreated.Count == 0 && concerns.Count > 0)
        {
            await SayAsync(step, "You haven't told me which areas you treat yet (say **setup** after this screening), so I can't check the fit for you.", cancellationToken).ConfigureAwait(false);
            verdict = FitVerdict.Confirm;
        }

        step.Values.Set("verdict", verdict);
        switch (verdict)
        {
            case FitVerdict.Fits:
                step.Values.Set("fitsClinician", true);
                step.Values.Set("fitNote", concerns.Count == 0
                    ? "No presenting concerns were recorded."
                    : $"{Capitalised(Labels(concerns))} {(concerns.Count == 1 ? "is" : "are")} among the areas you treat.");
                return await step.NextAsync(null, cancellationToken).ConfigureAwait(false);

            case FitVerdict.Confirm:
                var unlisted = treated.Count == 0 && notTreated.Count == 0 ? concerns : fit.Unlisted;
                step.Values.Set("suggestedReason", $"{Capitalised(Labels(unlisted))} {(unlisted.Count == 1 ? "is" : "are")} not among the areas this clinician treats.");
                step.Values.Set("unlisted", Labels(unlisted));
                if (treated.Count > 0 || notTreated.Count > 0)
                {
                    await SayAsync(step, $"{Capitalised(Labels(unlisted))} {(unlisted.Count == 1 ? "is" : "are")} not on your list of areas you treat or don't treat.", cancellationToken).ConfigureAwait(false);
                }

                return await step.PromptAsync(ConfirmPromptId, PromptOptions.Text(AskTakeClient,
                    "Please answer yes (you'll take them) or no (I'll help you record a referral).",
                    "Yes keeps them as your client. No records a referral: why, and to which service or clinician."), cancellationToken).ConfigureAwait(false);

            default:
                var suggestion = fit.Referral!;
                step.Values.Set("suggestedReason", suggestion.Reason);
                step.Values.Set("notTreated", Labels(fit.NotTreated));
                await SayAsync(step, $"**Referral suggested.** {suggestion.Reason}", cancellationToken).ConfigureAwait(false);
                return await step.PromptAsync(ChoicePromptId, PromptOptions.Text(AskReferOrKeep,
                    "Please pick refer or keep.",
                    "Refer records the referral (why, and where to) with the screening and marks the client as referred. Keep leaves them with you.") with
                {
                    Choices =
                    [
                        new Choice("refer") { Title = "Refer" },
                        new Choice("keep") { Title = "Keep as my client" },
                    ],
                }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<DialogTurnResult> FitDecidedAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        switch (step.Values.Get<FitVerdict>("verdict"))
        {
            case FitVerdict.Confirm when (bool)step.Result!:
                step.Values.Set("fitsClinician", true);
                step.Values.Set("fitNote", $"You confirmed you'll take this client on ({step.Values.Get<string>("unlisted")} not on your list).");
                return await step.NextAsync(null, cancellationToken).ConfigureAwait(false);

            case FitVerdict.Refer when ((FoundChoice)step.Result!).Value == "keep":
                step.Values.Set("fitsClinician", false);
                step.Values.Set("fitNote", $"You don't list {step.Values.Get<string>("notTreated")} among the areas you treat, and chose to keep this client.");
                return await step.NextAsync(null, cancellationToken).ConfigureAwait(false);

            case FitVerdict.Confirm or FitVerdict.Refer:
                step.Values.Set("fitsClinician", false);
                step.Values.Set("fitNote", "Referred on.");
                return await step.BeginDialogAsync(ReferralSteps, step.Values.Get<string>("suggestedReason"), cancellationToken).ConfigureAwait(false);

            default:
                return await step.NextAsync(null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DialogTurnResult> ReadyToSaveAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var isNew = step.Values.Get<bool>("newClient");
        var draft = new ScreeningDraft(
            step.Values.Get<string>("clientId"),
            step.Values.Get<string>("displayName"),
            isNew ? step.Values.Get<CurrentInformation>("details") : null,
            $"screening-{step.Context.Activity.Id ?? Guid.NewGuid().ToString("N")}",
            step.Values.Get<List<string>>("concerns"),
            step.Values.TryGet<string>("ownWords", out var ownWords) ? ownWords : null,
            step.Values.Get<string>("urgency"),
            step.Values.Get<bool>("priorTreatment"),
            step.Values.Get<bool>("fitsClinician"),
            step.Values.Get<string>("fitNote"),
            step.Result as Referral,
            step.DialogContext.TimeProvider.GetUtcNow());
        return await step.BeginDialogAsync(SaveSteps, draft, cancellationToken).ConfigureAwait(false);
    }

    // ----- A new client's current information -----
    private static Task<DialogTurnResult> AskGivenNameAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.PromptAsync(NamePrompt, PromptOptions.Text(AskGivenName,
            $"Please type their given name, up to {MaxNameLength} characters.",
            "The client's legal or usual given name, as it should appear on their plan."), cancellationToken);

    private static Task<DialogTurnResult> AskFamilyNameAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values.Set("given", ((string)step.Result!).Trim());
        return step.PromptAsync(NamePrompt, PromptOptions.Text(AskFamilyName,
            $"Please type their family name, up to {MaxNameLength} characters.",
            "The client's family name (surname), as it should appear on their plan."), cancellationToken);
    }

    private static Task<DialogTurnResult> AskPreferredNameAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values.Set("family", ((string)step.Result!).Trim());
        return step.PromptAsync(NamePrompt, PromptOptions.Text(AskPreferredName,
            $"Please type the name they go by (up to {MaxNameLength} characters), or **skip**.",
            "The name they like to be called. I use it whenever I name them to you."), cancellationToken);
    }

    private static Task<DialogTurnResult> AskPronounsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Optional(step.Result) is { } preferred)
        {
            step.Values.Set("preferred", preferred);
        }

        return step.PromptAsync(NamePrompt, PromptOptions.Text(AskPronouns,
            $"Please type their pronouns (up to {MaxNameLength} characters), or **skip**.",
            "Optional. Pronouns as the client gave them, so everyone in their care uses them."), cancellationToken);
    }

    private static Task<DialogTurnResult> AskContactAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Optional(step.Result) is { } pronouns)
        {
            step.Values.Set("pronouns", pronouns);
        }

        return step.PromptAsync(ContactPrompt, PromptOptions.Text(AskContact,
            "I need at least one way to reach them: a phone number (7 to 15 digits) and/or an email address like name@example.org.",
            "At least one of a phone number or an email address, e.g. '555 0100 987, sam@example.org'."), cancellationToken);
    }

    private static Task<DialogTurnResult> AskEmergencyContactAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values.Set("contact", CurrentInformationParser.ParseContact((string)step.Result!)!);
        return step.PromptAsync(EmergencyPrompt, PromptOptions.Text(AskEmergencyContact,
            "Please type name, relationship and phone separated by commas (e.g. 'Jordan Example, partner, 555 0100 123'), or **skip**.",
            "Someone the clinic may call in an emergency. If you skip it now, their plan will flag it as missing."), cancellationToken);
    }

    private static async Task<DialogTurnResult> AskCommunityCareAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var answer = (string)step.Result!;
        if (CurrentInformationParser.IsSkip(answer))
        {
            await SayAsync(step, EmergencyContactMissing, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            step.Values.Set("emergency", CurrentInformationParser.ParseEmergencyContact(answer)!);
        }

        return await step.PromptAsync(CarePrompt, PromptOptions.Text(AskCommunityCare,
            $"Please type 'role: name' for each (psychiatrist, GP, case manager or program; up to {CurrentInformationParser.MaxCommunityCareProviders}), separated by semicolons, e.g. 'psychiatrist: Dr Lee; program: Day program', or **skip**.",
            "Other people and services involved in their care, so the plan can be coordinated with them."), cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> AskTreatedBeforeAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var answer = (string)step.Result!;
        IReadOnlyList<CommunityCareProvider> care = CurrentInformationParser.IsSkip(answer) ? [] : CurrentInformationParser.ParseCommunityCare(answer)!;
        step.Values.Set("care", care);
        return step.PromptAsync(ConfirmPromptId, PromptOptions.Text(AskTreatedBefore,
            "Please answer yes or no.",
            "Any earlier counselling, therapy, medication for mental health or hospital stay."), cancellationToken);
    }

    private static Task<DialogTurnResult> AskTreatmentNoteAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var treatedBefore = (bool)step.Result!;
        step.Values.Set("treatedBefore", treatedBefore);
        return treatedBefore
            ? step.PromptAsync(NotePrompt, PromptOptions.Text(AskTreatmentNote,
                $"Please keep it to {MaxNoteLength} characters, or say **skip**.",
                "A short note for their record, e.g. 'CBT for anxiety in 2023, 8 sessions, helped'."), cancellationToken)
            : step.NextAsync(null, cancellationToken);
    }

    private static Task<DialogTurnResult> AskPastDiagnosesAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Optional(step.Result) is { } note)
        {
            step.Values.Set("treatmentNote", note);
        }

        return step.PromptAsync(NotePrompt, PromptOptions.Text(AskPastDiagnoses,
            $"Please keep it to {MaxNoteLength} characters, or say **skip**.",
            "Diagnoses they have been given before, as they or earlier records describe them."), cancellationToken);
    }

    private static Task<DialogTurnResult> CurrentInformationDoneAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var diagnoses = Optional(step.Result) is { } text
            ? text.Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        var values = step.Values;
        var details = new CurrentInformation(
            new PersonName(values.Get<string>("given"), values.Get<string>("family"), values.TryGet<string>("preferred", out var preferred) ? preferred : null),
            values.TryGet<string>("pronouns", out var pronouns) ? pronouns : null,
            values.Get<ContactDetails>("contact"),
            values.TryGet<EmergencyContact>("emergency", out var emergency) ? emergency : null,
            values.Get<List<CommunityCareProvider>>("care"),
            values.Get<bool>("treatedBefore"),
            values.TryGet<string>("treatmentNote", out var note) ? note : null,
            diagnoses);
        return step.EndDialogAsync(details, cancellationToken);
    }

    // ----- Referral -----
    private static async Task<DialogTurnResult> AskReferralReasonAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var suggested = step.GetOptions<string>()!;
        step.Values.Set("suggested", suggested);
        await SayAsync(step, $"Suggested reason: {suggested}", cancellationToken).ConfigureAwait(false);
        return await step.PromptAsync(NotePrompt, PromptOptions.Text(AskReferralReason,
            $"Please type **ok** to keep the suggested reason, or your own (up to {MaxNoteLength} characters).",
            "The reason is recorded with the screening, so whoever reads the record later sees why the client was referred."), cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> AskReferralDestinationAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var answer = ((string)step.Result!).Trim();
        step.Values.Set("reason", answer.TrimEnd('.', '!').Equals("ok", StringComparison.OrdinalIgnoreCase) ? step.Values.Get<string>("suggested") : answer);
        return step.PromptAsync(NotePrompt, PromptOptions.Text(AskReferralDestination,
            $"Please type the service or clinician (up to {MaxNoteLength} characters).",
            "Free text: a service (e.g. a community eating disorders service) or a named clinician."), cancellationToken);
    }

    private static Task<DialogTurnResult> ReferralDoneAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.EndDialogAsync(new Referral(step.Values.Get<string>("reason"), ((string)step.Result!).Trim()), cancellationToken);

    // ----- Summary and save -----
    private static Task<DialogTurnResult> AskSaveAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.GetOptions<ScreeningDraft>()!;
        return step.PromptAsync(ConfirmPromptId, PromptOptions.Text($"{Summary(draft)}\n\n{AskSave}",
            "Please answer yes to save, or no to stop without saving.",
            "Yes saves everything above (and creates the client's record if they are new). No stops without saving anything."), cancellationToken);
    }

    private async Task<DialogTurnResult> SaveAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.GetOptions<ScreeningDraft>()!;
        if (!(bool)step.Result!)
        {
            await SayAsync(step, $"{NothingSaved} Say **new client** or **screen [name]** to start again.", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var caller = await CallerAsync(step, cancellationToken).ConfigureAwait(false);
        var recommendation = _advisor.Recommend(Concerns(draft.Concerns));
        ScreeningSaveResult result;
        try
        {
            result = await _recorder.SaveAsync(caller, draft, [.. recommendation.Assessments.Select(a => a.InstrumentId)], cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            await SayAsync(step, RecordsUnavailable, cancellationToken).ConfigureAwait(false);
            return await step.ReplaceDialogAsync(SaveSteps, draft, cancellationToken).ConfigureAwait(false);
        }

        if (!result.Saved)
        {
            await SayAsync(step, result.RefusalMessage!, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        await SayAsync(step, Saved(draft, recommendation, result.AlreadySaved), cancellationToken).ConfigureAwait(false);
        var offset = step.Context.Clock().Now.Offset;
        await step.Context.SendActivityAsync(_cards.Message(ScreeningSummaryCard.Template, ScreeningSummaryCard.ViewModel(draft, recommendation, offset), "Screening summary"), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(draft.ClientId, cancellationToken).ConfigureAwait(false);
    }

    private static string Summary(ScreeningDraft draft)
    {
        var lines = new List<string> { $"**Screening summary for {draft.DisplayName}**" };
        if (draft.NewClient is { } details)
        {
            var contact = string.Join(", ", new[] { details.Contact.Phone, details.Contact.Email }.OfType<string>());
            lines.Add($"Contact: {contact}");
            lines.Add(details.EmergencyContact is { } e ? $"Emergency contact: {e.Name} ({e.Relationship}), {e.Phone}" : "Emergency contact: missing (the plan will flag it)");
            if (details.CommunityCare.Count > 0)
            {
                lines.Add("Also involved: " + string.Join("; ", details.CommunityCare.Select(p => $"{CurrentInformationParser.Describe(p.Role)}: {p.Name}")));
            }

            if (details.PastDiagnoses.Count > 0)
            {
                lines.Add("Past diagnoses: " + string.Join("; ", details.PastDiagnoses));
            }
        }

        lines.Add("Presenting concerns: " + (draft.Concerns.Count == 0 ? "none recorded" : Labels(Concerns(draft.Concerns))));
        lines.Add("Urgency: " + (draft.Urgency == ScreeningUrgency.Urgent ? "Urgent: " : string.Empty) + ScreeningUrgency.Describe(draft.Urgency));
        lines.Add("Prior treatment: " + (draft.PriorTreatment ? draft.NewClient?.PastTreatmentNote ?? "yes" : "none reported"));
        lines.Add(draft.Referral is { } referral ? $"Referral to {referral.Destination}: {referral.Reason}" : $"Fit: {draft.FitNote}");
        return string.Join("\n\n", lines);
    }

    private static string Saved(ScreeningDraft draft, ScreeningRecommendation recommendation, bool alreadySaved)
    {
        var parts = new List<string>
        {
            (draft.NewClient is null, alreadySaved) switch
            {
                (true, false) => $"Screening saved to {draft.DisplayName}'s record.",
                (true, true) => $"This screening was already saved to {draft.DisplayName}'s record; nothing was saved twice.",
                (false, false) => $"Screening saved. {draft.DisplayName} is now on your caseload.",
                (false, true) => $"This screening was already saved; nothing was saved twice. {draft.DisplayName} is now on your caseload.",
            },
        };
        if (draft.NewClient is { EmergencyContact: null })
        {
            parts.Add("Their plan will flag the missing emergency contact.");
        }

        if (draft.Referral is { } referral)
        {
            parts.Add($"The referral to {referral.Destination} is recorded and their status is now Referred.");
        }

        parts.Add("Recommended next: the assessments below, the suicide-risk screen first.");
        parts.AddRange(recommendation.Notes);
        return string.Join(" ", parts);
    }

    // ----- Helpers -----
    private async Task<Caller> CallerAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        (await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false))?.Caller
        ?? throw new InvalidOperationException("A screening turn without a sender; the handler refuses those before any dialog runs.");

    private static Task SayAsync(WaterfallStepContext step, string text, CancellationToken cancellationToken) =>
        step.Context.SendActivityAsync(ActivityExtensions.CreateMessage(text), cancellationToken);

    // Random, never derived from the name: the id appears in card data and audit rows, which must not identify anyone.
    private static string NewClientId() => "client-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz234567", 10);

    private static string? Optional(object? answer) =>
        answer is string text && !CurrentInformationParser.IsSkip(text) && text.Trim().Length > 0 ? text.Trim() : null;

    private static List<PresentingConcern> Concerns(IEnumerable<string> codes) => [.. codes.Select(PresentingConcerns.Find).OfType<PresentingConcern>()];

    // Staff entries may hold codes from before the vocabulary changed; an unknown code must not stop a screening.
    private static List<string> Known(IEnumerable<string>? codes) => [.. (codes ?? []).Where(c => PresentingConcerns.Find(c) is not null)];

    private static string Labels(IReadOnlyList<PresentingConcern> concerns)
    {
        var labels = concerns.Select(c => c.Label.ToLowerInvariant()).ToList();
        return labels.Count switch
        {
            0 => "none",
            1 => labels[0],
            _ => string.Join(", ", labels[..^1]) + " and " + labels[^1],
        };
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static Task<bool> ValidateName(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { } name && name.Trim().Length is > 0 and <= MaxNameLength);

    private static Task<bool> ValidateContact(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { } text && CurrentInformationParser.ParseContact(text) is not null);

    private static Task<bool> ValidateEmergencyContact(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { } text && (CurrentInformationParser.IsSkip(text) || CurrentInformationParser.ParseEmergencyContact(text) is not null));

    private static Task<bool> ValidateCommunityCare(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { } text && (CurrentInformationParser.IsSkip(text) || CurrentInformationParser.ParseCommunityCare(text) is not null));

    private static Task<bool> ValidateNote(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { } text && text.Trim().Length is > 0 and <= MaxNoteLength);
}
