using System.Text.Json;
using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Features.CurrentInformation;

/// <summary>
/// Asks for a client's current information, one question per turn, and ends with <see cref="CurrentInformationDetails"/>
/// (or null when its state could not be read). Begin it with a <see cref="CurrentInformationDraft"/>: an empty one
/// for a new client at screening, one made from a record for "current info" (only the gaps are asked). The draft is
/// the options of the question loop, so it is the one record in state; each answer restarts the loop with the draft
/// updated. It does not handle cancel or help: the dialog that uses it does, in words that fit what it is for.
/// </summary>
public sealed class CurrentInformationDialog : ComponentDialog
{
    public const string DialogId = "current-information";

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
    public const string EmergencyContactMissing = "No emergency contact for now: their plan will flag it as missing until one is added.";
    public const string LostTrack = "I couldn't read the current information gathered so far (the bot was updated meanwhile), so I've stopped here.";

    public const int MaxNameLength = 60;
    public const int MaxNoteLength = 1000;

    private const string Questions = "current-information.questions";
    private const string NamePrompt = "current-information.name";
    private const string ContactPrompt = "current-information.contact";
    private const string EmergencyPrompt = "current-information.emergency";
    private const string CarePrompt = "current-information.care";
    private const string NotePrompt = "current-information.note";
    private const string ConfirmPromptId = "current-information.confirm";

    public CurrentInformationDialog()
        : base(DialogId)
    {
        AddDialog(new WaterfallDialog(Questions, [AskNextAsync, AnsweredAsync]));
        AddDialog(new TextPrompt(NamePrompt, (p, _) => Task.FromResult(p.Recognized.Value is { } name && name.Trim().Length is > 0 and <= MaxNameLength)));
        AddDialog(new TextPrompt(ContactPrompt, (p, _) => Task.FromResult(p.Recognized.Value is { } text && CurrentInformationParser.ParseContact(text) is not null)));
        AddDialog(new TextPrompt(EmergencyPrompt, (p, _) => Task.FromResult(p.Recognized.Value is { } text && (CurrentInformationParser.IsSkip(text) || CurrentInformationParser.ParseEmergencyContact(text) is not null))));
        AddDialog(new TextPrompt(CarePrompt, (p, _) => Task.FromResult(p.Recognized.Value is { } text && (CurrentInformationParser.IsSkip(text) || CurrentInformationParser.ParseCommunityCare(text) is not null))));
        AddDialog(new TextPrompt(NotePrompt, (p, _) => Task.FromResult(p.Recognized.Value is { } text && text.Trim().Length is > 0 and <= MaxNoteLength)));
        AddDialog(new ConfirmPrompt(ConfirmPromptId));
        InitialDialogId = Questions;
    }

    /// <summary>The answer as typed, or null when the clinician skipped it.</summary>
    public static string? Optional(object? answer) =>
        answer is string text && !CurrentInformationParser.IsSkip(text) && text.Trim().Length > 0 ? text.Trim() : null;

    private static Task<DialogTurnResult> AskNextAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Draft(step) is not { } draft)
        {
            return LostTrackAsync(step, cancellationToken);
        }

        return draft.NextQuestion() switch
        {
            null => step.EndDialogAsync(draft.ToDetails(), cancellationToken),
            CurrentInformationQuestion.GivenName => Ask(step, NamePrompt, AskGivenName, $"Please type their given name, up to {MaxNameLength} characters.", "The client's legal or usual given name, as it should appear on their plan.", cancellationToken),
            CurrentInformationQuestion.FamilyName => Ask(step, NamePrompt, AskFamilyName, $"Please type their family name, up to {MaxNameLength} characters.", "The client's family name (surname), as it should appear on their plan.", cancellationToken),
            CurrentInformationQuestion.PreferredName => Ask(step, NamePrompt, AskPreferredName, $"Please type the name they go by (up to {MaxNameLength} characters), or **skip**.", "The name they like to be called. I use it whenever I name them to you.", cancellationToken),
            CurrentInformationQuestion.Pronouns => Ask(step, NamePrompt, AskPronouns, $"Please type their pronouns (up to {MaxNameLength} characters), or **skip**.", "Optional. Pronouns as the client gave them, so everyone in their care uses them.", cancellationToken),
            CurrentInformationQuestion.Contact => Ask(step, ContactPrompt, AskContact, "I need at least one way to reach them: a phone number (7 to 15 digits) and/or an email address like name@example.org.", "At least one of a phone number or an email address, e.g. '555 0100 987, sam@example.org'.", cancellationToken),
            CurrentInformationQuestion.EmergencyContact => Ask(step, EmergencyPrompt, AskEmergencyContact, "Please type name, relationship and phone separated by commas (e.g. 'Jordan Example, partner, 555 0100 123'), or **skip**.", "Someone the clinic may call in an emergency. If you skip it now, their plan will flag it as missing.", cancellationToken),
            CurrentInformationQuestion.CommunityCare => Ask(step, CarePrompt, AskCommunityCare, $"Please type 'role: name' for each (psychiatrist, GP, case manager or program; up to {CurrentInformationParser.MaxCommunityCareProviders}), separated by semicolons, e.g. 'psychiatrist: Dr Lee; program: Day program', or **skip**.", "Other people and services involved in their care, so the plan can be coordinated with them.", cancellationToken),
            CurrentInformationQuestion.TreatedBefore => Ask(step, ConfirmPromptId, AskTreatedBefore, "Please answer yes or no.", "Any earlier counselling, therapy, medication for mental health or hospital stay.", cancellationToken),
            CurrentInformationQuestion.PastTreatmentNote => Ask(step, NotePrompt, AskTreatmentNote, $"Please keep it to {MaxNoteLength} characters, or say **skip**.", "A short note for their record, e.g. 'CBT for anxiety in 2023, 8 sessions, helped'.", cancellationToken),
            _ => Ask(step, NotePrompt, AskPastDiagnoses, $"Please keep it to {MaxNoteLength} characters, or say **skip**.", "Diagnoses they have been given before, as they or earlier records describe them.", cancellationToken),
        };
    }

    // The draft does not change between asking and answering, so its first open question is the one just answered.
    private static async Task<DialogTurnResult> AnsweredAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Draft(step) is not { } draft || draft.NextQuestion() is not { } question)
        {
            return await LostTrackAsync(step, cancellationToken).ConfigureAwait(false);
        }

        var answer = step.Result;
        var text = (answer as string)?.Trim() ?? string.Empty;
        if (question == CurrentInformationQuestion.EmergencyContact && CurrentInformationParser.IsSkip(text))
        {
            await step.Context.SendActivityAsync(EmergencyContactMissing, cancellationToken).ConfigureAwait(false);
        }

        var answered = question switch
        {
            CurrentInformationQuestion.GivenName => draft with { GivenName = text },
            CurrentInformationQuestion.FamilyName => draft with { FamilyName = text },
            CurrentInformationQuestion.PreferredName => draft with { PreferredName = new(Optional(answer)) },
            CurrentInformationQuestion.Pronouns => draft with { Pronouns = new(Optional(answer)) },
            CurrentInformationQuestion.Contact => draft with { Contact = CurrentInformationParser.ParseContact(text) },
            CurrentInformationQuestion.EmergencyContact => draft with { EmergencyContact = new(CurrentInformationParser.IsSkip(text) ? null : CurrentInformationParser.ParseEmergencyContact(text)) },
            CurrentInformationQuestion.CommunityCare => draft with { CommunityCare = CurrentInformationParser.IsSkip(text) ? [] : CurrentInformationParser.ParseCommunityCare(text) },
            CurrentInformationQuestion.TreatedBefore => draft with { TreatedBefore = answer as bool? },
            CurrentInformationQuestion.PastTreatmentNote => draft with { PastTreatmentNote = new(Optional(answer)) },
            _ => draft with { PastDiagnoses = Optional(answer) is { } list ? list.Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [] },
        };
        return await step.ReplaceDialogAsync(Questions, answered, cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> Ask(WaterfallStepContext step, string promptId, string question, string retry, string help, CancellationToken cancellationToken) =>
        step.PromptAsync(promptId, PromptOptions.Text(question, retry, help), cancellationToken);

    // A draft that does not read back (written by a version that stored something else) must not fail every later turn.
    private static CurrentInformationDraft? Draft(WaterfallStepContext step)
    {
        try
        {
            return step.GetOptions<CurrentInformationDraft>() ?? new CurrentInformationDraft();
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
}
