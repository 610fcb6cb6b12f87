using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Risk;

/// <summary>
/// The supervisor's risk alert as a notification (id <c>risk-alert|{riskEventId}</c>, audience the clinician's
/// supervisor, admins when the supervisor cannot be reached). The alert names the client only to a recipient allowed to
/// read the record; an admin's alert never does. The final outcome is recorded on the risk event.
/// </summary>
public sealed class RiskAlertNotification(ClientRecords records, StaffDirectory staff, CardRenderer cards) : INotificationKind
{
    public const string KindName = "risk-alert";

    public string Kind => KindName;

    public string Noun => "risk alert";

    public string NotReachedLead => "not alerted";

    public string ReachedPhrase => "was alerted";

    public static string IdFor(string riskEventId) => $"{KindName}|{riskEventId}";

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (notification.ClientId is not { } clientId || notification.SubjectId is not { } riskEventId
            || await records.FindRiskEventAsync(clientId, riskEventId, cancellationToken).ConfigureAwait(false) is not { } stored
            || await records.GetEnrolmentAsync(clientId, cancellationToken).ConfigureAwait(false) is not { } enrolment)
        {
            return null;
        }

        var riskEvent = stored.Value;
        var client = enrolment.Value;
        var clinicianName = (await staff.FindAsync(client.TenantId, client.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "a clinician";
        var level = riskEvent.Level == RiskLevels.Acute ? "acute: imminent risk" : "non-acute";
        var today = riskEvent.Level == RiskLevels.Acute ? ", now if you can." : ".";
        if (recipient.Role == RecipientRole.Admin)
        {
            return ActivityExtensions.CreateMessage(
                $"**Risk alert: the supervisor could not be reached.** A client of {clinicianName} had a risk flag just now ({level}), and I could not reach "
                + $"{clinicianName}'s supervisor. {clinicianName} has been shown the clinic's safety steps. Please make sure someone senior contacts {clinicianName} today{today}");
        }

        var who = recipient.MayReadRecord ? $"{client.DisplayName}, a client of {clinicianName}," : $"A client of {clinicianName}";
        var text = $"**Risk alert.** {who} had a risk flag just now ({level}). {clinicianName} has been shown the clinic's safety steps. Please contact them today{today}";

        // Only a recipient allowed to read the record gets the button; plan.show checks access again when pressed.
        return recipient.MayReadRecord
            ? cards.Message("risk-alert-open", new { clientId = client.ClientId }, "Risk alert") with { Text = text }
            : ActivityExtensions.CreateMessage(text);
    }

    /// <summary>Records the final outcome on the risk event (re-read and applied, so an acknowledgement meanwhile is kept).</summary>
    public async Task SettledAsync(Notification notification, NotificationReport report, CancellationToken cancellationToken)
    {
        if (notification.ClientId is { } clientId && notification.SubjectId is { } riskEventId)
        {
            var outcome = NotificationWords.Summary(report, ReachedPhrase, NotReachedLead);
            await RecordAsync(clientId, riskEventId, report.IntendedReached, outcome, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<RiskEvent?> RecordAsync(string clientId, string riskEventId, bool alerted, string outcome, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await records.FindRiskEventAsync(clientId, riskEventId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return null;
            }

            if (stored.Value.SupervisorAlerted == alerted && stored.Value.SupervisorAlertOutcome == outcome)
            {
                return stored.Value;
            }

            var updated = stored.Value with { SupervisorAlerted = alerted, SupervisorAlertOutcome = outcome };
            try
            {
                await records.ReplaceRiskEventAsync(clientId, updated, stored.ETag, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
            }
        }

        return null;
    }
}
