using System.Globalization;
using System.Text.Json;
using BotCore;
using BotCore.Connector;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Risk;

/// <summary>
/// What happens the moment a risk flag fires, in the same turn: the clinician gets the <c>safety-steps</c> card, the
/// supervisor is alerted in their personal chat, and the risk event records whether that alert got through. The alert
/// is bounded in time and never fails the turn: if it cannot be sent, the clinician is told to tell the supervisor.
/// </summary>
public sealed class RiskResponse(
    StaffDirectory staff,
    ClientFiles files,
    IConnectorClient connector,
    CardRenderer cards,
    IOptions<ClinicOptions> clinic,
    TimeProvider time,
    Clocks clocks,
    ILogger<RiskResponse> logger)
{
    public const string AcuteNotice =
        "This needs an immediate safety response. If the client is in danger now, call emergency services (911 in the US) and do not leave them alone.";

    public const string AlertAlreadyUnderway =
        "an alert was already being sent for this risk by your other press of the button, and I couldn't confirm it arrived. If you are unsure, tell your supervisor yourself now.";

    // Long enough for the connector's first retry; short enough that the clinician's safety steps are not held up.
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(5);

    // How long a turn that lost the claim waits for the holder's outcome, and how often it looks.
    private static readonly TimeSpan OutcomeWait = AlertTimeout + TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OutcomePoll = TimeSpan.FromMilliseconds(100);

    // A claim with no outcome after this long belongs to a turn that stopped mid-send: a later press may take it over.
    private static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Alerts the supervisor once per risk event, records the outcome on it, and sends the safety steps to the clinician.
    /// Once: a turn that finds the outcome recorded does not send, and of two turns racing (a double press, a re-run
    /// while the first is still sending) only the one that claims the alert (<see cref="ClinicianFile.ClaimSupervisorAlertAsync"/>)
    /// sends; the other waits for the outcome it records.
    /// </summary>
    public async Task RespondAsync(ITurnContext turn, ClinicianFile file, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var (clinician, client) = (file.OpenedBy, file.Enrolment);
        var current = riskEvent.SupervisorAlertOutcome is null
            ? await AlertOnceAsync(turn, file, riskEvent, cancellationToken).ConfigureAwait(false)
            : riskEvent;

        await turn.SendActivityAsync(cards.Message("safety-steps", SafetyStepsView(turn.Activity, clinician, client, current), "Risk flagged: safety steps"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>safety-steps</c> view of a risk event (also the card an acknowledgement puts in its place).</summary>
    public object SafetyStepsView(Activity activity, Caller viewer, ClientEnrolment client, RiskEvent riskEvent)
    {
        var offset = clocks.For(activity).ToLocal(riskEvent.RaisedAt).Offset;
        return new
        {
            riskEventId = riskEvent.Id,
            clientId = client.ClientId,
            client = new { displayName = CardText.Escape(client.DisplayName) },
            flagged = CardText.Escape(riskEvent.Description),
            level = LevelInWords(riskEvent.Level),
            urgent = riskEvent.Level == RiskLevels.Acute ? AcuteNotice : null,
            flaggedAt = $"{Display(riskEvent.RaisedAt, offset)}, in session",
            safetySteps = clinic.Value.SafetySteps,
            crisisLine = clinic.Value.CrisisLine,
            clientShownCrisisLine = false,
            recordedAt = Display(riskEvent.RaisedAt, offset),
            supervisor = CardText.Escape(riskEvent.SupervisorAlertOutcome ?? "not alerted yet"),
            acknowledged = riskEvent.AcknowledgedAt is { } at
                ? $"by {(riskEvent.AcknowledgedBy == viewer.UserId ? "you" : "a colleague")} at {at.ToOffset(offset).ToString("HH:mm", CultureInfo.InvariantCulture)}"
                : null,
        };
    }

    /// <summary>A risk answer that could not be recorded yet (the records were unreachable): the steps, in plain text.</summary>
    public string UnrecordedWarning(string flagged)
    {
        var steps = clinic.Value.SafetySteps.Count == 0
            ? "Follow your clinic's safety protocol."
            : string.Join("\n", clinic.Value.SafetySteps.Select((step, i) => $"{i + 1}. {step}"));
        return $"**Risk flagged.** {flagged}\n\nI couldn't reach the clinic's records to record it or alert your supervisor, so tell your supervisor yourself now. Safety steps:\n{steps}\n\nCrisis line: {clinic.Value.CrisisLine}";
    }

    public static string LevelInWords(string level) => level == RiskLevels.Acute
        ? "Acute: imminent risk identified."
        : "Non-acute: potential risk identified; a safety assessment is needed before the client leaves.";

    private async Task<(bool Alerted, string Outcome)> AlertSupervisorAsync(ITurnContext turn, Caller clinician, ClientEnrolment client, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var member = (await staff.FindAsync(clinician.TenantId, clinician.UserId, cancellationToken).ConfigureAwait(false))?.Value;
        if (member?.SupervisorId is not { } supervisorId)
        {
            return (false, "not alerted: no supervisor is assigned to you. Tell your supervisor or the clinician on duty yourself now.");
        }

        var supervisor = (await staff.FindAsync(clinician.TenantId, supervisorId, cancellationToken).ConfigureAwait(false))?.Value;
        if (supervisor?.PersonalChat is not { Conversation.Id: { } conversationId, ServiceUrl: { } serviceUrl } chat
            || !string.Equals(chat.Conversation.ConversationType ?? "personal", "personal", StringComparison.OrdinalIgnoreCase))
        {
            return (false, "not alerted: your supervisor has no chat with me yet, so I can't reach them. Tell them yourself now.");
        }

        // The alert names the client only when the supervisor may read this client's record (checked and audited).
        var supervisorCaller = new Caller(clinician.TenantId, supervisorId, supervisor.DisplayName, InPersonalChat: true);
        var decision = await files.MayReadAsync(supervisorCaller, client.ClientId, "risk alert", cancellationToken).ConfigureAwait(false);
        var who = decision.Allowed ? $"{client.DisplayName}, a client of {member.DisplayName}," : $"A client of {member.DisplayName}";
        var text = $"**Risk alert.** {who} had a risk flag just now ({(riskEvent.Level == RiskLevels.Acute ? "acute: imminent risk" : "non-acute")}). "
            + $"{member.DisplayName} has been shown the clinic's safety steps. Please contact them today"
            + (riskEvent.Level == RiskLevels.Acute ? ", now if you can." : ".");

        try
        {
            using var timeout = new CancellationTokenSource(AlertTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            // Only a supervisor allowed to read the record gets the button; plan.show checks access again when pressed.
            var alert = decision.Allowed
                ? cards.Message("risk-alert-open", new { clientId = client.ClientId }, "Risk alert") with { Text = text }
                : ActivityExtensions.CreateMessage(text);
            var message = alert.ApplyConversationReference(chat with { ActivityId = null });
            var sent = await connector.SendToConversationAsync(serviceUrl, conversationId, message, linked.Token).ConfigureAwait(false);
            logger.LogInformation("Risk alert for risk event {RiskEventId} to supervisor {SupervisorId}: {Outcome}", riskEvent.Id, supervisorId, sent.Outcome);
            return sent.Outcome switch
            {
                ConnectorOutcome.Success => (true, $"{supervisor.DisplayName} was alerted in their chat with me"),
                ConnectorOutcome.Blocked => (false, $"not alerted: {supervisor.DisplayName} has blocked or removed me in Teams, so the alert could not be delivered. Tell them yourself now."),
                _ => (false, $"not alerted: the alert to {supervisor.DisplayName} could not be delivered just now. Tell them yourself now."),
            };
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Risk alert for risk event {RiskEventId} to supervisor {SupervisorId} failed: {Error}", riskEvent.Id, supervisorId, exception.GetType().Name);
            return (false, $"not alerted: the alert to {supervisor.DisplayName} could not be delivered just now. Tell them yourself now.");
        }
    }

    private async Task<RiskEvent> AlertOnceAsync(ITurnContext turn, ClinicianFile file, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var claim = new SupervisorAlertClaim(riskEvent.Id, time.GetUtcNow(), turn.Activity.Id ?? "unknown");
        if (!await file.ClaimSupervisorAlertAsync(claim, cancellationToken).ConfigureAwait(false))
        {
            if (await AwaitOutcomeAsync(file, riskEvent.Id, cancellationToken).ConfigureAwait(false) is { } recorded)
            {
                return recorded;
            }

            var held = await file.GetSupervisorAlertClaimAsync(riskEvent.Id, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (held is null || now - held.Value.ClaimedAt < ClaimLease
                || !await file.ReclaimSupervisorAlertAsync(claim with { ClaimedAt = now }, held.ETag, cancellationToken).ConfigureAwait(false))
            {
                logger.LogWarning("Risk alert for risk event {RiskEventId} is held by another turn without an outcome yet", riskEvent.Id);
                return riskEvent with { SupervisorAlertOutcome = AlertAlreadyUnderway };
            }

            logger.LogWarning("Risk alert for risk event {RiskEventId} taken over from a turn that recorded no outcome", riskEvent.Id);
        }

        var (alerted, outcome) = await AlertSupervisorAsync(turn, file.OpenedBy, file.Enrolment, riskEvent, cancellationToken).ConfigureAwait(false);
        return await RecordAlertAsync(file, riskEvent, alerted, outcome, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RiskEvent?> AwaitOutcomeAsync(ClinicianFile file, string riskEventId, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + OutcomeWait;
        do
        {
            var stored = await file.FindRiskEventAsync(riskEventId, cancellationToken).ConfigureAwait(false);
            if (stored?.Value.SupervisorAlertOutcome is not null)
            {
                return stored.Value;
            }

            await Task.Delay(OutcomePoll, time, cancellationToken).ConfigureAwait(false);
        }
        while (time.GetUtcNow() < until);

        return null;
    }

    private static async Task<RiskEvent> RecordAlertAsync(ClinicianFile file, RiskEvent riskEvent, bool alerted, string outcome, CancellationToken cancellationToken)
    {
        // Someone may have acknowledged the event meanwhile: re-read and apply, so neither change is lost.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await file.FindRiskEventAsync(riskEvent.Id, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                break;
            }

            var updated = stored.Value with { SupervisorAlerted = alerted, SupervisorAlertOutcome = outcome };
            try
            {
                await file.ReplaceRiskEventAsync(updated, stored.ETag, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
            }
        }

        return riskEvent with { SupervisorAlerted = alerted, SupervisorAlertOutcome = outcome };
    }

    private static string Display(DateTimeOffset at, TimeSpan offset) =>
        at.ToOffset(offset).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The stored words for a risk event's level.</summary>
public static class RiskLevels
{
    public const string Acute = "acute";
    public const string NonAcute = "nonAcute";
}
