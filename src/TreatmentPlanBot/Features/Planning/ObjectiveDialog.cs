using System.Globalization;
using System.Text.Json;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;
using TreatmentPlanning.Templates;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// What the objective steps work on: the client, the template area and goal whose suggestions are offered, and, when
/// going back from the summary, the draft and the one part to change.
/// </summary>
public sealed record ObjectiveDialogOptions(
    string ClientId,
    string ClientName,
    string? AreaId,
    string? TemplateGoalId,
    ObjectiveDraft? Editing = null,
    ObjectivePart? Part = null);

/// <summary>
/// The SMART steps for one objective: Specific, Measurable (type, measure, baseline, target), Time-bound, Attainable
/// (checked against the date, so the date is asked first), Relevant, then the client's tasks and the clinician's
/// interventions. Ends with the <see cref="ObjectiveDraft"/>. Given a part to change, it asks only that part (and
/// re-checks attainability when the numbers or the date changed). Not interruptible itself: the dialog that hosts it
/// answers help and cancel.
/// </summary>
public sealed class ObjectiveDialog : ComponentDialog
{
    public const string DialogId = "planning.objective";

    private const string AttainableId = "planning.objective.attainable";
    private const string ChoiceId = "planning.objective.choice";
    private const string TextId = "planning.objective.text";
    private const string BehaviourId = "planning.objective.behaviour";
    private const string NumberId = "planning.objective.number";
    private const string DateId = "planning.objective.date";
    private const string ManyId = "planning.objective.many";
    private const string WhatIsMeasuredId = "planning.objective.measured";
    private const string RelevanceId = "planning.objective.relevance";
    private const string OwnListId = "planning.objective.own-list";
    private const string OwnChoice = "own";

    internal static readonly string[] KeepWords = ["ok", "okay", "keep", "yes", "same"];

    private readonly TemplateLibrary _templates;
    private readonly IMeasureCatalog _measures;
    private readonly SmartValidator _smart;
    private readonly ClientFiles _files;

    public ObjectiveDialog(TemplateLibrary templates, IMeasureCatalog measures, SmartValidator smart, ClientFiles files)
        : base(DialogId)
    {
        _templates = templates;
        _measures = measures;
        _smart = smart;
        _files = files;
        AddDialog(new WaterfallDialog("planning.objective.steps",
        [
            OfferSuggestionsAsync, AskBehaviourAsync, AskMeasureTypeAsync, AskWhatIsMeasuredAsync, AskBaselineAsync, AskTargetAsync,
            AskCompletionDateAsync, CheckAttainableAsync, AskRelevanceAsync, AskTasksAsync, AskOwnTasksAsync, AskInterventionsAsync,
            AskOwnInterventionsAsync, FinishAsync,
        ]));
        AddDialog(new WaterfallDialog(AttainableId, [ShowAttainabilityAsync, AdjustAsync, RecheckAsync]));
        AddDialog(new ChoicePrompt(ChoiceId));
        AddDialog(new TextPrompt(TextId));
        AddDialog(new TextPrompt(BehaviourId, ValidateBehaviourAsync));
        AddDialog(new NumberPrompt<decimal>(NumberId));
        AddDialog(new DatePrompt(DateId, ValidateFutureDateAsync));
        AddDialog(new MultiChoicePrompt(ManyId, ValidateTickedAsync));
        AddDialog(new TextPrompt(WhatIsMeasuredId, (prompt, _) => Task.FromResult(prompt.Recognized.Value?.Trim().Length is > 0 and <= ObjectiveLimits.WhatIsMeasured)));
        AddDialog(new TextPrompt(RelevanceId, (prompt, _) => Task.FromResult(prompt.Recognized.Value?.Trim().Length is > 0 and <= ObjectiveLimits.Relevance)));
        AddDialog(new TextPrompt(OwnListId, ValidateOwnListAsync));
        InitialDialogId = "planning.objective.steps";
    }

    private static ObjectiveDialogOptions OptionsOf(WaterfallStepContext step) =>
        step.GetOptions<ObjectiveDialogOptions>() ?? throw new InvalidOperationException("The objective steps need their options.");

    private static bool Asks(WaterfallStepContext step, params ObjectivePart[] parts) =>
        OptionsOf(step).Part is not { } part || parts.Contains(part);

    private static ObjectiveDraft Draft(WaterfallStepContext step) => step.Values.Get<ObjectiveDraft>("draft");

    private static void Keep(WaterfallStepContext step, ObjectiveDraft draft) => step.Values.Set("draft", draft);

    // Specific ----------------------------------------------------------------------------------------------------

    private Task<DialogTurnResult> OfferSuggestionsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = OptionsOf(step);
        Keep(step, options.Editing ?? new ObjectiveDraft());
        var suggestions = Suggestions(options);
        if (!Asks(step, ObjectivePart.Specific) || suggestions.Count == 0)
        {
            return step.NextAsync(null, cancellationToken);
        }

        return step.PromptAsync(ChoiceId, PromptOptions.Text(
            "**Specific**: what behaviour or situation will change? Pick a suggestion to start from, or describe it yourself.",
            "Please pick one of the suggestions, or choose to describe it yourself.",
            "Name the behaviour or situation that will be different, e.g. \"walks outside for 20 minutes on weekdays\". The suggestions come from the problem area's template; you can change any part before saving.") with
        {
            Choices = [.. suggestions.Select(s => new Choice(s.Id) { Title = s.Behaviour }), new Choice(OwnChoice) { Title = "Describe it myself", Synonyms = ["myself", "my own", "own words"] }],
        }, cancellationToken);
    }

    private Task<DialogTurnResult> AskBehaviourAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (!Asks(step, ObjectivePart.Specific))
        {
            return step.NextAsync(null, cancellationToken);
        }

        if (step.Result is FoundChoice { Value: not OwnChoice } picked && Suggestions(OptionsOf(step)).FirstOrDefault(s => s.Id == picked.Value) is { } suggestion)
        {
            var draft = Draft(step);
            Keep(step, draft with
            {
                Behaviour = suggestion.Behaviour,
                SuggestionId = suggestion.Id,
                Measure = draft.Measure ?? new ObjectiveMeasure(suggestion.MeasureType, suggestion.Direction, MeasureId: suggestion.MeasureId, Unit: suggestion.Unit),
            });
            return step.NextAsync(null, cancellationToken);
        }

        return step.PromptAsync(BehaviourId, PromptOptions.Text(
            "**Specific**: describe the behaviour or situation that will change.",
            $"Please describe it in at least three words and at most {ObjectiveLimits.Specific} characters, e.g. \"walks outside for 20 minutes on weekdays\".",
            "Say what will be different in what the client does or experiences, concretely enough that you would both notice."), cancellationToken);
    }

    private static Task<bool> ValidateBehaviourAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { } text
            && SmartRules.IsSpecific(text)
            && text.Trim().Length <= ObjectiveLimits.Specific);

    // Measurable ---------------------------------------------------------------------------------------------------

    private Task<DialogTurnResult> AskMeasureTypeAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string behaviour)
        {
            Keep(step, Draft(step) with { Behaviour = behaviour.Trim(), SuggestionId = null });
        }

        if (!Asks(step, ObjectivePart.Measurable))
        {
            return step.NextAsync(null, cancellationToken);
        }

        var suggested = Draft(step).Measure is { } measure ? $" Suggested: {MeasureTypeTitle(measure)}." : string.Empty;
        return step.PromptAsync(ChoiceId, PromptOptions.Text(
            $"**Measurable**: how will progress be measured?{suggested}",
            "Please pick one of the four ways of measuring.",
            "An instrument score (e.g. PHQ-9) repeats a standard measure; a count per period suits behaviours (drinks per day, outbursts per week); a 0-10 rating suits how something feels; done / not done suits a single step such as writing a safety plan.") with
        {
            Choices =
            [
                new Choice(nameof(MeasureType.InstrumentScore)) { Title = "An instrument score (e.g. PHQ-9)", Synonyms = ["instrument", "score", "measure"] },
                new Choice(nameof(MeasureType.CountPerPeriod)) { Title = "A count per period", Synonyms = ["count", "count per period"] },
                new Choice(nameof(MeasureType.Rating0To10)) { Title = "A 0-10 rating", Synonyms = ["rating", "0-10"] },
                new Choice(nameof(MeasureType.DoneNotDone)) { Title = "Done / not done", Synonyms = ["done", "done not done"] },
            ],
        }, cancellationToken);
    }

    private Task<DialogTurnResult> AskWhatIsMeasuredAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not FoundChoice chosen)
        {
            return step.NextAsync(null, cancellationToken);
        }

        var type = Enum.Parse<MeasureType>(chosen.Value);
        var draft = Draft(step);
        var suggestion = SuggestionOf(OptionsOf(step), draft);
        var measure = draft.Measure is { } current && current.Type == type
            ? current
            : suggestion is not null && suggestion.MeasureType == type
                ? new ObjectiveMeasure(type, suggestion.Direction, MeasureId: suggestion.MeasureId, Unit: suggestion.Unit)
                : new ObjectiveMeasure(type, ChangeDirection.Increase);
        Keep(step, draft with { Measure = measure, BaselineMeasuredOn = draft.Measure?.Type == type ? draft.BaselineMeasuredOn : null });

        switch (type)
        {
            case MeasureType.InstrumentScore:
                var instruments = _measures.All
                    .OrderBy(m => string.Equals(m.Id, measure.MeasureId, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                    .ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase)
                    .ToList();
                return step.PromptAsync(ChoiceId, PromptOptions.Text(
                    measure.MeasureId is { } suggested ? $"Which measure? Suggested: {suggested}." : "Which measure?",
                    "Please pick one of the clinic's measures.",
                    "Its score is repeated over time (in sessions or check-ins) to show progress.") with
                {
                    Choices = [.. instruments.Select(m => new Choice(m.Id) { Title = $"{m.Id}: {m.Name}" })],
                    SelectedChoice = measure.MeasureId,
                }, cancellationToken);
            case MeasureType.CountPerPeriod:
                return step.PromptAsync(WhatIsMeasuredId, PromptOptions.Text(
                    measure.Unit is { } unit
                        ? $"What is counted, and per what period? Say **ok** to use \"{unit}\", or type your own, e.g. \"outbursts per week\"."
                        : "What is counted, and per what period? E.g. \"drinks per day\" or \"outbursts per week\".",
                    $"Please type what is counted and the period in up to {ObjectiveLimits.WhatIsMeasured} characters, e.g. \"panic attacks per week\".",
                    "The count and its period make the objective measurable: the client or you record it each period."), cancellationToken);
            case MeasureType.Rating0To10:
                return step.PromptAsync(WhatIsMeasuredId, PromptOptions.Text(
                    "What does the client rate from 0 to 10? E.g. \"confidence speaking up at work\".",
                    $"Please type what is rated, in up to {ObjectiveLimits.WhatIsMeasured} characters.",
                    "A 0-10 rating records how something feels to the client; say what 0 and 10 mean when you first ask them."), cancellationToken);
            default:
                return step.NextAsync(null, cancellationToken);
        }
    }

    private async Task<DialogTurnResult> AskBaselineAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = Draft(step);
        if (step.Result is FoundChoice instrument)
        {
            draft = draft with { Measure = draft.Measure! with { MeasureId = instrument.Value, Direction = ImprovingDirection(instrument.Value) } };
        }
        else if (step.Result is string text)
        {
            var keep = KeepWords.Contains(text.Trim().TrimEnd('.', '!'), StringComparer.OrdinalIgnoreCase) && draft.Measure?.Unit is not null;
            draft = draft with { Measure = draft.Measure! with { Unit = keep ? draft.Measure.Unit : text.Trim() } };
        }

        Keep(step, draft);
        if (!Asks(step, ObjectivePart.Measurable) || draft.Measure is not { } measure || measure.Type == MeasureType.DoneNotDone)
        {
            return await step.NextAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var (range, what) = RangeOf(measure);
        var question = $"What is the baseline {what} now?";
        if (measure.Type == MeasureType.InstrumentScore && await LatestScoreAsync(step, OptionsOf(step).ClientId, measure.MeasureId!, cancellationToken).ConfigureAwait(false) is { } latest)
        {
            step.Values.Set("latest", latest);
            question = $"The latest {latest.InstrumentId} score is **{latest.Total}**, from {Format(latest.On)}. Type **{latest.Total}** to use it as the baseline, or another score.";
        }
        else if (measure.Type == MeasureType.InstrumentScore)
        {
            question = $"There is no {measure.MeasureId} score on file yet. What is the baseline score?";
        }

        return await step.PromptAsync(NumberId, PromptOptions.Text(question, help: "The baseline is where the client is now; progress is measured from it.") with
        {
            Validations = range,
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<DialogTurnResult> AskTargetAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = Draft(step);
        if (step.Result is decimal baseline)
        {
            var fromAssessment = step.Values.TryGet<LatestScore>("latest", out var latest) && latest.Total == baseline ? latest.On : (DateOnly?)null;
            draft = draft with { Measure = draft.Measure! with { Baseline = baseline }, BaselineMeasuredOn = fromAssessment };
            Keep(step, draft);
        }

        if (!Asks(step, ObjectivePart.Measurable) || draft.Measure is not { } measure || measure.Type == MeasureType.DoneNotDone)
        {
            return step.NextAsync(null, cancellationToken);
        }

        var (range, what) = RangeOf(measure);
        var hint = measure.Type == MeasureType.InstrumentScore && _measures.Find(measure.MeasureId!) is { } scale
            ? $" ({(scale.HigherIsWorse ? "lower" : "higher")} is better on {scale.Id})"
            : string.Empty;
        return step.PromptAsync(NumberId, PromptOptions.Text(
            $"What is the target {what}?{hint}",
            help: "The target is the value that shows the objective is met. Aim for what the client would call a real change, not perfection.") with
        {
            Validations = range,
        }, cancellationToken);
    }

    // Time-bound ---------------------------------------------------------------------------------------------------

    private Task<DialogTurnResult> AskCompletionDateAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = Draft(step);
        if (step.Result is decimal target && draft.Measure is { Baseline: { } baseline } measure)
        {
            draft = draft with { Measure = measure with { Target = target, Direction = DirectionFor(measure, baseline, target) } };
            Keep(step, draft);
        }

        if (!Asks(step, ObjectivePart.TimeBound) || OptionsOf(step).Part == ObjectivePart.Measurable)
        {
            return step.NextAsync(null, cancellationToken);
        }

        var weeks = SuggestionOf(OptionsOf(step), draft)?.HorizonWeeks ?? AreaOf(OptionsOf(step))?.PlanHorizonWeeks;
        var typical = weeks is { } w
            ? $" Typical for this: about {w} weeks (around {Format(Today(step).AddDays(w * 7))}); say **in {w} weeks** to use it."
            : string.Empty;
        return step.PromptAsync(DateId, PromptOptions.Text(
            $"**Time-bound**: by when should it be reached?{typical} Or give a date, e.g. \"15 March 2027\".",
            "Please give a date still ahead, e.g. \"in 8 weeks\" or \"15 March 2027\".",
            "The anticipated completion date. When the objective is met the actual date is recorded too, so you can see how accurate the estimate was."), cancellationToken);
    }

    private static Task<bool> ValidateFutureDateAsync(PromptValidatorContext<DateOnly> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && prompt.Recognized.Value >= TodayOf(prompt.Context));

    // Attainable ---------------------------------------------------------------------------------------------------

    private Task<DialogTurnResult> CheckAttainableAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is DateOnly due)
        {
            Keep(step, Draft(step) with { AnticipatedCompletion = due });
        }

        return Asks(step, ObjectivePart.Measurable, ObjectivePart.TimeBound, ObjectivePart.Attainable)
            ? step.BeginDialogAsync(AttainableId, Draft(step), cancellationToken)
            : step.NextAsync(null, cancellationToken);
    }

    private Task<DialogTurnResult> ShowAttainabilityAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.GetOptions<ObjectiveDraft>()!;
        step.Values.Set("draft", draft);
        var result = Check(step, draft);
        var blocking = result.Errors.Where(e => e.Letter is not SmartLetter.Relevant).Select(e => e.Message).ToList();
        var warnings = result.Warnings.Select(w => w.Message).ToList();
        step.Values.Set("warnings", warnings);

        string question;
        if (blocking.Count > 0)
        {
            question = "**Attainable**: this can't be saved yet:\n\n" + Bullets(blocking) + "\n\nChange the target or the date to fix it.";
        }
        else if (warnings.Count > 0)
        {
            question = "**Attainable**: please look at this before confirming:\n\n" + Bullets(warnings) + "\n\nIs the objective attainable for this client as it stands?";
        }
        else
        {
            question = $"**Attainable**: {Describe(draft)}. I see no concerns about the pace of change. Is it attainable for this client?";
        }

        var choices = new List<Choice>();
        if (blocking.Count == 0)
        {
            choices.Add(new Choice("confirm") { Title = "Yes, it is attainable", Synonyms = ["yes", "confirm", "y"] });
        }

        if (draft.Measure is { Type: not MeasureType.DoneNotDone })
        {
            choices.Add(new Choice("target") { Title = "Change the target", Synonyms = ["target"] });
        }

        choices.Add(new Choice("date") { Title = "Change the date", Synonyms = ["date"] });
        return step.PromptAsync(ChoiceId, PromptOptions.Text(question,
            "Please confirm, or choose to change the target or the date.",
            "You judge whether the objective is attainable. I only compare the change asked for with the time given, using typical rates of change for each measure.") with
        {
            Choices = choices,
        }, cancellationToken);
    }

    private Task<DialogTurnResult> AdjustAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.Values.Get<ObjectiveDraft>("draft");
        var choice = ((FoundChoice)step.Result!).Value;
        if (choice == "confirm")
        {
            var warnings = step.Values.Get<List<string>>("warnings");
            var on = Format(Today(step));
            var note = warnings.Count == 0
                ? $"Confirmed as attainable by the clinician on {on}."
                : $"Confirmed as attainable by the clinician on {on}, having considered: {string.Join(" ", warnings.Select(w => w.Replace("Attainable: ", string.Empty, StringComparison.Ordinal)))}";
            return step.EndDialogAsync(draft with { AttainabilityNote = note, ConfirmedWarnings = warnings }, cancellationToken);
        }

        step.Values.Set("adjusting", choice);
        if (choice == "target")
        {
            var (range, what) = RangeOf(draft.Measure!);
            return step.PromptAsync(NumberId, PromptOptions.Text(
                $"What is the new target {what}? (Baseline: {Format(draft.Measure!.Baseline ?? 0)}.)",
                help: "An intermediate target is often more realistic; a later objective can take it further.") with
            {
                Validations = range,
            }, cancellationToken);
        }

        return step.PromptAsync(DateId, PromptOptions.Text(
            $"What is the new anticipated completion date? (Now: {(draft.AnticipatedCompletion is { } due ? Format(due) : "none")}.) E.g. \"in 12 weeks\" or \"15 March 2027\".",
            "Please give a date still ahead, e.g. \"in 12 weeks\" or \"15 March 2027\".",
            "Allowing more time is often what makes an ambitious change realistic."), cancellationToken);
    }

    private Task<DialogTurnResult> RecheckAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.Values.Get<ObjectiveDraft>("draft");
        draft = step.Result switch
        {
            decimal target when draft.Measure is { Baseline: { } baseline } measure =>
                draft with { Measure = measure with { Target = target, Direction = DirectionFor(measure, baseline, target) } },
            DateOnly due => draft with { AnticipatedCompletion = due },
            _ => draft,
        };
        return step.ReplaceDialogAsync(AttainableId, draft with { AttainabilityNote = null, ConfirmedWarnings = [] }, cancellationToken);
    }

    private SmartResult Check(WaterfallStepContext step, ObjectiveDraft draft)
    {
        var today = Today(step);
        var from = draft.BaselineMeasuredOn is { } measured && measured < today ? measured : (DateOnly?)null;
        return _smart.Validate(draft.ToObjective("draft"), new SmartContext(today, from));
    }

    // Relevant, tasks and interventions -----------------------------------------------------------------------------

    private Task<DialogTurnResult> AskRelevanceAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is ObjectiveDraft checkedDraft)
        {
            Keep(step, checkedDraft);
        }

        if (!Asks(step, ObjectivePart.Relevant))
        {
            return step.NextAsync(null, cancellationToken);
        }

        return step.PromptAsync(RelevanceId, PromptOptions.Text(
            $"**Relevant**: why does this matter to {OptionsOf(step).ClientName}? Please use their own words.",
            $"Please type why it matters to the client, in up to {ObjectiveLimits.Relevance} characters.",
            "In the client's words, what this change would mean for their life, e.g. \"So I can take my kids to school again\"."), cancellationToken);
    }

    private Task<DialogTurnResult> AskTasksAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string relevance)
        {
            Keep(step, Draft(step) with { Relevance = relevance.Trim() });
        }

        if (!Asks(step, ObjectivePart.TasksAndInterventions))
        {
            return step.NextAsync(null, cancellationToken);
        }

        var suggestions = TaskSuggestions(OptionsOf(step));
        if (suggestions.Count == 0)
        {
            return AskOwnAsync(step, "What will the client do between sessions? Type each task on its own line (or separate them with ;), or say **none**.", new ListRoom(ObjectiveLimits.MaxTasks, ObjectiveLimits.Task), cancellationToken);
        }

        return step.PromptAsync(ManyId, PromptOptions.Text(
            "What will the client do between sessions? Tick the tasks that fit, and **Add my own** to type others.",
            $"Please tick at most {ObjectiveLimits.MaxTasks} from the list, or type their numbers separated by commas.",
            "Client tasks are practised between sessions; they show on the plan and in session preparation.") with
        {
            Choices = [.. suggestions.Select((t, i) => new Choice($"task-{i + 1}") { Title = t }), new Choice(OwnChoice) { Title = "Add my own" }],
            Validations = new ListRoom(ObjectiveLimits.MaxTasks, ObjectiveLimits.Task),
        }, cancellationToken);
    }

    private Task<DialogTurnResult> AskOwnTasksAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (!Asks(step, ObjectivePart.TasksAndInterventions))
        {
            return step.NextAsync(null, cancellationToken);
        }

        if (step.Result is string typed)
        {
            Keep(step, Draft(step) with { ClientTasks = SplitList(typed) });
            return step.NextAsync(null, cancellationToken);
        }

        var chosen = (IReadOnlyList<FoundChoice>)step.Result!;
        var suggestions = TaskSuggestions(OptionsOf(step));
        Keep(step, Draft(step) with { ClientTasks = [.. chosen.Where(c => c.Value != OwnChoice).Select(c => suggestions[c.Index])] });
        return chosen.Any(c => c.Value == OwnChoice)
            ? AskOwnAsync(step, "Type the client's own tasks, each on its own line (or separated by ;).", new ListRoom(ObjectiveLimits.MaxTasks - Draft(step).ClientTasks.Count, ObjectiveLimits.Task), cancellationToken)
            : step.NextAsync(null, cancellationToken);
    }

    private Task<DialogTurnResult> AskInterventionsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string typed)
        {
            Keep(step, Draft(step) with { ClientTasks = [.. Draft(step).ClientTasks, .. SplitList(typed)] });
        }

        if (!Asks(step, ObjectivePart.TasksAndInterventions))
        {
            return step.NextAsync(null, cancellationToken);
        }

        var suggestions = InterventionSuggestions(OptionsOf(step));
        if (suggestions.Count == 0)
        {
            return AskOwnAsync(step, "What will you contribute (e.g. graded exposure, behavioural activation)? Type each intervention on its own line (or separate them with ;), or say **none**.", new ListRoom(ObjectiveLimits.MaxInterventions, ObjectiveLimits.Intervention), cancellationToken);
        }

        return step.PromptAsync(ManyId, PromptOptions.Text(
            "What will you contribute? Tick the interventions that fit, and **Add my own** to type others.",
            $"Please tick at most {ObjectiveLimits.MaxInterventions} from the list, or type their numbers separated by commas.",
            "Clinician interventions are what you bring to the sessions for this objective; they show in session preparation.") with
        {
            Choices = [.. suggestions.Select((s, i) => new Choice($"intervention-{i + 1}") { Title = s.Name }), new Choice(OwnChoice) { Title = "Add my own" }],
            Validations = new ListRoom(ObjectiveLimits.MaxInterventions, ObjectiveLimits.Intervention),
        }, cancellationToken);
    }

    private Task<DialogTurnResult> AskOwnInterventionsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (!Asks(step, ObjectivePart.TasksAndInterventions))
        {
            return step.NextAsync(null, cancellationToken);
        }

        if (step.Result is string typed)
        {
            Keep(step, Draft(step) with { Interventions = [.. SplitList(typed).Select(name => new InterventionDraft(name))] });
            return step.NextAsync(null, cancellationToken);
        }

        var chosen = (IReadOnlyList<FoundChoice>)step.Result!;
        var suggestions = InterventionSuggestions(OptionsOf(step));
        Keep(step, Draft(step) with
        {
            Interventions = [.. chosen.Where(c => c.Value != OwnChoice).Select(c => new InterventionDraft(suggestions[c.Index].Name, suggestions[c.Index].Description))],
        });
        return chosen.Any(c => c.Value == OwnChoice)
            ? AskOwnAsync(step, "Type your own interventions, each on its own line (or separated by ;).", new ListRoom(ObjectiveLimits.MaxInterventions - Draft(step).Interventions.Count, ObjectiveLimits.Intervention), cancellationToken)
            : step.NextAsync(null, cancellationToken);
    }

    private Task<DialogTurnResult> FinishAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string typed)
        {
            Keep(step, Draft(step) with { Interventions = [.. Draft(step).Interventions, .. SplitList(typed).Select(name => new InterventionDraft(name))] });
        }

        return step.EndDialogAsync(Draft(step), cancellationToken);
    }

    private static Task<DialogTurnResult> AskOwnAsync(WaterfallStepContext step, string question, ListRoom room, CancellationToken cancellationToken) =>
        step.PromptAsync(OwnListId, PromptOptions.Text(question,
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

    // The plan holds a bounded list (ObjectiveLimits): too many or too long is asked again, with the limit, not cut.
    private static Task<bool> ValidateOwnListAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        var room = RoomOf(prompt.Options);
        var items = prompt.Recognized.Value is { } text ? SplitList(text) : [];
        return Task.FromResult(prompt.Recognized.Succeeded && items.Count <= room.Lines && items.All(i => i.Length <= room.LineLength));
    }

    private static Task<bool> ValidateTickedAsync(PromptValidatorContext<IReadOnlyList<FoundChoice>> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && prompt.Recognized.Value!.Count(c => c.Value != OwnChoice) <= RoomOf(prompt.Options).Lines);

    // Helpers --------------------------------------------------------------------------------------------------------

    private ProblemAreaTemplate? AreaOf(ObjectiveDialogOptions options) => options.AreaId is { } id ? _templates.Find(id) : null;

    private IReadOnlyList<GoalTemplate> GoalsOf(ObjectiveDialogOptions options) =>
        AreaOf(options) is not { } area ? []
        : options.TemplateGoalId is { } goalId && area.FindGoal(goalId) is { } goal ? [goal]
        : area.Goals;

    private IReadOnlyList<ObjectiveSuggestion> Suggestions(ObjectiveDialogOptions options) => [.. GoalsOf(options).SelectMany(g => g.Objectives)];

    private ObjectiveSuggestion? SuggestionOf(ObjectiveDialogOptions options, ObjectiveDraft draft) =>
        draft.SuggestionId is { } id ? Suggestions(options).FirstOrDefault(s => s.Id == id) : null;

    private IReadOnlyList<string> TaskSuggestions(ObjectiveDialogOptions options) =>
        [.. GoalsOf(options).SelectMany(g => g.ClientTasks).Distinct(StringComparer.OrdinalIgnoreCase)];

    private IReadOnlyList<InterventionSuggestion> InterventionSuggestions(ObjectiveDialogOptions options) =>
        [.. GoalsOf(options).SelectMany(g => g.Interventions).DistinctBy(i => i.Name, StringComparer.OrdinalIgnoreCase)];

    private ChangeDirection ImprovingDirection(string measureId) =>
        _measures.Find(measureId) is { HigherIsWorse: false } ? ChangeDirection.Increase : ChangeDirection.Decrease;

    // The direction follows from the numbers the clinician gave; when they are equal, the improving one for the measure.
    private ChangeDirection DirectionFor(ObjectiveMeasure measure, decimal baseline, decimal target) =>
        target < baseline ? ChangeDirection.Decrease
        : target > baseline ? ChangeDirection.Increase
        : measure.Type == MeasureType.InstrumentScore && measure.MeasureId is { } id ? ImprovingDirection(id)
        : measure.Direction;

    private (NumberRange<decimal> Range, string What) RangeOf(ObjectiveMeasure measure) => measure.Type switch
    {
        MeasureType.InstrumentScore when _measures.Find(measure.MeasureId!) is { } scale =>
            (new NumberRange<decimal>(scale.MinScore, scale.MaxScore), $"{scale.Id} score ({scale.MinScore}-{scale.MaxScore})"),
        MeasureType.Rating0To10 => (new NumberRange<decimal>(MeasureRange.Rating.Min, MeasureRange.Rating.Max), $"rating of {measure.Unit ?? "it"} (0-10)"),
        _ => (new NumberRange<decimal>(MeasureRange.Count.Min, MeasureRange.Count.Max), $"number of {measure.Unit ?? "times"}"),
    };

    private async Task<LatestScore?> LatestScoreAsync(WaterfallStepContext step, string clientId, string measureId, CancellationToken cancellationToken)
    {
        if (Caller.From(step.Context.Activity) is not { } caller)
        {
            return null;
        }

        try
        {
            var opened = await _files.OpenClinicalViewAsync(caller, clientId, "assessments", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return null;
            }

            var latest = (await opened.File.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false))
                .Where(a => a.Total is not null && string.Equals(a.InstrumentId, measureId, StringComparison.OrdinalIgnoreCase))
                .MaxBy(a => a.AdministeredAt);
            return latest is null ? null : new LatestScore(latest.InstrumentId, latest.Total!.Value, step.DialogContext.Clock.DateOf(latest.AdministeredAt));
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Unavailable)
        {
            // Without the records the clinician types the baseline; nothing is lost.
            return null;
        }
    }

    private static string MeasureTypeTitle(ObjectiveMeasure measure) => measure.Type switch
    {
        MeasureType.InstrumentScore => $"{measure.MeasureId} score",
        MeasureType.CountPerPeriod => $"a count of {measure.Unit}",
        MeasureType.Rating0To10 => "a 0-10 rating",
        _ => "done / not done",
    };

    internal static string Describe(ObjectiveDraft draft) => draft.Measure switch
    {
        { Type: MeasureType.DoneNotDone } => $"done by {FormatOrNone(draft.AnticipatedCompletion)}",
        { } m => $"{MeasureName(m)} from {Format(m.Baseline ?? 0)} to {Format(m.Target ?? 0)} by {FormatOrNone(draft.AnticipatedCompletion)}",
        null => "no measure yet",
    };

    internal static string MeasureName(ObjectiveMeasure measure) => measure.Type switch
    {
        MeasureType.InstrumentScore => measure.MeasureId ?? "score",
        MeasureType.Rating0To10 => $"{measure.Unit ?? "rating"} (0-10)",
        _ => measure.Unit ?? "count",
    };

    // Under the "Attainable" heading the rules' own "Attainable: " prefix would say it twice.
    private static string Bullets(IEnumerable<string> lines) => string.Join("\n", lines.Select(l => $"- {GoalSummaryView.Unprefixed(l)}"));

    private static IReadOnlyList<string> SplitList(string text) =>
        text.Trim().TrimEnd('.').Equals("none", StringComparison.OrdinalIgnoreCase)
            ? []
            : [.. text.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(t => t.Length > 0)];

    private static DateOnly Today(WaterfallStepContext step) => step.DialogContext.Clock.Today;

    private static DateOnly TodayOf(BotCore.ITurnContext context) => context.Clock().Today;

    internal static string Format(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    internal static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string FormatOrNone(DateOnly? date) => date is { } d ? Format(d) : "no date yet";

    private sealed record LatestScore(string InstrumentId, int Total, DateOnly On);
}

/// <summary>What the objectives loop works on: the objective steps' options and the objectives written so far.</summary>
public sealed record ObjectiveLoopOptions(ObjectiveDialogOptions Objective, IReadOnlyList<ObjectiveDraft> Written);

/// <summary>
/// "Add another objective to this goal?": runs the objective steps until the clinician says no (or the goal holds
/// as many objectives as the summary card shows), then ends with the objectives.
/// </summary>
public static class ObjectiveLoop
{
    public const string DialogId = "planning.objectives";

    /// <summary>The goal-summary card is sized for six objectives per goal.</summary>
    public const int MaxObjectivesPerGoal = 6;

    private const string AnotherId = "planning.objectives.another";

    /// <summary>The loop's waterfall and prompt, for a host dialog to add beside <see cref="ObjectiveDialog"/>.</summary>
    public static IEnumerable<Dialog> Create() =>
    [
        new WaterfallDialog(DialogId, [WriteAsync, AskAnotherAsync, LoopAsync]),
        new ConfirmPrompt(AnotherId),
    ];

    private static Task<DialogTurnResult> WriteAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.BeginDialogAsync(ObjectiveDialog.DialogId, step.GetOptions<ObjectiveLoopOptions>()!.Objective, cancellationToken);

    private static Task<DialogTurnResult> AskAnotherAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<ObjectiveLoopOptions>()!;
        var written = options.Written.Append((ObjectiveDraft)step.Result!).ToList();
        step.Values.Set("written", written);
        return written.Count >= MaxObjectivesPerGoal
            ? step.NextAsync(false, cancellationToken)
            : step.PromptAsync(AnotherId, PromptOptions.Text(
                "Add another objective to this goal?",
                "Please answer yes or no.",
                "A goal usually has one to three objectives, each measured its own way."), cancellationToken);
    }

    private static Task<DialogTurnResult> LoopAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var written = step.Values.Get<List<ObjectiveDraft>>("written");
        return step.Result is true
            ? step.ReplaceDialogAsync(DialogId, step.GetOptions<ObjectiveLoopOptions>()! with { Written = written }, cancellationToken)
            : step.EndDialogAsync(written, cancellationToken);
    }
}
