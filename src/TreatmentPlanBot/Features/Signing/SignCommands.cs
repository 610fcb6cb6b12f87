using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Features.MyPlan;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>"sign [client]": the clinician signs the current plan version and sends it to the client to sign, as the plan card's two buttons do.</summary>
public sealed class SignCommand : IBotCommand
{
    public string Name => "sign";

    public string Usage => "sign [client]";

    public string Description => "Sign the current version of a client's plan and send it to them to sign";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(SignDialog.DialogId, ClientCommandDialog.Parse(argument), cancellationToken);
}

/// <summary>
/// Finds the client with the shared picker, then does what "Sign as clinician" and "Send for signature" do for the
/// version current now (<see cref="SigningActions"/>: the same checks, notices and notifications), and shows the plan card
/// with what happened. Typed twice, it signs nothing twice and sends nothing twice.
/// </summary>
public sealed class SignDialog(ClientFiles files, SigningActions signing, PlanCardBuilder plans, TurnUserResolver users)
    : ClientCommandDialog(DialogId, "sign the plan of", users)
{
    public const string DialogId = "signing.sign";

    protected override async Task<Activity> AnswerAsync(ITurnContext turn, TurnUser user, string clientId, string? option, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(user.Caller, clientId, ClientAction.Read, "plan signature", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return ActivityExtensions.CreateMessage(AccessDecision.RefusalMessage);
        }

        if (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { Value: var plan })
        {
            return ActivityExtensions.CreateMessage(PlanCardBuilder.NoPlanYet(opened.File.Enrolment.DisplayName));
        }

        var clock = turn.Clock();
        var signed = await signing.SignAsync(user.Caller, clientId, SignerRole.Clinician, plan.Version, plan.ContentHash, clock.UtcNow, cancellationToken).ConfigureAwait(false);
        var sent = plan.Problems.Count == 0 ? null : await signing.RequestAsync(user.Caller, clientId, plan.Version, plan.ContentHash, cancellationToken).ConfigureAwait(false);
        var notice = string.Join(" ", new[] { signed, sent }.OfType<string>());
        return (await plans.RenderAsync(user.Caller, clock, clientId, 1, null, notice, cancellationToken).ConfigureAwait(false)).ToActivity("Plan");
    }
}

/// <summary>
/// "sign" in the client's own chat: their plan card with the signing section for the version their clinician sent them,
/// or a plain word that nothing is waiting (never sent, already signed, or changed since it was sent).
/// </summary>
public sealed class ClientSignCommand(ClientFiles files, Notifier notifier, SigningNotification signingCards, StaffDirectory staff) : IBotCommand
{
    public string Name => "sign";

    public string Usage => "sign";

    public string Description => "Read and sign the version of your plan your clinician sent you";

    public StaffRoles Audience => StaffRoles.None;

    public bool ForClients => true;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        if (context.User.Client is not { } link)
        {
            await context.Turn.SendActivityAsync(BotReplies.OnlyForClients, cancellationToken).ConfigureAwait(false);
            return;
        }

        await context.Turn.SendActivityAsync(await AnswerAsync(context, link.ClientId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Activity> AnswerAsync(CommandContext context, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenOwnAsync(context.User.Caller, clientId, "plan signature", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return ActivityExtensions.CreateMessage(AccessDecision.RefusalMessage);
        }

        var file = opened.File;
        if (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { } facing)
        {
            return ActivityExtensions.CreateMessage(MyPlanCommand.NoPlanYet);
        }

        var clinician = (await staff.FindAsync(file.Enrolment.TenantId, file.Enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician";
        if (facing.SignedByClient)
        {
            return ActivityExtensions.CreateMessage($"You have already signed version {facing.Version} of your plan, the current one. Nothing is waiting for your signature; say **my plan** to read it.");
        }

        var sent = await notifier.ReportAsync(SigningNotification.IdFor(clientId, SigningStep.Request, facing.Version, facing.ContentHash), cancellationToken).ConfigureAwait(false);
        return sent is null
            ? ActivityExtensions.CreateMessage($"Nothing is waiting for your signature right now. {clinician} will send you your plan to sign when it is ready; say **my plan** to read it meanwhile.")
            : signingCards.SigningCardMessage(clientId, file.Enrolment.DisplayName, facing, clinician, $"{clinician} sent you version {facing.Version} of your plan to read and sign.");
    }
}
