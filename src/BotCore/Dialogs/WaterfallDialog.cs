using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;

namespace BotCore.Dialogs;

public delegate Task<DialogTurnResult> WaterfallStep(WaterfallStepContext stepContext, CancellationToken cancellationToken);

/// <summary>Runs its steps in order, one per answer; each step sees the previous step's result and the dialog's values.</summary>
public class WaterfallDialog : Dialog
{
    internal const string OptionsKey = "options";
    internal const string ValuesKey = "values";
    private const string StepIndexKey = "stepIndex";
    private readonly List<WaterfallStep> _steps;

    public WaterfallDialog(string id, IEnumerable<WaterfallStep>? steps = null)
        : base(id) => _steps = steps is null ? [] : [.. steps];

    public WaterfallDialog AddStep(WaterfallStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add(step);
        return this;
    }

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = options is null ? null : JsonSerializer.SerializeToNode(options, options.GetType(), BotJson.Options);
        state[ValuesKey] = new JsonObject();
        return RunStepAsync(dc, 0, DialogReason.BeginCalled, null, cancellationToken);
    }

    /// <summary>A message while no prompt is active counts as the current step's answer; other activities are ignored.</summary>
    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return dc.Context.Activity.Type == ActivityTypes.Message
            ? ResumeDialogAsync(dc, DialogReason.ContinueCalled, dc.Context.Activity.Text, cancellationToken)
            : Task.FromResult(EndOfTurn);
    }

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return RunStepAsync(dc, StepIndex(dc.ActiveDialog!) + 1, reason, result, cancellationToken);
    }

    internal async Task<DialogTurnResult> RunStepAsync(DialogContext dc, int index, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count)
        {
            return await dc.EndDialogAsync(result, cancellationToken).ConfigureAwait(false);
        }

        var instance = dc.ActiveDialog!;
        instance.State[StepIndexKey] = index;
        var stepContext = new WaterfallStepContext(this, dc, instance, index, reason, result);
        return await _steps[index](stepContext, cancellationToken).ConfigureAwait(false);
    }

    private static int StepIndex(DialogInstance instance) =>
        instance.State.TryGetPropertyValue(StepIndexKey, out var node) && node is not null
            ? node.GetValue<int>()
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Waterfall '{instance.Id}' has no step index in its state."));
}
