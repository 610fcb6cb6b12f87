using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;

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

/// <summary>The dialogs an objective is written with, in the order the whole objective asks them.</summary>
public enum ObjectiveStepKind
{
    Specific,
    Measurable,
    TimeBound,
    Attainable,
    Relevant,
    ClientTasks,
    Interventions,
}

/// <summary>Where a run of the objective's part dialogs is: the draft so far and the parts still to ask.</summary>
public sealed record ObjectiveRun(ObjectiveDialogOptions For, ObjectiveDraft Draft, IReadOnlyList<ObjectiveStepKind> Steps, int Next = 0);

/// <summary>
/// One SMART objective, written with one small dialog per part (<see cref="ObjectivePartDialog"/>), each taking the
/// draft and ending with it changed: Specific, Measurable, Time-bound, Attainable (checked against the date, so the
/// date is asked first), Relevant, then the client's tasks and the clinician's interventions (one
/// <see cref="ListPickerDialog"/> for both). Given a part to change, it runs just that part's dialogs (and the
/// attainability check again after the numbers or the date). Ends with the <see cref="ObjectiveDraft"/>. Not
/// interruptible itself: the dialog that hosts it answers help and cancel.
/// </summary>
public sealed class ObjectiveDialog : ComponentDialog
{
    public const string DialogId = "planning.objective";

    private const string RunId = "planning.objective.run";

    public ObjectiveDialog(ObjectiveSuggestions suggestions, SpecificPartDialog specific, MeasurablePartDialog measurable, TimeBoundPartDialog timeBound, AttainablePartDialog attainable)
        : base(DialogId)
    {
        AddDialog(new WaterfallDialog(RunId, [BeginPartAsync, NextPartAsync]));
        AddDialog(specific);
        AddDialog(measurable);
        AddDialog(timeBound);
        AddDialog(attainable);
        AddDialog(new RelevantPartDialog());
        AddDialog(new ListPickerDialog(suggestions));
        foreach (var legacy in LegacyObjectiveState.Dialogs(RecoverAsync))
        {
            AddDialog(legacy);
        }

        InitialDialogId = RunId;
    }

    protected override Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        var objective = options as ObjectiveDialogOptions ?? throw new InvalidOperationException("The objective steps need their options.");
        var run = new ObjectiveRun(objective with { Editing = null, Part = null }, objective.Editing ?? new ObjectiveDraft(), StepsFor(objective.Part));
        return innerDc.BeginDialogAsync(RunId, run, cancellationToken);
    }

    /// <summary>The part dialogs a change runs: the numbers and the date are checked for attainability again.</summary>
    internal static IReadOnlyList<ObjectiveStepKind> StepsFor(ObjectivePart? part) => part switch
    {
        null => Enum.GetValues<ObjectiveStepKind>(),
        ObjectivePart.Specific => [ObjectiveStepKind.Specific],
        ObjectivePart.Measurable => [ObjectiveStepKind.Measurable, ObjectiveStepKind.Attainable],
        ObjectivePart.TimeBound => [ObjectiveStepKind.TimeBound, ObjectiveStepKind.Attainable],
        ObjectivePart.Attainable => [ObjectiveStepKind.Attainable],
        ObjectivePart.Relevant => [ObjectiveStepKind.Relevant],
        _ => [ObjectiveStepKind.ClientTasks, ObjectiveStepKind.Interventions],
    };

    private static ObjectiveRun RunOf(WaterfallStepContext step) =>
        step.GetOptions<ObjectiveRun>() ?? throw new InvalidOperationException("The objective run needs its ObjectiveRun.");

    private static Task<DialogTurnResult> BeginPartAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var run = RunOf(step);
        var part = new ObjectiveStep(run.For, run.Draft);
        return run.Steps[run.Next] switch
        {
            ObjectiveStepKind.Specific => step.BeginDialogAsync(SpecificPartDialog.DialogId, part, cancellationToken),
            ObjectiveStepKind.Measurable => step.BeginDialogAsync(MeasurablePartDialog.DialogId, part, cancellationToken),
            ObjectiveStepKind.TimeBound => step.BeginDialogAsync(TimeBoundPartDialog.DialogId, part, cancellationToken),
            ObjectiveStepKind.Attainable => step.BeginDialogAsync(AttainablePartDialog.DialogId, part, cancellationToken),
            ObjectiveStepKind.Relevant => step.BeginDialogAsync(RelevantPartDialog.DialogId, part, cancellationToken),
            ObjectiveStepKind.ClientTasks => step.BeginDialogAsync(ListPickerDialog.DialogId, new ListPickOptions(part, ObjectiveList.ClientTasks), cancellationToken),
            _ => step.BeginDialogAsync(ListPickerDialog.DialogId, new ListPickOptions(part, ObjectiveList.Interventions), cancellationToken),
        };
    }

    // Every part dialog ends with the draft it was given, changed.
    private static Task<DialogTurnResult> NextPartAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var run = RunOf(step) with { Draft = (ObjectiveDraft)step.Result! };
        return run.Next + 1 < run.Steps.Count
            ? step.ReplaceDialogAsync(RunId, run with { Next = run.Next + 1 }, cancellationToken)
            : step.EndDialogAsync(run.Draft, cancellationToken);
    }

    // A conversation stored by the 14-step waterfall this dialog replaced: say so, and ask the part it was on again with
    // the draft it had. Without a readable draft the objective is stopped (the host says what was kept).
    private static async Task<DialogTurnResult> RecoverAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        var found = LegacyObjectiveState.Read(innerDc.Stack);
        await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
        if (found is not { } legacy)
        {
            await innerDc.Context.SendActivityAsync("I lost track of this objective after an update and can't pick it up again.", cancellationToken).ConfigureAwait(false);
            return new DialogTurnResult(DialogTurnStatus.Cancelled, new DialogCancellation(DialogCancellationReason.Requested));
        }

        var steps = StepsFor(legacy.Options.Part);
        var next = Math.Max(0, steps.ToList().IndexOf(legacy.At));
        await innerDc.Context.SendActivityAsync($"I lost track of this objective after an update; let's pick up at {LegacyObjectiveState.Name(steps[next])}.", cancellationToken).ConfigureAwait(false);
        var run = new ObjectiveRun(legacy.Options with { Editing = null, Part = null }, legacy.Draft, steps, next);
        return await innerDc.BeginDialogAsync(RunId, run, cancellationToken).ConfigureAwait(false);
    }
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
