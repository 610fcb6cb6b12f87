using BotCore.State;

namespace BotCore.Dialogs;

public static class DialogExtensions
{
    /// <summary>
    /// Continues <paramref name="dialog"/> if it is running in this conversation, otherwise starts it.
    /// The stack is kept through <paramref name="accessor"/>; saving state is the turn runner's job.
    /// Any activity starts the dialog when none is running, so call this for the activities that should.
    /// </summary>
    public static async Task<DialogTurnResult> RunAsync(this Dialog dialog, ITurnContext turnContext, IStatePropertyAccessor<DialogState> accessor, CancellationToken cancellationToken, object? options = null)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        ArgumentNullException.ThrowIfNull(accessor);
        var dialogSet = new DialogSet(accessor).Add(dialog);
        var dc = await dialogSet.CreateContextAsync(turnContext, cancellationToken).ConfigureAwait(false);
        var result = await dc.ContinueDialogAsync(cancellationToken).ConfigureAwait(false);
        if (result.Status == DialogTurnStatus.Empty)
        {
            result = await dc.BeginDialogAsync(dialog.Id, options, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
