using BotCore;
using System.Text.Json;
using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Bot;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>
/// Holds finished answers when the clinic's records could not be reached, so nothing the clinician entered is lost:
/// any message tries the save again.
/// </summary>
internal sealed class SaveRetryDialog(AssessmentCompletion completion) : Dialog(DialogId)
{
    public const string DialogId = "assessment.save-retry";
    private const string PendingKey = "pending";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        dc.ActiveDialog!.State[PendingKey] = JsonSerializer.SerializeToNode((PendingAssessment)options!, BotJson.Options);
        await TellAsync(dc, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.Context.Activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }

        var pending = dc.ActiveDialog!.State[PendingKey].Deserialize<PendingAssessment>(BotJson.Options)!;
        try
        {
            await completion.CompleteAsync(dc.Context, pending, cancellationToken).ConfigureAwait(false);
            return await dc.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            await TellAsync(dc, cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }
    }

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken) =>
        TellAsync(dc, cancellationToken);

    private static Task TellAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.Context.SendActivityAsync(OutageWords.AnswersKept("say **try again** to save them, or **cancel** to discard them"), cancellationToken);
}
