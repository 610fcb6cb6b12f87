using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;

namespace BotCore.Dialogs;

/// <summary>What a waterfall step sees: the turn, the previous step's result, the dialog's options and values.</summary>
public sealed class WaterfallStepContext
{
    private readonly WaterfallDialog _waterfall;
    private readonly DialogInstance _instance;
    private bool _nextCalled;

    internal WaterfallStepContext(WaterfallDialog waterfall, DialogContext dialogContext, DialogInstance instance, int index, DialogReason reason, object? result)
    {
        _waterfall = waterfall;
        _instance = instance;
        DialogContext = dialogContext;
        Index = index;
        Reason = reason;
        Result = result;
        if (instance.State[WaterfallDialog.ValuesKey] is not JsonObject values)
        {
            values = [];
            instance.State[WaterfallDialog.ValuesKey] = values;
        }

        Values = new DialogValues(values);
    }

    public DialogContext DialogContext { get; }

    public ITurnContext Context => DialogContext.Context;

    /// <summary>Zero-based position of this step.</summary>
    public int Index { get; }

    public DialogReason Reason { get; }

    /// <summary>What the previous step's prompt or child dialog returned (a string, an int, a <see cref="FoundChoice"/>...).</summary>
    public object? Result { get; }

    /// <summary>Values kept across the steps of this dialog, in conversation state.</summary>
    public DialogValues Values { get; }

    /// <summary>The options the waterfall was started with, read back as <typeparamref name="T"/>; default if none.</summary>
    public T? GetOptions<T>() =>
        _instance.State.TryGetPropertyValue(WaterfallDialog.OptionsKey, out var node) && node is not null
            ? node.Deserialize<T>(BotJson.Options)
            : default;

    /// <summary>Skips waiting for the user and runs the next step now with <paramref name="result"/>.</summary>
    public Task<DialogTurnResult> NextAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        if (_nextCalled)
        {
            throw new InvalidOperationException($"NextAsync was already called in step {Index} of '{_waterfall.Id}'.");
        }

        _nextCalled = true;
        return _waterfall.RunStepAsync(DialogContext, Index + 1, DialogReason.NextCalled, result, cancellationToken);
    }

    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken = default) =>
        DialogContext.PromptAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default) =>
        DialogContext.BeginDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> EndDialogAsync(object? result = null, CancellationToken cancellationToken = default) =>
        DialogContext.EndDialogAsync(result, cancellationToken);

    public Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default) =>
        DialogContext.ReplaceDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken = default) =>
        DialogContext.CancelAllDialogsAsync(cancellationToken);
}
