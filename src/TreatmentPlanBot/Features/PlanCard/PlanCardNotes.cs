using BotCore.Time;
using TreatmentPlanBot.Cards;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>What the plan card adds around the plan itself: the client's latest safety plan, and a question before marking an objective achieved.</summary>
internal static class PlanCardNotes
{
    public static PlanCardModel With(PlanCardModel card, TreatmentPlanning.Safety.SafetyPlan? safetyPlan, string? focusObjectiveId, string? confirmAchieve, LocalClock clock) => card with
    {
        SafetyPlan = safetyPlan is null
            ? null
            : $"Safety plan: version {safetyPlan.Version}, saved {ObjectiveMeasures.Display(clock.DateOf(safetyPlan.SavedAt))}; risk judged {safetyPlan.Assessment.RiskJudgement.ToLowerInvariant()}.",
        Goals = confirmAchieve is null ? card.Goals : [.. card.Goals.Select(g => g with
        {
            Objectives = [.. g.Objectives.Select(o => o.ObjectiveId == focusObjectiveId ? o with { ConfirmAchieve = CardText.Escape(confirmAchieve) } : o)],
        })],
    };
}
