using System.Text.Json.Serialization;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>The plan card's review line: the next review (overdue past the viewer's today) and the last one.</summary>
public sealed record PlanReviewView(
    string NextReview,
    bool Overdue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastReviewed)
{
    public static PlanReviewView Of(TreatmentPlan plan, DateOnly today)
    {
        var due = plan.NextReviewDue();
        var last = plan.Reviews.MaxBy(r => r.ReviewedOn);
        return new PlanReviewView(
            ObjectiveMeasures.Display(due),
            due < today && plan.Status is not (PlanStatus.Completed or PlanStatus.Discharged),
            last is null ? null : $"{ObjectiveMeasures.Display(last.ReviewedOn)}" + (last.Version is { } v ? $" (made version {v})" : string.Empty));
    }

    /// <summary>"Achieved 12 days after the date first anticipated (30 Mar 2026)", with the date it was moved to when it was.</summary>
    public static string? Accuracy(TreatmentPlan plan, Objective objective)
    {
        if (ProjectionAccuracy.Of(plan, objective) is not { } accuracy)
        {
            return null;
        }

        var days = Math.Abs(accuracy.DaysLate);
        var unit = days == 1 ? "day" : "days";
        var when = accuracy.DaysLate switch
        {
            > 0 => $"{days} {unit} after",
            < 0 => $"{days} {unit} before",
            _ => "on",
        };
        var anticipated = accuracy.WasMoved ? "the date first anticipated" : "the anticipated date";
        var moved = accuracy.WasMoved ? $"; later moved to {ObjectiveMeasures.Display(accuracy.LastAnticipated)}" : string.Empty;
        return $"Achieved {when} {anticipated} ({ObjectiveMeasures.Display(accuracy.FirstAnticipated)}{moved})";
    }
}
