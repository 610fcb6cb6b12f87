using BotCore;
using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Assessment;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Instruments;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>One check-in being answered: its id, the client, its measures, which one is being asked, and the answers so far.</summary>
internal sealed record CheckInRun(string CheckInId, string ClientId, IReadOnlyList<string> Measures, int Index, Dictionary<string, AdministeredAnswers> Answers)
{
    /// <summary>The administration id of one measure of this check-in: ids come from the check-in, never from a press.</summary>
    public string SessionId(string instrumentId) => $"{CheckInId}.{instrumentId}";
}

/// <summary>
/// The client answers a check-in in their own chat, measure by measure, on the same item cards and with the same
/// item-by-item machinery as an assessment in session (<see cref="ItemByItemDialog"/>), with the remote risk response
/// (<see cref="RemoteRisk"/>) in place of the clinician's safety steps. At the end <see cref="CheckInCompletion"/> scores and stores.
/// "stop" or "pause" puts the check-in aside and asks (<see cref="StopCheckIns"/>) whether to stop check-ins altogether.
/// </summary>
internal sealed class CheckInDialog : InterruptibleDialog
{
    public const string DialogId = "checkin";
    private const string Steps = "checkin.steps";

    private static readonly string[] StopWords = ["stop", "pause", "stop check-ins", "stop checkins", "pause check-ins"];

    private readonly InstrumentLibrary _library;
    private readonly CheckInCompletion _completion;
    private readonly RemoteRisk _risk;
    private readonly ItemByItemDialog _items;
    private readonly StopCheckIns _stop;

    public CheckInDialog(InstrumentLibrary library, CardRenderer cards, CheckInCompletion completion, RemoteRisk risk, StopCheckIns stop)
        : base(DialogId)
    {
        _stop = stop;
        _library = library;
        _completion = completion;
        _risk = risk;
        _items = new ItemByItemDialog(library, cards, risk);
        AddDialog(new WaterfallDialog(Steps, [AskAsync, NextAsync]));
        AddDialog(_items);
        InitialDialogId = Steps;
    }

    protected override async Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        var text = innerDc.Context.Activity.Text?.Trim().TrimEnd('.', '!');
        if (text is not null && StopWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            await innerDc.Context.SendActivityAsync(await PutAsideAsync(innerDc, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await innerDc.Context.SendActivityAsync(_stop.Question(), cancellationToken).ConfigureAwait(false);
            return await innerDc.CancelAllDialogsAsync(new DialogCancellation(DialogCancellationReason.Requested, Announced: true), cancellationToken).ConfigureAwait(false);
        }

        return await base.OnContinueDialogAsync(innerDc, cancellationToken).ConfigureAwait(false);
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        innerDc.ActiveDialog?.Id == Steps && innerDc.Stack.Count > 0 && innerDc.Stack[0].Id == ItemByItemDialog.DialogId
            ? _items.DescribeCurrent(innerDc.Stack[0]).Replace("Say **cancel** to stop (nothing is saved).", "Say **stop** if you'd rather not go on.", StringComparison.Ordinal)
            : "I'm asking your check-in questions. Say **stop** if you'd rather not go on.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        PutAsideAsync(innerDc, cancellationToken);

    /// <summary>Stopping part-way keeps no answers, but never the risk those answers already showed.</summary>
    private async Task<string> PutAsideAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        var inner = innerDc.ActiveDialog?.Id == Steps && innerDc.Stack.Count > 0 ? innerDc.Stack[0] : null;
        if (inner?.Id == ItemByItemDialog.DialogId)
        {
            var (session, answers) = AdministrationState.Load(inner);
            await _risk.RaiseEarlyRiskAsync(innerDc.Context, session, _library.Get(session.InstrumentId), answers, cancellationToken, stopping: true).ConfigureAwait(false);
        }

        return "I've put this check-in aside; its answers weren't saved. You can press **Start** on it again while it's open.";
    }

    private Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var run = step.GetOptions<CheckInRun>()!;
        var instrumentId = _library.Get(run.Measures[run.Index]).Id;
        var session = new AdministrationOptions(run.SessionId(instrumentId), instrumentId, run.ClientId) { Mode = AssessmentMode.ClientRemote };
        return step.BeginDialogAsync(ItemByItemDialog.DialogId, session, cancellationToken);
    }

    private async Task<DialogTurnResult> NextAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var run = step.GetOptions<CheckInRun>()!;
        var answers = new Dictionary<string, AdministeredAnswers>(run.Answers) { [_library.Get(run.Measures[run.Index]).Id] = (AdministeredAnswers)step.Result! };
        if (run.Index + 1 < run.Measures.Count)
        {
            return await step.ReplaceDialogAsync(Steps, run with { Index = run.Index + 1, Answers = answers }, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _completion.CompleteAsync(step.Context, run with { Answers = answers }, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            // The risk response already ran with the answer that raised it; the rest can be answered again while it is open.
            await step.Context.SendActivityAsync(OutageWords.CheckInNotSaved, cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}
