using System.Text.Json;
using BotCore.Schema;

namespace BotCore.Dialogs;

/// <summary>
/// A dialog made of dialogs: its own inner stack (kept inside its instance state) runs <see cref="InitialDialogId"/>.
/// A cancelled inner stack cancels the enclosing stack too, so "cancel" stops the whole conversation flow.
/// </summary>
public class ComponentDialog : Dialog
{
    private const string InnerStateKey = "dialogs";

    public ComponentDialog(string id)
        : base(id)
    {
    }

    public string? InitialDialogId { get; protected set; }

    protected DialogSet Dialogs { get; } = new();

    /// <summary>Adds a dialog to the inner set; the first one added becomes <see cref="InitialDialogId"/> unless set.</summary>
    public ComponentDialog AddDialog(Dialog dialog)
    {
        Dialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        var innerState = new DialogState();
        var inner = new DialogContext(Dialogs, dc.Context, innerState, dc);
        var result = await OnBeginDialogAsync(inner, options, cancellationToken).ConfigureAwait(false);
        Store(instance, innerState);
        return await HandleInnerResultAsync(dc, result, new DialogContext(Dialogs, dc.Context, new DialogState(), dc), cancellationToken).ConfigureAwait(false);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        var innerState = Load(instance);
        var beforeTurn = CreateInnerContext(dc, instance);
        var inner = new DialogContext(Dialogs, dc.Context, innerState, dc);
        var result = await OnContinueDialogAsync(inner, cancellationToken).ConfigureAwait(false);
        Store(instance, innerState);
        return await HandleInnerResultAsync(dc, result, beforeTurn, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        await RepromptDialogAsync(dc, dc.ActiveDialog!, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var innerState = Load(instance);
        await new DialogContext(Dialogs, dc.Context, innerState, dc).RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
        Store(instance, innerState);
    }

    public override async Task EndDialogAsync(DialogContext dc, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (reason == DialogReason.CancelCalled)
        {
            var innerState = Load(instance);
            await new DialogContext(Dialogs, dc.Context, innerState, dc).CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
            Store(instance, innerState);
        }
    }

    protected virtual Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        var initial = InitialDialogId ?? throw new InvalidOperationException($"Component dialog '{Id}' has no dialogs.");
        return innerDc.BeginDialogAsync(initial, options, cancellationToken);
    }

    protected virtual Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        return innerDc.ContinueDialogAsync(cancellationToken);
    }

    /// <summary>
    /// The inner stack ended by cancellation; the default passes it on. <paramref name="innerDcBeforeTurn"/> is the inner
    /// stack as it was when the turn began, so step values can still be read. Returns the cancellation to pass outwards.
    /// </summary>
    protected virtual Task<DialogCancellation> OnInnerCancelledAsync(DialogContext innerDcBeforeTurn, DialogCancellation cancellation, CancellationToken cancellationToken) =>
        Task.FromResult(cancellation);

    internal DialogContext CreateInnerContext(DialogContext outer, DialogInstance instance) => new(Dialogs, outer.Context, Load(instance), outer);

    private async Task<DialogTurnResult> HandleInnerResultAsync(DialogContext dc, DialogTurnResult result, DialogContext innerDcBeforeTurn, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case DialogTurnStatus.Waiting:
                return result;
            case DialogTurnStatus.Cancelled:
                var cancellation = result.Cancellation ?? new DialogCancellation(DialogCancellationReason.Requested);
                cancellation = await OnInnerCancelledAsync(innerDcBeforeTurn, cancellation, cancellationToken).ConfigureAwait(false);
                return await dc.CancelAllDialogsAsync(cancellation, cancellationToken).ConfigureAwait(false);
            default:
                return await dc.EndDialogAsync(result.Result, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DialogState Load(DialogInstance instance) =>
        instance.State.TryGetPropertyValue(InnerStateKey, out var node) && node is not null
            ? node.Deserialize<DialogState>(BotJson.Options) ?? new DialogState()
            : new DialogState();

    private static void Store(DialogInstance instance, DialogState innerState) =>
        instance.State[InnerStateKey] = JsonSerializer.SerializeToNode(innerState, BotJson.Options);
}
