namespace TreatmentPlanBot.Features.Planning;

/// <summary>Ids of the planning dialogs other features begin (e.g. the plan card's "Add objective" button).</summary>
public static class PlanningDialogs
{
    /// <summary>Adds one SMART objective to a goal of the client's plan. Options: <see cref="AddObjectiveOptions"/>.</summary>
    public const string AddObjective = "planning.add-objective";
}

/// <summary>Which client's plan, and optionally which goal (when null the dialog asks which goal).</summary>
public sealed record AddObjectiveOptions(string ClientId, string? GoalId);
