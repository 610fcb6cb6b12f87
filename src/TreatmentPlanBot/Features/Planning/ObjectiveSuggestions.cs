using TreatmentPlanning.Templates;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// What the problem area's template suggests for an objective: the template goal's objectives (or every goal's, when
/// the goal was written from scratch), their client tasks and clinician interventions, and the plan's horizon.
/// </summary>
public sealed class ObjectiveSuggestions(TemplateLibrary templates)
{
    public ProblemAreaTemplate? AreaOf(ObjectiveDialogOptions options) => options.AreaId is { } id ? templates.Find(id) : null;

    public IReadOnlyList<ObjectiveSuggestion> Objectives(ObjectiveDialogOptions options) => [.. GoalsOf(options).SelectMany(g => g.Objectives)];

    public ObjectiveSuggestion? Of(ObjectiveDialogOptions options, ObjectiveDraft draft) =>
        draft.SuggestionId is { } id ? Objectives(options).FirstOrDefault(s => s.Id == id) : null;

    public IReadOnlyList<ListItem> ClientTasks(ObjectiveDialogOptions options) =>
        [.. GoalsOf(options).SelectMany(g => g.ClientTasks).Distinct(StringComparer.OrdinalIgnoreCase).Select(t => new ListItem(t))];

    public IReadOnlyList<ListItem> Interventions(ObjectiveDialogOptions options) =>
        [.. GoalsOf(options).SelectMany(g => g.Interventions).DistinctBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Select(i => new ListItem(i.Name, i.Description))];

    /// <summary>Weeks the suggestion (or else the area's plan) usually takes; null without a template.</summary>
    public int? HorizonWeeks(ObjectiveDialogOptions options, ObjectiveDraft draft) => Of(options, draft)?.HorizonWeeks ?? AreaOf(options)?.PlanHorizonWeeks;

    private IReadOnlyList<GoalTemplate> GoalsOf(ObjectiveDialogOptions options) =>
        AreaOf(options) is not { } area ? []
        : options.TemplateGoalId is { } goalId && area.FindGoal(goalId) is { } goal ? [goal]
        : area.Goals;
}
