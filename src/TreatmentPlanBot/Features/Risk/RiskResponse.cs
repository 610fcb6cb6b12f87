using System.Globalization;
using System.Text.Json;
using BotCore;
using BotCore.Connector;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Risk;

/// <summary>
/// What happens the moment a risk flag fires, in the same turn: the clinician gets the <c>safety-steps</c> card, the
/// supervisor is alerted in their personal chat (through the notifier, bounded in time: what it cannot do in the turn it
/// keeps trying and reports in the clinician's chat), and the risk event records what became of the alert. Nobody
/// reachable: the clinician is told to tell them now, and the clinic's admins are alerted.
/// </summary>
public sealed class RiskResponse(
    Notifier notifier,
    RiskAlertNotification alerts,
    CardRenderer cards,
    IOptions<ClinicOptions> clinic,
    Clocks clocks,
    ILogger<RiskResponse> logger)
{
    public const string AcuteNotice =
        "This needs an immediate safety response. If the client is in danger now, call emergency services (911 in the US) and do not leave them alone.";

    public const string AlertFailed =
        "not alerted: the alert could not be sent just now. Tell your supervisor yourself now.";

    /// <summary>
    /// Alerts the supervisor once per risk event through the <see cref="Notifier"/> (their stored chat, or the app installed
    /// for them; the clinic's admins when nobody can be reached), records the outcome on it, and sends the safety steps to
    /// the clinician. Once: a turn that finds the outcome recorded does not notify, and of two turns racing (a double
    /// press, a re-run while the first is still sending) only the one that claims the delivery sends; the other waits for
    /// the outcome it records.
    /// </summary>
    public async Task RespondAsync(ITurnContext turn, ClinicianFile file, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var (clinician, client) = (file.OpenedBy, file.Enrolment);
        var current = riskEvent.SupervisorAlertOutcome is null
            ? await AlertOnceAsync(file, riskEvent, cancellationToken).ConfigureAwait(false)
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
            flaggedAt = $"{Display(riskEvent.RaisedAt, offset)}, {(riskEvent.Remote ? "in the client's check-in" : "in session")}",
            safetySteps = clinic.Value.SafetySteps,
            crisisLine = clinic.Value.CrisisLine,
            clientShownCrisisLine = riskEvent.Remote,
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
        return $"**Risk flagged.** {flagged}\n\n{OutageWords.RiskNotRecorded} Safety steps:\n{steps}\n\nCrisis line: {clinic.Value.CrisisLine}";
    }

    public static string LevelInWords(string level) => level == RiskLevels.Acute
        ? "Acute: imminent risk identified."
        : "Non-acute: potential risk identified; a safety assessment is needed before the client leaves.";

    private async Task<RiskEvent> AlertOnceAsync(ClinicianFile file, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var (clinician, client) = (file.OpenedBy, file.Enrolment);
        var notification = new Notification(RiskAlertNotification.IdFor(riskEvent.Id), RiskAlertNotification.KindName, client.TenantId)
        {
            ClientId = client.ClientId,
            Audience = Audience.Supervisor,
            SenderUserId = clinician.UserId,
            SubjectId = riskEvent.Id,
        };
        try
        {
            var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
            var outcome = notifier.Summary(notification, report);
            logger.LogInformation("Risk alert for risk event {RiskEventId}: reached {Reached}, pending {Pending}", riskEvent.Id, report.IntendedReached, report.Pending);
            if (!report.Pending)
            {
                // The notifier's settlement (RiskAlertNotification.SettledAsync) has recorded this on the risk event.
                return riskEvent with { SupervisorAlerted = report.IntendedReached, SupervisorAlertOutcome = outcome };
            }

            return await alerts.RecordAsync(file, riskEvent.Id, false, outcome, cancellationToken).ConfigureAwait(false)
                ?? riskEvent with { SupervisorAlerted = false, SupervisorAlertOutcome = outcome };
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or StorageException && !cancellationToken.IsCancellationRequested)
        {
            // The safety steps must still reach the clinician, with the truth about the alert.
            logger.LogWarning("Risk alert for risk event {RiskEventId} failed: {Error}", riskEvent.Id, exception.GetType().Name);
            return riskEvent with { SupervisorAlertOutcome = AlertFailed };
        }
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
