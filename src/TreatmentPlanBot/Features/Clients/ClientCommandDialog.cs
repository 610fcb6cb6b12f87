using BotCore;
using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Bot;

namespace TreatmentPlanBot.Features.Clients;

/// <summary>What was typed after a "verb [client]" command: the name (or nothing), and a trailing option word, if any.</summary>
public sealed record ClientCommandOptions(string? Query, string? Option = null);

/// <summary>
/// "verb [client]": finds the client with the shared picker, then answers once for that client (usually a card).
/// A feature says what the command is for and what it answers; the picking, cancel and help are the same everywhere.
/// </summary>
public abstract class ClientCommandDialog : InterruptibleDialog
{

    private readonly TurnUserResolver _users;
    private readonly string _purpose;
    private readonly bool _wholeClinic;

    protected ClientCommandDialog(string dialogId, string purpose, TurnUserResolver users, bool wholeClinic = false)
        : base(dialogId)
    {
        _users = users;
        _purpose = purpose;
        _wholeClinic = wholeClinic;
        AddDialog(new WaterfallDialog(dialogId + ".steps", [PickAsync, AnswerAsync]));
        InitialDialogId = dialogId + ".steps";
    }

    /// <summary>The answer for the chosen client; the caller's access is for the implementation to check (through ClientFiles).</summary>
    protected abstract Task<Activity> AnswerAsync(ITurnContext turn, TurnUser user, string clientId, string? option, CancellationToken cancellationToken);

    /// <summary>What the picker asks the client for ("record a session for"); a command with option words may vary it.</summary>
    protected virtual string PurposeFor(string? option) => _purpose;

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        $"I'm finding the client you want to {_purpose}. Pick one of the clients listed or type more of their name; say **cancel** to stop.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult("Nothing was opened or changed.");

    private Task<DialogTurnResult> PickAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<ClientCommandOptions>();
        step.Values.Set("option", options?.Option ?? string.Empty);
        return step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(options?.Query, PurposeFor(options?.Option), _wholeClinic), cancellationToken);
    }

    private async Task<DialogTurnResult> AnswerAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string clientId && await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false) is { } user)
        {
            var option = step.Values.TryGet<string>("option", out var typed) && typed.Length > 0 ? typed : null;
            var reply = await AnswerAsync(step.Context, user, clientId, option, cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Splits "Jordan referral" into the name and a trailing option word it knows ("referral"), if typed.</summary>
    public static ClientCommandOptions Parse(string argument, params string[] optionWords)
    {
        var trimmed = argument.Trim();
        foreach (var word in optionWords)
        {
            if (trimmed.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return new ClientCommandOptions(null, word);
            }

            if (trimmed.EndsWith(" " + word, StringComparison.OrdinalIgnoreCase))
            {
                return new ClientCommandOptions(trimmed[..^(word.Length + 1)].Trim(), word);
            }
        }

        return new ClientCommandOptions(trimmed.Length == 0 ? null : trimmed);
    }
}
