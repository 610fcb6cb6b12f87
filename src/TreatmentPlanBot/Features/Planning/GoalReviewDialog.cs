using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Time;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>How the summary ended: saved, or left unsaved (Cancel, or a refusal the clinician was already told about).</summary>
public sealed record ReviewOutcome(bool Saved, bool Cancelled, string? GoalText = null);

/// <summary>
/// The goal-summary card and what follows it: Save writes the goal to the plan (see <see cref="GoalWriter"/>), Change
/// goes back to one objective's part (or the goal's wording, or adds an objective) and shows the summary again,
/// Cancel discards the draft. The card's buttons are plain Action.Submit answers to this prompt; typing works too.
/// Ends with a <see cref="ReviewOutcome"/>.
/// </summary>
public sealed class GoalReviewDialog : ComponentDialog
{
    public const string DialogId = "planning.review";

    private const string StepsId = "planning.review.steps";
    private const string ChangeId = "planning.review.change";
    private const string ChoiceId = "planning.review.choice";
    private const string GoalTextId = "planning.review.goal-text";

    private readonly CardRenderer _cards;
    private readonly GoalWriter _writer;

    public GoalReviewDialog(CardRenderer cards, GoalWriter writer, ObjectiveDialog objective)
        : base(DialogId)
    {
        _cards = cards;
        _writer = writer;
        AddDialog(new WaterfallDialog(StepsId, [ShowAsync, ActAsync, ShowChangedAsync]));
        AddDialog(new WaterfallDialog(ChangeId, [AskWhatAsync, AskWhichPartAsync, ChangeAsync, ChangedAsync]));
        AddDialog(new ChoicePrompt(ChoiceId));
        AddDialog(new TextPrompt(GoalTextId, GoalText.ValidateAsync));
        AddDialog(objective);
        InitialDialogId = StepsId;
    }

    private async Task<DialogTurnResult> ShowAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.GetOptions<GoalDraft>()!;
        step.Values.Set("draft", draft);
        foreach (var page in GoalSummaryView.Pages(draft, _cards))
        {
            await step.Context.SendActivityAsync(_cards.Message(GoalSummaryView.Template, page, "Check the goal before saving"), cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync(ChoiceId, PromptOptions.Text(
            "Save it, change something, or cancel? Use the card's buttons or type your answer.",
            "Please answer save, change or cancel.",
            "Save adds the goal and its objectives to the plan as shown. Change goes back to one part. Cancel discards this goal; nothing is saved.") with
        {
            // The summary card above carries Save / Change / Cancel: listing them again below it would offer them twice.
            Style = PromptStyle.QuestionOnly,
            Choices = Answers,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static IReadOnlyList<Choice> Answers =>
    [
        new Choice("save") { Title = "Save" },
        new Choice("change") { Title = "Change" },
        new Choice("cancel") { Title = "Cancel", Synonyms = ["discard"] },
    ];

    private async Task<DialogTurnResult> ActAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.Values.Get<GoalDraft>("draft");
        switch (((FoundChoice)step.Result!).Value)
        {
            case "change":
                return await step.BeginDialogAsync(ChangeId, draft, cancellationToken).ConfigureAwait(false);
            case "cancel":
                return await step.EndDialogAsync(new ReviewOutcome(false, true), cancellationToken).ConfigureAwait(false);
        }

        var caller = Caller.From(step.Context.Activity)!;
        var saved = await _writer.SaveAsync(caller, step.Context.Clock(), draft, cancellationToken).ConfigureAwait(false);
        if (saved.Succeeded)
        {
            await step.Context.SendActivityAsync(saved.Status == GoalSaveStatus.AlreadySaved
                ? $"Already saved: this is on the plan once, nothing was added twice. Say **show plan {draft.ClientName}** to see the plan."
                : $"Saved. Say **show plan {draft.ClientName}** to see the plan.", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(new ReviewOutcome(true, false, draft.GoalText), cancellationToken).ConfigureAwait(false);
        }

        await step.Context.SendActivityAsync(saved.Message ?? GoalWriter.UnavailableMessage, cancellationToken).ConfigureAwait(false);
        return saved.Status == GoalSaveStatus.Unavailable
            ? await step.ReplaceDialogAsync(StepsId, draft, cancellationToken).ConfigureAwait(false)
            : await step.EndDialogAsync(new ReviewOutcome(false, false), cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> ShowChangedAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.ReplaceDialogAsync(StepsId, (GoalDraft)step.Result!, cancellationToken);

    // Change -----------------------------------------------------------------------------------------------------------

    private static Task<DialogTurnResult> AskWhatAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.GetOptions<GoalDraft>()!;
        step.Values.Set("draft", draft);
        var choices = new List<Choice>();
        if (draft.ExistingGoalId is null)
        {
            choices.Add(new Choice("goal") { Title = "The goal's wording", Synonyms = ["goal"] });
        }

        choices.AddRange(draft.Objectives.Select((o, i) => new Choice($"objective-{i}") { Title = $"Objective {draft.FirstObjectiveNumber + i}: {Shorten(o.Behaviour)}" }));
        if (draft.Objectives.Count < ObjectiveLoop.MaxObjectivesPerGoal)
        {
            choices.Add(new Choice("add") { Title = "Add another objective", Synonyms = ["add"] });
        }

        return step.PromptAsync(ChoiceId, PromptOptions.Text(
            "What would you like to change?",
            "Please pick what to change from the list.",
            "Pick the goal's wording or an objective; for an objective I then ask which part. Everything else stays as it is.") with
        {
            Choices = choices,
        }, cancellationToken);
    }

    private static Task<DialogTurnResult> AskWhichPartAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.Values.Get<GoalDraft>("draft");
        var what = ((FoundChoice)step.Result!).Value;
        step.Values.Set("what", what);
        if (what == "goal")
        {
            return step.PromptAsync(GoalTextId, PromptOptions.Text(
                $"Type the goal as {draft.ClientName} puts it. (Now: “{draft.GoalText}”)",
                GoalText.RetryPrompt,
                "Goals are kept in the client's own words."), cancellationToken);
        }

        if (what == "add")
        {
            return step.BeginDialogAsync(ObjectiveDialog.DialogId, ObjectiveOptions(draft), cancellationToken);
        }

        return step.PromptAsync(ChoiceId, PromptOptions.Text(
            "Which part?",
            "Please pick a part from the list.",
            "Changing the measure, target or date checks attainability again.") with
        {
            Choices =
            [
                new Choice(nameof(ObjectivePart.Specific)) { Title = "Specific: what will change" },
                new Choice(nameof(ObjectivePart.Measurable)) { Title = "Measurable: measure, baseline and target" },
                new Choice(nameof(ObjectivePart.Attainable)) { Title = "Attainable: confirm again" },
                new Choice(nameof(ObjectivePart.Relevant)) { Title = "Relevant: why it matters" },
                new Choice(nameof(ObjectivePart.TimeBound)) { Title = "Time-bound: the date" },
                new Choice(nameof(ObjectivePart.TasksAndInterventions)) { Title = "Client tasks and interventions" },
            ],
        }, cancellationToken);
    }

    // Follows the question AskWhichPartAsync asked for what was picked: the goal's wording, a new objective, or a part.
    private static Task<DialogTurnResult> ChangeAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.Values.Get<GoalDraft>("draft");
        switch (step.Values.Get<string>("what"))
        {
            case "goal":
                return step.EndDialogAsync(draft with { GoalText = ((string)step.Result!).Trim() }, cancellationToken);
            case "add":
                return step.EndDialogAsync(draft with { Objectives = [.. draft.Objectives, (ObjectiveDraft)step.Result!] }, cancellationToken);
            case { } what when what.StartsWith("objective-", StringComparison.Ordinal):
                var index = int.Parse(what["objective-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                step.Values.Set("index", index);
                return step.BeginDialogAsync(ObjectiveDialog.DialogId, ObjectiveOptions(draft) with
                {
                    Editing = draft.Objectives[index],
                    Part = Enum.Parse<ObjectivePart>(((FoundChoice)step.Result!).Value),
                }, cancellationToken);
            default:
                return step.EndDialogAsync(draft, cancellationToken);
        }
    }

    // Follows the one objective's part dialogs.
    private static Task<DialogTurnResult> ChangedAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.Values.Get<GoalDraft>("draft");
        var index = step.Values.Get<int>("index");
        var objectives = draft.Objectives.ToList();
        objectives[index] = (ObjectiveDraft)step.Result!;
        return step.EndDialogAsync(draft with { Objectives = objectives }, cancellationToken);
    }

    private static ObjectiveDialogOptions ObjectiveOptions(GoalDraft draft) =>
        new(draft.ClientId, draft.ClientName, draft.AreaId, draft.TemplateGoalId);

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}

/// <summary>The rule for a goal's wording, shared by the steps that ask for it.</summary>
internal static class GoalText
{
    public const int MaxLength = 300;

    public const string RetryPrompt = "Please type the goal in the client's words, in up to 300 characters.";

    public static Task<bool> ValidateAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { Length: > 0 and <= MaxLength });
}
