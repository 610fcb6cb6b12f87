using System.Text.Json.Serialization;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Reviews;

// View model of cards/review.json (cards/README.md).
public sealed record ReviewCardModel(
    string ClientId,
    string PlanVersion,
    string ReviewId,
    int Step,
    string Draft,
    string Today,
    string Heading,
    string DisplayName,
    bool HasBack,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReviewObjectiveView? Objective,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReviewAnswer? Form,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReviewSummaryView? Summary,
    IReadOnlyList<string> Errors)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Notice { get; init; }
}

public sealed record ReviewObjectiveView(string Number, string Specific, string Status, string Anticipated, string Measure, bool HasTarget);

public sealed record ReviewSummaryView(IReadOnlyList<string> Lines, string NextReview, string Note);

/// <summary>
/// The review card, one step per open objective (how it is going, an actual date, a new target or date, what was tried
/// and what worked), then a summary with the next review date and Save. Steps read the plan as it is now; only Save
/// compares the plan with the version the review began on.
/// </summary>
public sealed class ReviewCard(ObjectiveMeasures measures, CardRenderer renderer)
{
    public const string Template = "review";

    /// <summary>The objectives a review walks through: those still open.</summary>
    public static IReadOnlyList<Objective> ToReview(TreatmentPlan plan) =>
        [.. plan.Objectives.Where(o => o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress or ObjectiveStatus.Revised)];

    public CardActionResult Render(string displayName, Versioned<TreatmentPlan> plan, ReviewDraft draft, int step, DateOnly today, IReadOnlyList<string> errors, string? notice = null)
    {
        var open = ToReview(plan.Value);
        step = Math.Clamp(step, 0, open.Count);
        var shell = new ReviewCardModel(plan.Value.ClientId, plan.ETag, draft.ReviewId, step, draft.ToJson(), ObjectiveMeasures.Iso(today),
            string.Empty, CardText.Escape(displayName), step > 0, null, null, null, errors) { Notice = CardText.EscapeOrNull(notice) };
        if (step == open.Count)
        {
            return Card(shell with { Heading = "Review: summary and next review", Summary = Summary(plan.Value, open, draft) });
        }

        var objective = open[step];
        var (_, _, _, label) = ObjectiveForms.Locate(plan.Value, objective.Id);
        var (name, unit) = measures.Describe(objective.Measure);
        var hasTarget = objective.Measure is { Type: not MeasureType.DoneNotDone };
        return Card(shell with
        {
            Heading = $"Review: objective {label} ({step + 1} of {open.Count})",
            Objective = new ReviewObjectiveView(
                label,
                PlanCardBuilder.Shown(objective.Behaviour, 300),
                StatusWords(objective.Status),
                objective.AnticipatedCompletion is { } due ? ObjectiveMeasures.Display(due) : "not set",
                hasTarget ? $"{name} ({unit}): baseline {ObjectiveMeasures.Baseline(objective.Measure)}, target {ObjectiveMeasures.Target(objective.Measure)}" : name,
                hasTarget),
            // The target box starts at the current target, so a box left alone (which some clients send as 0) keeps it.
            Form = draft.Answers.GetValueOrDefault(objective.Id)
                ?? new ReviewAnswer("progressing", string.Empty, hasTarget ? FormattableString.Invariant($"{objective.Measure!.Target}") : string.Empty, string.Empty, string.Empty, string.Empty, string.Empty),
        });
    }

    private static ReviewSummaryView Summary(TreatmentPlan plan, IReadOnlyList<Objective> open, ReviewDraft draft)
    {
        var lines = open.Select(o =>
        {
            var (_, _, _, label) = ObjectiveForms.Locate(plan, o.Id);
            var answer = draft.Answers.GetValueOrDefault(o.Id);
            return $"{label}: {VerdictWords(answer?.Verdict)}" + (answer is { Tried.Length: > 0 } ? $"; tried: {PlanCardBuilder.Shown(answer.Tried, 120)}" : string.Empty);
        }).ToList();
        if (lines.Count == 0)
        {
            lines.Add("Every objective is already achieved or set aside: this review records the date and the next one.");
        }

        return new ReviewSummaryView(lines, draft.NextReview, draft.Note);
    }

    public static string VerdictWords(string? verdict) => verdict switch
    {
        "achieved" => "achieved",
        "notProgressing" => "not progressing",
        "dropped" => "dropped",
        "progressing" => "progressing",
        _ => "not reviewed yet",
    };

    private static string StatusWords(ObjectiveStatus status) => status switch
    {
        ObjectiveStatus.NotStarted => "not started",
        ObjectiveStatus.Revised => "revised",
        _ => "in progress",
    };

    private CardActionResult Card(ReviewCardModel model) => CardActionResult.ShowCard(renderer.Render(Template, model));
}
