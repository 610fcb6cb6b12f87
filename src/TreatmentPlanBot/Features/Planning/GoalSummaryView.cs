using System.Globalization;
using BotCore.Cards;
using TreatmentPlanBot.Cards;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// The view models of the goal-summary card (cards/README.md): display strings only, and the draft's id for its buttons.
/// Everything typed is shown in full, so a goal whose objectives do not fit one card is paged by measured size into
/// several cards, each with its objectives' warnings and the same buttons.
/// </summary>
public static class GoalSummaryView
{
    public const string Template = "goal-summary";

    public static IReadOnlyList<object> Pages(GoalDraft draft, CardRenderer cards)
    {
        var pages = CardPages.Cut(draft.Objectives.Count, ObjectiveLoop.MaxObjectivesPerGoal, (first, count, _) => cards.Expand(Template, Of(draft, first, count, paged: true)));
        return [.. pages.Select(p => Of(draft, p.First, p.Count, paged: pages.Count > 1))];
    }

    private static object Of(GoalDraft draft, int first, int count, bool paged) => new
    {
        title = (draft.ExistingGoalId is null ? "New goal: please check before saving" : "New objectives: please check before saving")
            + (paged ? $" (objectives {Number(draft, first)}–{Number(draft, first + count - 1)} of {draft.Objectives.Count})" : string.Empty),
        goalDraftId = draft.DraftId,
        client = new { displayName = CardText.Escape(draft.ClientName) },
        goal = new { text = CardText.Escape(draft.GoalText), problemArea = draft.ProblemArea },
        warnings = draft.Objectives
            .SelectMany((o, i) => o.ConfirmedWarnings.Select(w => (Index: i, Text: $"Objective {Number(draft, i)}: {CardText.Escape(Unprefixed(w))}")))
            .Where(w => w.Index >= first && w.Index < first + count)
            .Select(w => w.Text)
            .ToList(),
        objectives = Enumerable.Range(first, count).Select(i => ObjectiveOf(draft, draft.Objectives[i], i)).ToList(),
    };

    private static object ObjectiveOf(GoalDraft draft, ObjectiveDraft o, int i) => new
    {
        number = Number(draft, i),
        specific = CardText.Escape(o.Behaviour),
        measurable = Measurable(o),
        attainable = CardText.EscapeOrNull(o.AttainabilityNote) ?? "Not confirmed yet",
        relevant = o.Relevance is { } why ? $"“{CardText.Escape(why)}”" : "Not given yet",
        timeBound = o.AnticipatedCompletion is { } due ? $"By {ObjectiveText.Format(due)}" : "No date yet",
        clientTasks = o.ClientTasks.Select(CardText.Escape).ToList(),
        interventions = o.Interventions.Select(x => CardText.Escape(x.Name)).ToList(),
    };

    private static string Number(GoalDraft draft, int index) => (draft.FirstObjectiveNumber + index).ToString(CultureInfo.InvariantCulture);

    internal static string Unprefixed(string warning) =>
        warning.StartsWith("Attainable: ", StringComparison.Ordinal) ? warning["Attainable: ".Length..] : warning;

    internal static string Measurable(ObjectiveDraft objective)
    {
        if (objective.Measure is not { } m)
        {
            return "No measure yet";
        }

        if (m.Type == MeasureType.DoneNotDone)
        {
            return "Done / not done";
        }

        var better = m.Direction == ChangeDirection.Decrease ? "lower is better" : "higher is better";
        var source = objective.BaselineMeasuredOn is { } on ? $"; baseline from the {m.MeasureId} of {ObjectiveText.Format(on)}" : string.Empty;
        return $"{ObjectiveText.MeasureName(m)}: from {ObjectiveText.Format(m.Baseline ?? 0)} to {ObjectiveText.Format(m.Target ?? 0)} ({better}{source})";
    }
}
