using System.Globalization;
using TreatmentPlanBot.Cards;
using TreatmentPlanning.Screening;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>The view model of cards/screening-summary.json (its shape is documented in cards/README.md).</summary>
public static class ScreeningSummaryCard
{
    public const string Template = "screening-summary";

    public static object ViewModel(ScreeningToSave draft, ScreeningRecommendation recommendation, TimeSpan viewerOffset) => new
    {
        clientId = draft.ClientId,
        client = new { displayName = CardText.Escape(draft.DisplayName) },
        date = draft.ScreenedAt.ToOffset(viewerOffset).ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        presentingConcerns = draft.Concerns.Select(c => PresentingConcerns.Find(c)?.Label ?? c).ToList(),
        urgency = new { isUrgent = draft.Urgency == ScreeningUrgency.Urgent, label = ScreeningUrgency.Describe(draft.Urgency) },
        priorTreatment = PriorTreatment(draft),
        fit = CardText.Escape(draft.FitNote),
        referral = draft.Referral is { } referral ? new { destination = CardText.Escape(referral.Destination), reason = CardText.Escape(referral.Reason) } : null,
        recommendations = recommendation.Assessments.Select(a => new
        {
            instrumentId = a.InstrumentId,
            instrumentName = a.InstrumentName,
            reason = string.Join(" ", a.Reasons),
        }).ToList(),
    };

    private static string PriorTreatment(ScreeningToSave draft) => (draft.PriorTreatment, draft.NewClient?.PastTreatmentNote) switch
    {
        (false, _) => "None reported",
        (true, { } note) => CardText.Escape(note),
        (true, null) => "Yes, elsewhere",
    };
}
