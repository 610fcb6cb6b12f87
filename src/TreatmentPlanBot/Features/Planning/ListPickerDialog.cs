using System.Text.Json;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>An item of a picked list: a client task's description, or an intervention's name and description.</summary>
public sealed record ListItem(string Text, string? Description = null);

/// <summary>Which of an objective's lists is being picked.</summary>
public enum ObjectiveList
{
    ClientTasks,
    Interventions,
}

/// <summary>What the list picker is given: the objective step, and which of its lists to pick.</summary>
public sealed record ListPickOptions(ObjectiveStep Step, ObjectiveList List);

/// <summary>
/// Picks one of an objective's lists, the same way for the client's tasks and the clinician's interventions: tick the
/// template's suggestions that fit and **Add my own** to type others, or (without suggestions) type them. The plan holds
/// a bounded list (<see cref="ObjectiveLimits"/>): too many or too long is asked again, with the limit, never cut.
/// Begun with <see cref="ListPickOptions"/>; ends with the objective draft holding the picked list.
/// </summary>
public sealed class ListPickerDialog : ObjectivePartDialog
{
    public const string DialogId = "planning.objective.list";

    private const string TickId = DialogId + ".tick";
    private const string OwnId = DialogId + ".own";
    private const string OwnChoice = "own";
    private const string PickedKey = "picked";

    private readonly ObjectiveSuggestions _suggestions;

    public ListPickerDialog(ObjectiveSuggestions suggestions)
        : base(DialogId)
    {
        _suggestions = suggestions;
        AddDialog(new MultiChoicePrompt(TickId, ValidateTickedAsync));
        AddDialog(new TextPrompt(OwnId, ValidateOwnAsync));
        Steps(OfferAsync, AskOwnAsync, KeepOwnAsync);
    }

    /// <summary>The words and limits of one list.</summary>
    private sealed record ListWords(string Question, string Noun, string TypedQuestion, string OwnQuestion, string Help, int Max, int LineLength, string ChoicePrefix);

    private static ListWords WordsOf(ObjectiveList list) => list switch
    {
        ObjectiveList.ClientTasks => new(
            "What will the client do between sessions?",
            "tasks",
            "What will the client do between sessions? Type each task on its own line (or separate them with ;), or say **none**.",
            "Type the client's own tasks, each on its own line (or separated by ;).",
            "Client tasks are practised between sessions; they show on the plan and in session preparation.",
            ObjectiveLimits.MaxTasks,
            ObjectiveLimits.Task,
            "task"),
        _ => new(
            "What will you contribute?",
            "interventions",
            "What will you contribute (e.g. graded exposure, behavioural activation)? Type each intervention on its own line (or separate them with ;), or say **none**.",
            "Type your own interventions, each on its own line (or separated by ;).",
            "Clinician interventions are what you bring to the sessions for this objective; they show in session preparation.",
            ObjectiveLimits.MaxInterventions,
            ObjectiveLimits.Intervention,
            "intervention"),
    };

    private static ListPickOptions PickOf(WaterfallStepContext step) =>
        step.GetOptions<ListPickOptions>() ?? throw new InvalidOperationException("The list picker needs its ListPickOptions.");

    private IReadOnlyList<ListItem> SuggestionsOf(ListPickOptions pick) => pick.List == ObjectiveList.ClientTasks
        ? _suggestions.ClientTasks(pick.Step.For)
        : _suggestions.Interventions(pick.Step.For);

    private Task<DialogTurnResult> OfferAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var pick = PickOf(step);
        Keep(step, pick.Step.Draft);
        var suggestions = SuggestionsOf(pick);
        if (suggestions.Count == 0)
        {
            return step.NextAsync(null, cancellationToken);
        }

        var words = WordsOf(pick.List);
        return step.PromptAsync(TickId, PromptOptions.Text(
            $"{words.Question} Tick the {words.Noun} that fit, and **Add my own** to type others.",
            $"Please tick at most {words.Max} from the list, or type their numbers separated by commas.",
            words.Help) with
        {
            Choices = [.. suggestions.Select((s, i) => new Choice($"{words.ChoicePrefix}-{i + 1}") { Title = s.Text }), new Choice(OwnChoice) { Title = "Add my own" }],
            Validations = new ListRoom(words.Max, words.LineLength),
        }, cancellationToken);
    }

    // Follows the ticking question, or nothing when the template has no suggestions (then the list is typed).
    private Task<DialogTurnResult> AskOwnAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var pick = PickOf(step);
        var words = WordsOf(pick.List);
        var suggestions = SuggestionsOf(pick);
        if (step.Result is not IReadOnlyList<FoundChoice> ticked)
        {
            step.Values.Set(PickedKey, new List<ListItem>());
            return AskOwnAsync(step, words.TypedQuestion, new ListRoom(words.Max, words.LineLength), cancellationToken);
        }

        var picked = ticked.Where(c => c.Value != OwnChoice).Select(c => suggestions[c.Index]).ToList();
        step.Values.Set(PickedKey, picked);
        return ticked.Any(c => c.Value == OwnChoice)
            ? AskOwnAsync(step, words.OwnQuestion, new ListRoom(words.Max - picked.Count, words.LineLength), cancellationToken)
            : step.NextAsync(null, cancellationToken);
    }

    // Follows the typed-list question, or nothing when only suggestions were ticked.
    private static Task<DialogTurnResult> KeepOwnAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var items = step.Values.Get<List<ListItem>>(PickedKey);
        if (step.Result is string typed)
        {
            items.AddRange(ObjectiveText.SplitList(typed).Select(text => new ListItem(text)));
        }

        var draft = Draft(step);
        Keep(step, PickOf(step).List == ObjectiveList.ClientTasks
            ? draft with { ClientTasks = [.. items.Select(i => i.Text)] }
            : draft with { Interventions = [.. items.Select(i => new InterventionDraft(i.Text, i.Description))] });
        return step.NextAsync(null, cancellationToken);
    }

    private static Task<DialogTurnResult> AskOwnAsync(WaterfallStepContext step, string question, ListRoom room, CancellationToken cancellationToken) =>
        step.PromptAsync(OwnId, PromptOptions.Text(question,
            room.Lines > 0
                ? $"Please type at most {room.Lines} more, one per line or separated by ;, each up to {room.LineLength} characters, or say none."
                : "The objective already has as many as the plan holds, so please say none (you can change the list when you review the goal).",
            "Short, concrete items read best on the plan, e.g. \"Walk for 10 minutes after lunch\".") with { Validations = room }, cancellationToken);

    private static ListRoom RoomOf(PromptOptions options) => options.Validations switch
    {
        ListRoom room => room,
        JsonElement { ValueKind: JsonValueKind.Object } json => json.Deserialize<ListRoom>(BotJson.Options)!,
        _ => throw new InvalidOperationException("A list prompt needs the room left on its list."),
    };

    private static Task<bool> ValidateOwnAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        var room = RoomOf(prompt.Options);
        var items = prompt.Recognized.Value is { } text ? ObjectiveText.SplitList(text) : [];
        return Task.FromResult(prompt.Recognized.Succeeded && items.Count <= room.Lines && items.All(i => i.Length <= room.LineLength));
    }

    private static Task<bool> ValidateTickedAsync(PromptValidatorContext<IReadOnlyList<FoundChoice>> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && prompt.Recognized.Value!.Count(c => c.Value != OwnChoice) <= RoomOf(prompt.Options).Lines);
}
