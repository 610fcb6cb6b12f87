using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Handover;

/// <summary>
/// "reassign [client]" and the card's "Hand over" (<c>client.reassign</c>): an admin, or the clinician's supervisor,
/// moves a client to another clinician. The enrolment changes by ETag; the caseload line moves; lifecycle listeners
/// move the client's pending work; both clinicians are told through the notifier. The handover id is drawn when the
/// card is shown, so a second press finds its own handover done.
/// </summary>
public sealed class ReassignActions(
    ClientFiles files,
    StaffDirectory staff,
    CaseloadRefresher caseload,
    LifecycleListeners listeners,
    Notifier notifier,
    CardRenderer cards) : ICardActionHandler
{
    public const string Template = "client-reassign";

    public const string NotYours = "Only an admin or the clinician's supervisor can hand a client over to another clinician.";

    public IReadOnlyCollection<string> Verbs { get; } = ["client.reassign"];

    /// <summary>The card for the client, or why not (the gate's refusal, or the words for a clinician of record).</summary>
    public async Task<CardActionResult> CardAsync(Caller caller, string clientId, string? notice, string? chosen, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(caller, clientId, cancellationToken).ConfigureAwait(false);
        if (opened.Refusal is { } refusal)
        {
            return CardActionResult.Say(refusal);
        }

        var file = opened.File!;
        var enrolment = await file.GetEnrolmentAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new StorageException(StorageErrorKind.NotFound, "The enrolment is gone.");
        var choices = await ChoicesAsync(caller, file.Relationship, enrolment.Value.ClinicianId, cancellationToken).ConfigureAwait(false);
        var current = await NameAsync(caller.TenantId, enrolment.Value.ClinicianId, cancellationToken).ConfigureAwait(false);
        if (choices.Count == 0)
        {
            // An empty picker is a dead end: say who could take the client over instead.
            return CardActionResult.Say(file.Relationship == ClientRelationship.Supervisor
                ? $"None of your other supervisees can take over {CardText.Escape(enrolment.Value.DisplayName)} from {CardText.Escape(current)}. An admin can hand the client to any clinician in the clinic, or assign you another supervisee with **staff**."
                : $"There is no other clinician in the clinic to take over {CardText.Escape(enrolment.Value.DisplayName)}. Add one with **staff** first.");
        }

        return CardActionResult.ShowCard(cards.Render(Template, new ReassignCardModel(
            clientId,
            enrolment.ETag,
            $"handover-{Guid.NewGuid():N}",
            new ReassignClient(CardText.Escape(enrolment.Value.DisplayName), CardText.Escape(current)),
            chosen ?? string.Empty,
            [.. choices.Select(c => new ClinicianChoice(c.UserId, CardText.Escape(c.DisplayName)))]) { Notice = CardText.EscapeOrNull(notice) }));
    }

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId || context.GetString("handoverId") is not { Length: > 0 } handoverId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        var caller = context.User.Caller;
        var opened = await OpenAsync(caller, clientId, cancellationToken).ConfigureAwait(false);
        if (opened.Refusal is { } refusal)
        {
            return CardActionResult.Say(refusal);
        }

        var file = opened.File!;
        var enrolment = (await file.GetEnrolmentAsync(cancellationToken).ConfigureAwait(false))!;
        var chosen = context.GetString("newClinicianId");
        if (enrolment.Value.LastHandoverId == handoverId)
        {
            return CardActionResult.Say($"{CardText.Escape(enrolment.Value.DisplayName)} was already handed over to {CardText.Escape(await NameAsync(caller.TenantId, enrolment.Value.ClinicianId, cancellationToken).ConfigureAwait(false))} (Hand over was pressed before); nothing was changed twice.");
        }

        if (!string.Equals(context.GetString("enrolmentVersion"), enrolment.ETag, StringComparison.Ordinal))
        {
            return await CardAsync(caller, clientId, "This client's record changed since that card was sent, so nothing was changed. Here is the current state: choose again.", chosen, cancellationToken).ConfigureAwait(false);
        }

        var choices = await ChoicesAsync(caller, file.Relationship, enrolment.Value.ClinicianId, cancellationToken).ConfigureAwait(false);
        var to = choices.FirstOrDefault(c => string.Equals(c.UserId, chosen, StringComparison.OrdinalIgnoreCase));
        if (to is null)
        {
            return await CardAsync(caller, clientId, "Choose one of the clinicians listed: the client can be handed only to another clinician you may assign.", null, cancellationToken).ConfigureAwait(false);
        }

        var from = enrolment.Value.ClinicianId;
        try
        {
            await file.ReplaceEnrolmentAsync(enrolment.Value with { ClinicianId = to.UserId, LastHandoverId = handoverId }, enrolment.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            var now = (await file.GetEnrolmentAsync(cancellationToken).ConfigureAwait(false))?.Value;
            return now?.LastHandoverId == handoverId
                ? CardActionResult.Say($"{CardText.Escape(now.DisplayName)} was already handed over (Hand over was pressed before); nothing was changed twice.")
                : await CardAsync(caller, clientId, "This client's record changed while you were choosing, so nothing was changed. Here is the current state: choose again.", chosen, cancellationToken).ConfigureAwait(false);
        }

        await caseload.MoveAsync(caller.TenantId, from, clientId, cancellationToken).ConfigureAwait(false);
        await listeners.ReassignedAsync(new ClientReassigned(caller.TenantId, clientId, from, to.UserId, caller.UserId, context.Turn.Clock().UtcNow), cancellationToken).ConfigureAwait(false);
        var notification = HandoverNotification.For(caller.TenantId, clientId, handoverId, from, to.UserId, caller.UserId);
        var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say(
            $"{CardText.Escape(enrolment.Value.DisplayName)} is now {CardText.Escape(to.DisplayName)}'s client: their caseload, the record and the client's pending work moved with them. "
            + notifier.Summary(notification, report));
    }

    private async Task<(EnrolmentFile? File, string? Refusal)> OpenAsync(Caller caller, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenEnrolmentAsync(caller, clientId, "handover", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return (null, AccessDecision.RefusalMessage);
        }

        // The enrolment handle also opens for the clinician of record (status work); handing over is not theirs to do.
        return opened.File.Relationship is ClientRelationship.Admin or ClientRelationship.Supervisor ? (opened.File, null) : (null, NotYours);
    }

    /// <summary>
    /// Who may take the client: an admin picks any clinician of the clinic; a supervisor one of their own supervisees,
    /// so the client stays under their supervision. Never the current clinician.
    /// </summary>
    private async Task<IReadOnlyList<StaffMember>> ChoicesAsync(Caller caller, ClientRelationship relationship, string currentClinicianId, CancellationToken cancellationToken) =>
        [.. (await staff.ListAsync(caller.TenantId, cancellationToken).ConfigureAwait(false))
            .Where(m => m.Has(StaffRoles.Clinician) && !string.Equals(m.UserId, currentClinicianId, StringComparison.OrdinalIgnoreCase))
            .Where(m => relationship == ClientRelationship.Admin || string.Equals(m.SupervisorId, caller.UserId, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)];

    private async Task<string> NameAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        (await staff.FindAsync(tenantId, userId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "a former clinician";
}

/// <summary>"reassign [client]": admins and supervisors hand a client over to another clinician.</summary>
public sealed class ReassignDialog(ReassignActions reassign, TurnUserResolver users)
    : ClientCommandDialog(DialogId, "hand over", users, wholeClinic: true)
{
    public const string DialogId = "handover.reassign";

    protected override async Task<Activity> AnswerAsync(ITurnContext turn, TurnUser user, string clientId, string? option, CancellationToken cancellationToken) =>
        (await reassign.CardAsync(user.Caller, clientId, null, null, cancellationToken).ConfigureAwait(false)).ToActivity("Hand over a client");
}

/// <summary>View model of cards/client-reassign.json.</summary>
public sealed record ReassignCardModel(string ClientId, string EnrolmentVersion, string HandoverId, ReassignClient Client, string Chosen, IReadOnlyList<ClinicianChoice> Clinicians)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Notice { get; init; }
}

public sealed record ReassignClient(string DisplayName, string Clinician);

public sealed record ClinicianChoice(string UserId, string Name);
