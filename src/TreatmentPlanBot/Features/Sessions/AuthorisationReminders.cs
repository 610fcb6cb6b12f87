using BotCore.Scheduling;
using BotCore.Schema;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>The scheduler's payload for an authorisation reminder: ids only.</summary>
public sealed record AuthorisationDue(string TenantId, string ClientId, string AuthorisationId);

/// <summary>
/// The two reminders an authorisation gets, once each: when its sessions run low (scheduled for now by the session that
/// brings them to the threshold, or by saving an authorisation already that low) and before it expires (scheduled when
/// it is saved, at the clinician's reminder time the configured days before). Item and notification ids come from the
/// client and the authorisation (<c>authorisation-low|{client}|{authorisation}</c>,
/// <c>authorisation-expiry|{client}|{authorisation}</c>), so scheduling again changes nothing, and a replaced
/// authorisation's reminders find it gone and send nothing.
/// </summary>
public sealed class AuthorisationReminders(WorkScheduler scheduler, IOptions<SessionsOptions> options)
{
    public const string LowPrefix = "authorisation-low";
    public const string ExpiryPrefix = "authorisation-expiry";

    public async Task ScheduleAsync(ClientEnrolment client, InsuranceAuthorisation authorisation, AuthorisationStanding standing, LocalClock clinicianClock, CancellationToken cancellationToken)
    {
        var id = authorisation.Id ?? "authorisation";
        var due = new AuthorisationDue(client.TenantId, client.ClientId, id);
        var remindOn = clinicianClock.At(authorisation.Expiry.AddDays(-options.Value.ExpiryReminderDaysBefore), options.Value.ReminderTimeOfDay);
        var now = clinicianClock.UtcNow;
        await scheduler.ScheduleAsync(IdFor(ExpiryPrefix, client.ClientId, id), AuthorisationReminderHandler.Kind, remindOn < now ? now : remindOn, due, client.TenantId, cancellationToken).ConfigureAwait(false);
        if (standing.RunningLow)
        {
            await scheduler.ScheduleAsync(IdFor(LowPrefix, client.ClientId, id), AuthorisationReminderHandler.Kind, now, due, client.TenantId, cancellationToken).ConfigureAwait(false);
        }
    }

    public static string IdFor(string prefix, string clientId, string authorisationId) => $"{prefix}|{clientId}|{authorisationId}";
}

/// <summary>Hands a due reminder to the notifier, whose notification id (the item's) makes it once.</summary>
internal sealed class AuthorisationReminderHandler(Notifier notifier) : IScheduledWorkHandler
{
    public const string Kind = "authorisation-reminder";

    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<AuthorisationDue>();
        await notifier.NotifyAsync(new Notification(item.Id, AuthorisationReminderNotification.KindName, due.TenantId)
        {
            ClientId = due.ClientId,
            Audience = Audience.ClinicianOfRecord,
            SubjectId = due.AuthorisationId,
            AdminsAsFallback = false,
        }, cancellationToken).ConfigureAwait(false);
        return WorkOutcome.Done;
    }
}

/// <summary>
/// The clinician's reminder that an authorisation is running low or ending. Composed from the record when sent, read
/// through the clinician's own file: nothing is sent when the authorisation was replaced, or no longer low or ending.
/// </summary>
public sealed class AuthorisationReminderNotification(ClientFiles files, SessionCards sessionCards, CardRenderer cards, Clocks clocks) : INotificationKind
{
    public const string KindName = "authorisation-reminder";

    public string Kind => KindName;

    public string Noun => "authorisation reminder";

    public string NotReachedLead => "not reminded";

    public string ReachedPhrase => "was reminded";

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (!recipient.MayReadRecord || notification.ClientId is not { } clientId || recipient.Role != RecipientRole.ClinicianOfRecord)
        {
            return null;
        }

        var opened = await files.OpenAsClinicianAsync(new Caller(notification.TenantId, recipient.UserId, null, InPersonalChat: true), clientId, ClientAction.Read, "authorisation reminder", cancellationToken).ConfigureAwait(false);
        if (opened.File is not { } file
            || (await file.GetProfileAsync(cancellationToken).ConfigureAwait(false))?.Value.Insurance is not { } insurance
            || (insurance.Id ?? "authorisation") != notification.SubjectId)
        {
            return null;
        }

        var plan = (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var standing = sessionCards.Standing(insurance, plan, clocks.Fallback.Today);
        var low = notification.Id.StartsWith(AuthorisationReminders.LowPrefix + "|", StringComparison.Ordinal);
        if (low ? !standing.RunningLow : !(standing.ExpiringSoon || standing.Expired))
        {
            return null;
        }

        var name = CardText.Escape(file.Enrolment.DisplayName);
        var text = $"**Authorisation reminder: {name}.** {AuthorisationWords.Ending(standing)} "
            + $"({CardText.Escape(AuthorisationWords.Payer(insurance.Payer, insurance.Reference))}: {insurance.SessionsUsed} of {insurance.SessionsAuthorised} sessions used.) "
            + AuthorisationWords.Projection(standing);
        return cards.Message("risk-alert-open", new { clientId }, $"Authorisation reminder: {name}") with { Text = text };
    }
}
