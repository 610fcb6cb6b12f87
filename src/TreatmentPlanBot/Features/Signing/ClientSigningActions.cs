using System.Globalization;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.MyPlan;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>
/// The client signs the version they were sent, from their own chat: their typed name and "I agree", recorded with the
/// time on that version and its content hash. Only the linked client signs their own plan; a card from before an edit
/// signs nothing and shows the plan as it is now; a second press says it was already signed. The clinician is told.
/// </summary>
public sealed class ClientSigningActions(ClientFiles files, Notifier notifier, StaffDirectory staff, CardRenderer cards, IOptions<ClinicOptions> clinic) : ICardActionHandler
{
    public const string Sign = "plan.sign.client";

    public const int NameLimit = 100;

    public IReadOnlyCollection<string> Verbs { get; } = [Sign];

    public bool ForClients => true;

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var clientId = context.GetString("clientId");
        if (context.User.Client is not { } link || clientId != link.ClientId)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        try
        {
            var opened = await files.OpenToSignAsync(context.User.Caller, clientId, SignerRole.Client, "plan signature", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return CardActionResult.Say(AccessDecision.RefusalMessage);
            }

            var file = opened.File;
            var clinician = (await staff.FindAsync(file.Enrolment.TenantId, file.Enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician";
            if (await file.GetClientFacingPlanAsync(cancellationToken).ConfigureAwait(false) is not { } facing)
            {
                return CardActionResult.Say(MyPlanCommand.NoPlanYet);
            }

            var version = int.TryParse(context.GetString("version"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
            var hash = context.GetString("contentHash") ?? string.Empty;
            var typed = (context.GetString("typedName") ?? string.Empty).Trim();
            var agreed = string.Equals(context.GetString("agree"), "true", StringComparison.OrdinalIgnoreCase);
            var error = typed.Length == 0 ? "Please type your full name to sign. Nothing was signed yet."
                : typed.Length > NameLimit ? $"Please keep your name under {NameLimit} characters. Nothing was signed yet."
                : !agreed ? "Please tick “I agree” to sign. Nothing was signed yet."
                : null;
            if (error is not null && facing.Version == version && facing.ContentHash == hash && !facing.SignedByClient)
            {
                return Card(file.Enrolment.DisplayName, facing, null, SigningNotification.SignCard(clientId, facing, clinician, typed, error));
            }

            var result = await file.SignAsync(version, hash, typed, context.Turn.Clock().UtcNow, cancellationToken).ConfigureAwait(false);
            var now = result.Plan is { } plan ? ClientFacingPlan.From(plan) : facing;
            switch (result.Outcome)
            {
                case SigningOutcome.Outdated:
                    return Card(file.Enrolment.DisplayName, now,
                        $"This card showed an earlier version of your plan, so nothing was signed. Your plan has changed since: here it is as it is now (version {now.Version}). {clinician} will send it to you to sign when it is ready.", null);
                case SigningOutcome.AlreadySigned:
                    return Card(file.Enrolment.DisplayName, now, $"You already signed version {now.Version} on {SigningActions.Display(result.Signature!.SignedAt)}. Nothing was signed twice.", null);
                case SigningOutcome.Refused or SigningOutcome.NoPlan:
                    return Card(file.Enrolment.DisplayName, now, $"{result.Reason ?? "There is nothing to sign yet."} Nothing was signed.", null);
            }

            var notification = SigningNotification.For(file.Enrolment.TenantId, clientId, SigningStep.ClientSigned, result.Plan!, context.User.Caller.UserId);
            await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
            return Card(file.Enrolment.DisplayName, now,
                $"Thank you, {typed}: you signed version {now.Version} of your plan on {SigningActions.Display(result.Signature!.SignedAt)}. {clinician} has been told.", null);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Unavailable or StorageErrorKind.Conflict)
        {
            return CardActionResult.Say(OutageWords.NothingSigned);
        }
    }

    private CardActionResult Card(string displayName, ClientFacingPlan plan, string? notice, object? signing) =>
        CardActionResult.ShowCard(cards.Render(MyPlanCommand.Template, MyPlanCommand.View(displayName, plan, clinic.Value.CrisisLine, notice, signing)));
}
