using System.Text.Json;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Time;

namespace BotCore.Dialogs;

/// <summary>A dialog stack in one turn: start, continue, end and cancel dialogs on it.</summary>
public sealed class DialogContext
{
    private readonly DialogState _state;

    public DialogContext(DialogSet dialogs, ITurnContext turnContext, DialogState state, DialogContext? parent = null)
    {
        Dialogs = dialogs ?? throw new ArgumentNullException(nameof(dialogs));
        Context = turnContext ?? throw new ArgumentNullException(nameof(turnContext));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        Parent = parent;
    }

    public DialogSet Dialogs { get; }

    public ITurnContext Context { get; }

    /// <summary>The stack of the enclosing component dialog, if this is a component's inner stack.</summary>
    public DialogContext? Parent { get; }

    /// <summary>Running dialogs, the active one first.</summary>
    public IReadOnlyList<DialogInstance> Stack => _state.DialogStack;

    public DialogInstance? ActiveDialog => _state.DialogStack.Count > 0 ? _state.DialogStack[0] : null;

    /// <summary>The settings for this turn; defaults when the turn runner put none in the turn state.</summary>
    public DialogOptions Settings => Context.TurnState.Get<DialogOptions>() ?? DefaultSettings;

    /// <summary>The clock for this turn (relative dates); the system clock when the turn runner put none in the turn state.</summary>
    public TimeProvider TimeProvider => Context.TurnState.Get<TimeProvider>() ?? TimeProvider.System;

    /// <summary>The clock of the person in this turn: "today" and times of day in their time zone.</summary>
    public LocalClock Clock => Context.Clock();

    private static DialogOptions DefaultSettings { get; } = new();

    /// <summary>Finds a dialog in this set or an enclosing one.</summary>
    public Dialog? FindDialog(string dialogId) => Dialogs.Find(dialogId) ?? Parent?.FindDialog(dialogId);

    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        var dialog = FindDialog(dialogId) ?? throw new InvalidOperationException($"No dialog with id '{dialogId}' in this set or its parents.");
        _state.DialogStack.Insert(0, new DialogInstance { Id = dialogId });
        return await dialog.BeginDialogAsync(this, options, cancellationToken).ConfigureAwait(false);
    }

    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BeginDialogAsync(dialogId, options, cancellationToken);
    }

    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken = default)
    {
        if (ActiveDialog is not { } instance)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }

        return await GetDialog(instance).ContinueDialogAsync(this, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the active dialog and hands <paramref name="result"/> to the one below it, or completes the stack.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        await PopAsync(DialogReason.EndCalled, cancellationToken).ConfigureAwait(false);
        if (ActiveDialog is { } parent)
        {
            return await GetDialog(parent).ResumeDialogAsync(this, DialogReason.EndCalled, result, cancellationToken).ConfigureAwait(false);
        }

        return new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    /// <summary>Ends the active dialog and starts another in its place; the one below is not resumed in between.</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        await PopAsync(DialogReason.ReplaceCalled, cancellationToken).ConfigureAwait(false);
        return await BeginDialogAsync(dialogId, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends every dialog on this stack. Enclosing component dialogs end too (the cancellation travels outwards).</summary>
    public async Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken = default) =>
        await CancelAllDialogsAsync(new DialogCancellation(DialogCancellationReason.Requested), cancellationToken).ConfigureAwait(false);

    public async Task<DialogTurnResult> CancelAllDialogsAsync(DialogCancellation cancellation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        if (Stack.Count == 0)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }

        while (Stack.Count > 0)
        {
            await PopAsync(DialogReason.CancelCalled, cancellationToken).ConfigureAwait(false);
        }

        return new DialogTurnResult(DialogTurnStatus.Cancelled, cancellation);
    }

    /// <summary>Asks the active dialog to repeat its question.</summary>
    public async Task RepromptDialogAsync(CancellationToken cancellationToken = default)
    {
        if (ActiveDialog is { } instance)
        {
            await GetDialog(instance).RepromptDialogAsync(this, instance, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The options of the prompt the user is answering, however deep in component dialogs it is; null if none.</summary>
    public PromptOptions? FindActivePromptOptions()
    {
        var context = this;
        while (context.ActiveDialog is { } instance)
        {
            var dialog = context.FindDialog(instance.Id);
            switch (dialog)
            {
                case IPrompt:
                    return instance.State.TryGetPropertyValue(PromptStateKeys.Options, out var node) && node is not null
                        ? node.Deserialize<PromptOptions>(BotJson.Options)
                        : null;
                case ComponentDialog component:
                    context = component.CreateInnerContext(context, instance);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    internal Dialog GetDialog(DialogInstance instance) =>
        FindDialog(instance.Id) ?? throw new InvalidOperationException($"The stored dialog stack names '{instance.Id}', which is not in this dialog set. Was it renamed?");

    private async Task PopAsync(DialogReason reason, CancellationToken cancellationToken)
    {
        if (ActiveDialog is not { } instance)
        {
            return;
        }

        var dialog = FindDialog(instance.Id);
        if (dialog is not null)
        {
            await dialog.EndDialogAsync(this, instance, reason, cancellationToken).ConfigureAwait(false);
        }

        _state.DialogStack.Remove(instance);
    }
}
