using System.Globalization;
using BotCore.Storage;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Feedback;

/// <summary>What became of asking for feedback, in a sentence for the clinician.</summary>
public sealed record FeedbackRequestResult(bool Asked, string Sentence);

/// <summary>
/// Asks a client for feedback on a session, in their own chat: the one way in, for <c>session done [client]</c> and for
/// recording a session. The request's id is the session's (its id, or its date), so asking twice for one session is one
/// request and one card. Only the clinician of record asks (their file, opened for Write and audited).
/// </summary>
public sealed class SessionFeedback(ClientFiles files, Notifier notifier, FeedbackFollowUps followUps, IOptions<SessionFeedbackOptions> options, TimeProvider time)
{
    /// <param name="clinician">The clinician of record, in their personal chat.</param>
    /// <param name="sessionDate">The session's date in the clinician's time zone.</param>
    /// <param name="sessionId">The recorded session's id, when there is one; otherwise one request per session date.</param>
    public async Task<FeedbackRequestResult> RequestAsync(Caller clinician, string clientId, DateOnly sessionDate, string? sessionId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(clinician, clientId, ClientAction.Write, "session-feedback", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return new FeedbackRequestResult(false, AccessDecision.RefusalMessage);
        }

        var file = opened.File;
        var name = file.Enrolment.DisplayName;
        if (file.Enrolment.ClientUserId is null)
        {
            return new FeedbackRequestResult(false, $"{name} hasn't connected their Teams account yet, so I can't ask them for feedback. Say **invite {name}** to connect them.");
        }

        var now = time.GetUtcNow();
        var id = sessionId ?? sessionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var request = new SessionFeedbackRecord(id, clientId, sessionDate, clinician.UserId, now, now + options.Value.ExpiresAfter);
        var already = false;
        try
        {
            await file.AddSessionFeedbackAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            already = true;
            request = (await file.FindSessionFeedbackAsync(id, cancellationToken).ConfigureAwait(false))?.Value ?? request;
        }

        var session = $"the session of {Display(sessionDate)}";
        switch (request.StatusAt(now))
        {
            case SessionFeedbackStatus.Answered:
                return new FeedbackRequestResult(false, $"{name} already answered the feedback on {session}; nothing was sent again.");
            case SessionFeedbackStatus.Expired:
                return new FeedbackRequestResult(false, $"The feedback request for {session} has closed without an answer; nothing was sent again.");
        }

        // Sent once per request, whoever asks again: the notification's id is the request's.
        var notification = FeedbackCardNotification.For(file.Enrolment.TenantId, clientId, id, clinician.UserId);
        var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
        var summary = notifier.Summary(notification, report);
        if (report.IntendedReached || report.Pending)
        {
            await followUps.ScheduleAsync(file.Enrolment.TenantId, request, cancellationToken).ConfigureAwait(false);
        }

        return report.IntendedReached
            ? new FeedbackRequestResult(true, already
                ? $"I had already asked {name} for feedback on {session}: {summary}. Nothing was sent twice."
                : $"I asked {name} for feedback on {session}, for you only: {summary}. They can answer until {Display(request.ExpiresAt)}.")
            : new FeedbackRequestResult(false, $"I couldn't ask {name} for feedback on {session}: {summary}");
    }

    /// <summary>
    /// The client's earlier answered feedback (oldest first) and how this one compares: what the clinician is told.
    /// </summary>
    public static FeedbackSignal Assess(SessionFeedbackRecord answered, IReadOnlyList<SessionFeedbackRecord> all, FeedbackThresholds thresholds)
    {
        var previous = all
            .Where(f => f.Id != answered.Id && f.Ratings is not null && f.AnsweredAt is not null
                && (f.SessionDate < answered.SessionDate || (f.SessionDate == answered.SessionDate && f.AnsweredAt < answered.AnsweredAt)))
            .OrderBy(f => f.SessionDate).ThenBy(f => f.AnsweredAt)
            .Select(f => f.Ratings!)
            .ToList();
        return FeedbackSignal.Assess(answered.Ratings!, previous, thresholds);
    }

    public static string Display(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Display(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
