using System.Globalization;
using BotCore.Storage;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Feedback;

/// <summary>
/// The client's "Send my answers" (<c>feedback.answer</c>): only the linked client, on their own request, once. The
/// answer is one ETag-guarded write of the request's row, so a double press or a stale card counts once; a request past
/// its expiry takes no answer. Low or falling feedback is flagged to the clinician of record only.
/// </summary>
public sealed class FeedbackActions(ClientFiles files, Notifier notifier, StaffDirectory staff, CardRenderer cards, IOptions<SessionFeedbackOptions> options, TimeProvider time) : ICardActionHandler
{
    public const string Answer = "feedback.answer";

    public const int CommentLimit = 1000;

    public IReadOnlyCollection<string> Verbs { get; } = [Answer];

    public bool ForClients => true;

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var clientId = context.GetString("clientId");
        if (context.User.Client is not { } link || clientId != link.ClientId || context.GetString("feedbackId") is not { Length: > 0 } feedbackId)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        try
        {
            var opened = await files.OpenOwnAsync(context.User.Caller, clientId, "session-feedback", cancellationToken, ClientAction.AnswerAsClient).ConfigureAwait(false);
            if (opened.File is not { } file || await file.FindSessionFeedbackAsync(feedbackId, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                return CardActionResult.Say(AccessDecision.RefusalMessage);
            }

            var clinician = (await staff.FindAsync(file.Enrolment.TenantId, file.Enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician";
            var typed = new FeedbackAnswers(Pick("heard"), Pick("mattered"), Pick("approach"), Pick("overall"), (context.GetString("comment") ?? string.Empty).Trim());
            string Pick(string id) => (context.GetString(id) ?? string.Empty).Trim();

            for (var attempt = 0; attempt < 2; attempt++)
            {
                var now = time.GetUtcNow();
                var request = stored.Value;
                switch (request.StatusAt(now))
                {
                    case SessionFeedbackStatus.Answered:
                        return Card(request, clinician, Shown(request), null, $"You already sent your answers on {SessionFeedback.Display(request.AnsweredAt!.Value)}: {clinician} has them. Nothing was counted twice.");
                    case SessionFeedbackStatus.Expired:
                        return Card(request, clinician, typed, null, $"This request closed on {SessionFeedback.Display(request.ExpiresAt)}, so these answers were not sent. You can tell {clinician} at your next session instead.");
                }

                if (Read(typed) is not { } ratings)
                {
                    return Card(request, clinician, typed, "Please answer all four questions with a number from 0 to 10; the comment is optional. Nothing was sent yet.", null);
                }

                if (typed.Comment.Length > CommentLimit)
                {
                    return Card(request, clinician, typed, $"Please keep the comment under {CommentLimit} characters. Nothing was sent yet.", null);
                }

                var answered = request with { Status = SessionFeedbackStatus.Answered, Ratings = ratings, Comment = typed.Comment.Length == 0 ? null : typed.Comment, AnsweredAt = now };
                try
                {
                    await file.AnswerSessionFeedbackAsync(answered, stored.ETag, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
                {
                    // Another press got there first: read it again and say what is stored.
                    stored = await file.FindSessionFeedbackAsync(feedbackId, cancellationToken).ConfigureAwait(false) ?? stored;
                    continue;
                }

                var signal = SessionFeedback.Assess(answered, await file.ListSessionFeedbackAsync(cancellationToken).ConfigureAwait(false), options.Value.Thresholds);
                if (signal.Flagged)
                {
                    await notifier.NotifyAsync(FeedbackFlagNotification.For(file.Enrolment.TenantId, clientId, feedbackId, context.User.Caller.UserId), cancellationToken).ConfigureAwait(false);
                }

                return Card(answered, clinician, typed, null, $"Thank you: your answers were sent to {clinician}.");
            }

            return CardActionResult.Say("Your answers could not be saved just now. Please press Send again in a moment.");
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.FeedbackNotSent);
        }
    }

    private static SessionRatings? Read(FeedbackAnswers typed)
    {
        int? Score(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && SessionRatings.InRange(value) ? value : null;
        return (Score(typed.Heard), Score(typed.Mattered), Score(typed.Approach), Score(typed.Overall)) is ({ } heard, { } mattered, { } approach, { } overall)
            ? new SessionRatings(heard, mattered, approach, overall)
            : null;
    }

    private static FeedbackAnswers Shown(SessionFeedbackRecord request) => request.Ratings is { } r
        ? new FeedbackAnswers(Text(r.HeardAndRespected), Text(r.WhatMattered), Text(r.ApproachFit), Text(r.Overall), request.Comment ?? string.Empty)
        : FeedbackAnswers.Empty;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private CardActionResult Card(SessionFeedbackRecord request, string clinician, FeedbackAnswers answers, string? notice, string? answered) =>
        CardActionResult.ShowCard(cards.Render(FeedbackCard.Template, FeedbackCard.View(request, clinician, answers, notice, answered)));
}
