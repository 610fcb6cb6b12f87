using BotCore.Schema;

namespace BotCore.Dialogs;

/// <summary>
/// A component dialog the user can interrupt at any step: a cancel word (<see cref="DialogOptions.CancelWords"/>) stops the
/// whole stack and says what was kept; a help word explains the current step and asks it again. A prompt that runs out of
/// attempts also ends here, saying what was kept. The application supplies the words of both explanations.
/// When these dialogs are nested, the innermost active one answers.
/// </summary>
public abstract class InterruptibleDialog(string id) : ComponentDialog(id)
{
    /// <summary>Explains the step the user is on, e.g. from <see cref="DialogContext.FindActivePromptOptions"/>'s Help.</summary>
    protected abstract string DescribeCurrentStep(DialogContext innerDc);

    /// <summary>
    /// Says what stopping keeps and what it discards (and keeps it, if the dialog saves drafts).
    /// Called with the inner stack still intact, so step values can be read.
    /// </summary>
    protected abstract Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken);

    protected override async Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        var activeChild = innerDc.ActiveDialog is { } active ? innerDc.FindDialog(active.Id) : null;
        if (activeChild is not InterruptibleDialog)
        {
            switch (Recognize(innerDc))
            {
                case Interruption.Cancel:
                    var kept = await DescribeWhatIsKeptAsync(innerDc, DialogCancellationReason.Requested, cancellationToken).ConfigureAwait(false);
                    await innerDc.Context.SendActivityAsync(kept, cancellationToken).ConfigureAwait(false);
                    return await innerDc.CancelAllDialogsAsync(new DialogCancellation(DialogCancellationReason.Requested, Announced: true), cancellationToken).ConfigureAwait(false);
                case Interruption.Help:
                    await innerDc.Context.SendActivityAsync(DescribeCurrentStep(innerDc), cancellationToken).ConfigureAwait(false);
                    await innerDc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
                    return EndOfTurn;
            }
        }

        return await base.OnContinueDialogAsync(innerDc, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<DialogCancellation> OnInnerCancelledAsync(DialogContext innerDcBeforeTurn, DialogCancellation cancellation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDcBeforeTurn);
        ArgumentNullException.ThrowIfNull(cancellation);
        if (cancellation.Announced)
        {
            return cancellation;
        }

        var kept = await DescribeWhatIsKeptAsync(innerDcBeforeTurn, cancellation.Reason, cancellationToken).ConfigureAwait(false);
        await innerDcBeforeTurn.Context.SendActivityAsync(kept, cancellationToken).ConfigureAwait(false);
        return cancellation with { Announced = true };
    }

    private static Interruption Recognize(DialogContext dc)
    {
        var activity = dc.Context.Activity;
        if (activity.Type != ActivityTypes.Message || string.IsNullOrWhiteSpace(activity.Text))
        {
            return Interruption.None;
        }

        var text = activity.Text.Trim().TrimEnd('.', '!');
        if (dc.Settings.EffectiveCancelWords.Any(w => string.Equals(w.Trim(), text, StringComparison.OrdinalIgnoreCase)))
        {
            return Interruption.Cancel;
        }

        return dc.Settings.EffectiveHelpWords.Any(w => string.Equals(w.Trim(), text, StringComparison.OrdinalIgnoreCase))
            ? Interruption.Help
            : Interruption.None;
    }

    private enum Interruption
    {
        None,
        Cancel,
        Help,
    }
}
