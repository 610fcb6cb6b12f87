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
public sealed class RiskAlertNotification(ClientFiles files, StaffDirectory staff, CardRenderer cards) : INotificationKind
{
    public const string KindName = "risk-alert";

    public string Kind => KindName;

    public string Noun => "risk alert";

    public string NotReachedLead => "not alerted";

    public string ReachedPhrase => "was alerted";

    public static string IdFor(string riskEventId) => $"{KindName}|{riskEventId}";

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        // The alert is the clinician's: its facts are read through their file (checked and audited), and the client is
        // named only to a recipient who may read the record themself.
        if (notification.SubjectId is not { } riskEventId
            || await OpenAsSenderAsync(notification, ClientAction.Read, cancellationToken).ConfigureAwait(false) is not { } file
            || await file.FindRiskEventAsync(riskEventId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        var riskEvent = stored.Value;
        var client = file.Enrolment;
        var clinicianName = (await staff.FindAsync(client.TenantId, client.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "a clinician";
        if (riskEvent.Remote)
        {
            return await RemoteAlertAsync(recipient, file, riskEvent, clinicianName, cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>
    /// A risk answer in the client's own check-in: nobody was with them. The clinician of record and their supervisor are
    /// both alerted, each told who else the alert went to; admins (only when neither could be reached) are told that.
    /// </summary>
    private async Task<Activity> RemoteAlertAsync(NotificationRecipient recipient, ClinicalView file, RiskEvent riskEvent, string clinicianName, CancellationToken cancellationToken)
    {
        var client = file.Enrolment;
        var supervisorId = (await staff.FindAsync(client.TenantId, client.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.SupervisorId;
        var supervisorName = supervisorId is null ? null : (await staff.FindAsync(client.TenantId, supervisorId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName;
        var level = riskEvent.Level == RiskLevels.Acute ? "acute: imminent risk" : "non-acute";
        var at = riskEvent.RaisedAt.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        if (recipient.Role == RecipientRole.Admin)
        {
            return ActivityExtensions.CreateMessage(
                $"**Risk alert from a client's check-in: their clinician and supervisor could not be reached.** A client of {clinicianName} gave a risk answer in a check-in at {at} ({level}). "
                + $"I could not reach {clinicianName}{(supervisorName is null ? " (who has no supervisor assigned)" : $" or {supervisorName}")}. The client was shown the crisis line. Please make sure someone in their care contacts them today, now if you can.");
        }

        var others = new[] { (Id: client.ClinicianId, Name: clinicianName), (Id: supervisorId, Name: supervisorName ?? string.Empty) }
            .Where(p => p.Id is not null && p.Name.Length > 0 && !string.Equals(p.Id, recipient.UserId, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Name).ToList();
        var who = recipient.MayReadRecord ? client.DisplayName : $"A client of {clinicianName}";
        var text = $"**Risk alert from a check-in.** {who} gave a risk answer in their check-in at {at} ({level}): {riskEvent.Description} "
            + $"They were shown the crisis line and the after-hours instruction, and told their clinician will be in touch. "
            + $"This alert went to you{(others.Count > 0 ? $" and {string.Join(" and ", others)}" : string.Empty)}. Please contact them today{(riskEvent.Level == RiskLevels.Acute ? ", now if you can." : ".")}";
        return recipient.MayReadRecord
            ? cards.Message("risk-alert-open", new { clientId = client.ClientId }, "Risk alert") with { Text = text }
            : ActivityExtensions.CreateMessage($"**Risk alert from a check-in.** A client of {clinicianName} gave a risk answer in a check-in at {at} ({level}). Please contact {clinicianName} today.");
    }

    /// <summary>Records the final outcome on the risk event (re-read and applied, so an acknowledgement meanwhile is kept).</summary>
    public async Task SettledAsync(Notification notification, NotificationReport report, CancellationToken cancellationToken)
    {
        if (notification.SubjectId is { } riskEventId
            && await OpenAsSenderAsync(notification, ClientAction.Write, cancellationToken).ConfigureAwait(false) is { } file)
        {
            var outcome = NotificationWords.Summary(report, ReachedPhrase, NotReachedLead);
            await RecordAsync(file, riskEventId, report.IntendedReached, outcome, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<RiskEvent?> RecordAsync(ClinicianFile file, string riskEventId, bool alerted, string outcome, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await file.FindRiskEventAsync(riskEventId, cancellationToken).ConfigureAwait(false);
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
                await file.ReplaceRiskEventAsync(updated, stored.ETag, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
            }
        }

        return null;
    }

    /// <summary>The file of the clinician who raised the alert, opened as them; null when they are no longer its clinician.</summary>
    private async Task<ClinicianFile?> OpenAsSenderAsync(Notification notification, ClientAction action, CancellationToken cancellationToken)
    {
        if (notification.ClientId is not { } clientId || notification.SenderUserId is not { } sender)
        {
            return null;
        }

        var opened = await files.OpenAsClinicianAsync(new Caller(notification.TenantId, sender, null, InPersonalChat: true), clientId, action, "risk alert", cancellationToken).ConfigureAwait(false);
        return opened.File;
    }
}
