using BotCore.Schema;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Outcomes;
using BotCore.Time;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>
/// The clinician's not-on-track card (<c>not-on-track|{clientId}|{assessmentId}</c>, the score that raised it): why, in
/// the outcome rules' words, and the three ways forward, each a button that starts its flow (<see cref="WaysForwardActions"/>).
/// Composed from the stored scores when sent; the notification holds ids only.
/// </summary>
public sealed class NotOnTrackNotification(ClientFiles files, OutcomeCalculator outcomes, PersonalChats chats, Clocks clocks, CardRenderer cards) : INotificationKind
{
    public const string KindName = "not-on-track";

    public string Kind => KindName;

    public string Noun => "not-on-track card";

    public string NotReachedLead => "not told";

    public string ReachedPhrase => "was told";

    public static Notification For(ClientEnrolment client, OutcomeAlert alert) =>
        new($"{KindName}|{client.ClientId}|{alert.TriggerAssessmentId}", KindName, client.TenantId)
        {
            ClientId = client.ClientId,
            Audience = Audience.ClinicianOfRecord,
            SubjectId = alert.TriggerAssessmentId,
            AdminsAsFallback = false,
        };

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (recipient.Client is not { } client || notification.SubjectId is not { } assessmentId)
        {
            return null;
        }

        var opened = await files.OpenClinicalViewAsync(new Caller(notification.TenantId, recipient.UserId, recipient.DisplayName, InPersonalChat: true), client.ClientId, "not-on-track card", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return null;
        }

        var assessments = await opened.File.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false);
        var trigger = assessments.FirstOrDefault(a => a.Id == assessmentId);
        var clock = clocks.For((await chats.FindAsync(notification.TenantId, recipient.UserId, cancellationToken).ConfigureAwait(false))?.Value.TimeZoneId);
        var series = trigger is null ? null : OutcomeWatch.Series([.. assessments.Where(a => a.AdministeredAt <= trigger.AdministeredAt)], clock)
            .FirstOrDefault(s => string.Equals(s.MeasureId, trigger.InstrumentId, StringComparison.OrdinalIgnoreCase));
        if (series is null
            || outcomes.Assess(series.MeasureId, [.. series.Scores.Select(s => s.Score)], clock.DateOf(trigger!.AdministeredAt)).NotOnTrack is not { } signal)
        {
            return null;
        }

        var name = CardText.Escape(client.DisplayName);
        return cards.Message("not-on-track", new
        {
            clientId = client.ClientId,
            measureId = series.MeasureId,
            heading = signal.Deterioration ? "Not on track: reliable deterioration" : "Not on track: no reliable improvement",
            displayName = name,
            reason = signal.Reason,
            ways = signal.WaysForward.Select(w => w.Description),
        }, $"{client.DisplayName} is not on track");
    }
}
