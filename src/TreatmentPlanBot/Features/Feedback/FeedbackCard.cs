using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Features.Feedback;

/// <summary>What the client chose or typed on the card, kept when it is shown again.</summary>
public sealed record FeedbackAnswers(string Heard, string Mattered, string Approach, string Overall, string Comment)
{
    public static FeedbackAnswers Empty { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
}

/// <summary>The <c>session-feedback</c> card's view model: the bot's own questions, who sees the answers, until when.</summary>
internal static class FeedbackCard
{
    public const string Template = "session-feedback";

    public static object View(SessionFeedbackRecord request, string clinician, FeedbackAnswers answers, string? notice, string? answered, bool reminder = false)
    {
        var who = CardText.Escape(clinician);
        return new
        {
            clientId = request.ClientId,
            feedbackId = request.Id,
            heading = reminder ? "A reminder: how was your session?" : "How was your session?",
            context = $"Your session with {who} on {SessionFeedback.Display(request.SessionDate)}",
            notice = CardText.EscapeOrNull(notice),
            intro = answered is null
                ? $"Four quick questions, each from 0 (not at all) to 10 (completely). There are no right answers: honest ones help {who} make your sessions work better for you."
                : "Thank you for taking the time.",
            whoSees = answered is null
                ? $"Only {who} sees your answers. You can answer until {SessionFeedback.Display(request.ExpiresAt)}."
                : $"Only {who} sees your answers.",
            open = answered is null,
            answers = new { heard = answers.Heard, mattered = answers.Mattered, approach = answers.Approach, overall = answers.Overall, comment = answers.Comment },
            answered = CardText.EscapeOrNull(answered),
        };
    }
}
