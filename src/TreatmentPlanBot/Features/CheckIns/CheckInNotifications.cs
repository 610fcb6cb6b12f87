using System.Globalization;
using BotCore.Schema;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// The check-in prompt in the client's personal chat (<c>checkin|{client}|{id}</c>, and the one reminder
/// <c>checkin-reminder|{client}|{id}</c>): short, warm, non-clinical: who asks, how many questions, until when, that
/// they can say stop. Composed only while the check-in is still open.
/// </summary>
public sealed class CheckInPromptNotification(ClientFiles files, CheckInSchedules schedules, StaffDirectory staff, CardRenderer cards) : INotificationKind
{
    public const string KindName = "checkin";
    public const string Template = "checkin-prompt";

    public string Kind => KindName;

    public string Noun => "check-in";

    public string NotReachedLead => "not sent";

    public string ReachedPhrase => "got the check-in";

    public static string IdFor(string clientId, string checkInId) => $"checkin|{clientId}|{checkInId}";

    public static string ReminderIdFor(string clientId, string checkInId) => $"checkin-reminder|{clientId}|{checkInId}";

    public static Notification For(CheckInDue due, string id) => new(id, KindName, due.TenantId)
    {
        ClientId = due.ClientId,
        Audience = Audience.Client,
        SubjectId = due.CheckInId,
        AdminsAsFallback = false,
    };

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (recipient.Role != RecipientRole.Client || notification.ClientId is not { } clientId || notification.SubjectId is not { } checkInId)
        {
            return null;
        }

        var opened = await files.OpenForScheduledWorkAsync(notification.TenantId, clientId, "check-in prompt", cancellationToken).ConfigureAwait(false);
        var checkIn = opened.Allowed ? (await opened.File.FindCheckInAsync(checkInId, cancellationToken).ConfigureAwait(false))?.Value : null;
        if (checkIn is not { IsOpen: true })
        {
            return null;
        }

        var clinician = (await staff.FindAsync(notification.TenantId, opened.File!.Enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician";
        var clock = await schedules.ClientClockAsync(opened.File, cancellationToken).ConfigureAwait(false);
        var reminder = notification.Id.StartsWith("checkin-reminder|", StringComparison.Ordinal);
        return cards.Message(Template, View(checkIn, clinician, opened.File.Enrolment.DisplayName, clock.ToLocal(checkIn.ExpiresAt), reminder),
            reminder ? "A reminder: your check-in" : "A quick check-in");
    }

    /// <summary>The card's view model: a greeting, what it takes, until when; no scores, no measure names' clinical meaning.</summary>
    public static object View(CheckIn checkIn, string clinician, string clientName, DateTimeOffset expiresLocal, bool reminder) => new
    {
        checkInId = checkIn.Id,
        heading = reminder ? "A reminder: your check-in is still open" : "A quick check-in",
        greeting = $"Hi {CardText.Escape(clientName.Split(' ')[0])}, {CardText.Escape(clinician)} would like to hear how you've been doing.",
        size = $"It's {(checkIn.Measures.Count + (checkIn.Ratings.Count > 0 ? 1 : 0)) switch { 1 => "one short set", var n => $"{n} short sets" }} of questions, a few minutes in all. There are no right or wrong answers.",
        privacy = $"Only {CardText.Escape(clinician)} and their clinical supervisor see your answers.",
        until = $"You can answer until {expiresLocal.ToString("dddd d MMMM, HH:mm", CultureInfo.InvariantCulture)}. Say **stop** at any time if you'd rather not get these.",
    };
}

/// <summary>Tells the clinician of record about a change the client made to their check-ins (<c>checkins-news|{client}|{what}|{when}</c>).</summary>
public sealed class CheckInNewsNotification : INotificationKind
{
    public const string KindName = "checkins-news";
    public const string Stopped = "stopped";
    public const string Restarted = "restarted";

    public string Kind => KindName;

    public string Noun => "check-in news";

    public string NotReachedLead => "not told";

    public string ReachedPhrase => "was told";

    public static Notification For(ClientEnrolment client, string what, DateTimeOffset at) =>
        new($"{KindName}|{client.ClientId}|{what}|{at.UtcTicks}", KindName, client.TenantId)
        {
            ClientId = client.ClientId,
            Audience = Audience.ClinicianOfRecord,
            SubjectId = what,
            AdminsAsFallback = false,
        };

    public Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        var who = recipient.Client is { } client ? CardText.Escape(client.DisplayName) : "One of your clients";
        return Task.FromResult<Activity?>(ActivityExtensions.CreateMessage(notification.SubjectId == Stopped
            ? $"{who} stopped their check-ins from their chat. No more will be sent unless they say **start check-ins**, or you set them again with **checkins**."
            : $"{who} started their check-ins again; the next one is scheduled."));
    }
}
