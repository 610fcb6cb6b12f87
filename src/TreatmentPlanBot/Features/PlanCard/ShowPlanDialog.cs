using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>What the clinician typed after "show plan" (a name, part of one, or nothing).</summary>
public sealed record ShowPlanOptions(string? Query);

/// <summary>"show plan &lt;client&gt;": finds the client among the clinician's own, then shows page 1 of their plan.</summary>
public sealed class ShowPlanDialog : InterruptibleDialog
{
    public const string DialogId = "plan-card.show";

    private readonly PlanCardBuilder _plans;
    private readonly TurnUserResolver _users;

    public ShowPlanDialog(PlanCardBuilder plans, TurnUserResolver users)
        : base(DialogId)
    {
        _plans = plans;
        _users = users;
        AddDialog(new WaterfallDialog("plan-card.show.steps", [PickClientAsync, ShowAsync]));
        InitialDialogId = "plan-card.show.steps";
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        "I'm finding the client whose plan you want to see. Pick one of the clients listed or type more of their name; say **cancel** to stop.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult("Nothing was opened or changed. Say **show plan** and a name whenever you want to see a plan.");

    private static Task<DialogTurnResult> PickClientAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(step.GetOptions<ShowPlanOptions>()?.Query, "see the plan of"), cancellationToken);

    private async Task<DialogTurnResult> ShowAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string clientId && await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false) is { } user)
        {
            var reply = (await _plans.RenderAsync(user.Caller, step.Context.Clock(), clientId, 1, null, null, cancellationToken).ConfigureAwait(false)).ToActivity("Treatment plan");
            await step.Context.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}
