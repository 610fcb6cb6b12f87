using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>"review [client]": finds the client among the clinician's own, then shows the first step of the review.</summary>
public sealed class ReviewDialog : InterruptibleDialog
{
    public const string DialogId = "reviews.review";

    private readonly ReviewActions _reviews;
    private readonly ClientFiles _files;
    private readonly TurnUserResolver _users;

    public ReviewDialog(ReviewActions reviews, ClientFiles files, TurnUserResolver users)
        : base(DialogId)
    {
        _reviews = reviews;
        _files = files;
        _users = users;
        AddDialog(new WaterfallDialog("reviews.review.steps", [PickClientAsync, StartAsync]));
        InitialDialogId = "reviews.review.steps";
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        "I'm finding the client whose plan you want to review. Pick one of the clients listed or type more of their name; say **cancel** to stop.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult("Nothing was changed. Say **review** and a name whenever you want to review a plan.");

    private static Task<DialogTurnResult> PickClientAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(step.GetOptions<string>(), "review the plan of"), cancellationToken);

    private async Task<DialogTurnResult> StartAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string clientId && await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false) is { } user)
        {
            var opened = await _files.OpenAsClinicianAsync(user.Caller, clientId, ClientAction.Write, "plan review", cancellationToken).ConfigureAwait(false);
            var plan = opened.Allowed ? await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) : null;
            var reply = !opened.Allowed ? ActivityExtensions.CreateMessage(AccessDecision.RefusalMessage)
                : plan is null ? ActivityExtensions.CreateMessage(PlanCardBuilder.NoPlanYet(opened.File.Enrolment.DisplayName))
                : _reviews.Start(opened.File.Enrolment.DisplayName, plan, step.Context.Clock().Today).ToActivity("Plan review");

            await step.Context.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}
