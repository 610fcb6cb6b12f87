using System.Text.Json.Serialization;
using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Templates;

/// <summary>
/// Suggestions for one problem area, which the goal dialog offers and the clinician edits. The area also sets the
/// default plan horizon and session frequency: serious conditions get long, coordinated plans with more frequent
/// sessions; minor behavioural issues get short, solution-focused ones.
/// </summary>
public sealed record ProblemAreaTemplate(
    string Id,
    string Name,
    string Approach,
    int PlanHorizonWeeks,
    SessionFrequency SessionFrequency,
    bool CoordinatedCare,
    IReadOnlyList<GoalTemplate> Goals)
{
    public GoalTemplate? FindGoal(string goalId) => Goals.FirstOrDefault(g => g.Id == goalId);
}

/// <summary>A goal phrased as a client might say it, with objectives to measure it and the work that fits it.</summary>
public sealed record GoalTemplate(
    string Id,
    string InClientsWords,
    IReadOnlyList<ObjectiveSuggestion> Objectives,
    IReadOnlyList<InterventionSuggestion> Interventions,
    IReadOnlyList<string> ClientTasks)
{
    /// <summary>
    /// A draft objective from one of this goal's suggestions, with the goal's client tasks and interventions and
    /// an anticipated completion at the suggestion's typical horizon. Baseline, target and the client's reason
    /// are left for the session.
    /// </summary>
    public Objective DraftObjective(string suggestionId, string objectiveId, DateOnly startingOn)
    {
        var suggestion = Objectives.FirstOrDefault(o => o.Id == suggestionId)
            ?? throw new ArgumentException($"Goal template '{Id}' has no objective suggestion '{suggestionId}'.", nameof(suggestionId));
        return new Objective(
            objectiveId,
            suggestion.Behaviour,
            new ObjectiveMeasure(suggestion.MeasureType, suggestion.Direction, MeasureId: suggestion.MeasureId, Unit: suggestion.Unit),
            AttainabilityNote: null,
            Relevance: null,
            AnticipatedCompletion: startingOn.AddDays(suggestion.HorizonWeeks * 7),
            ClientTasks: [.. ClientTasks.Select((task, i) => new ClientTask($"{objectiveId}-task-{i + 1}", task))],
            Interventions: [.. Interventions.Select((intervention, i) =>
                new ClinicianIntervention($"{objectiveId}-intervention-{i + 1}", intervention.Name, intervention.Description))]);
    }
}

/// <summary>
/// A measurable objective: what changes, how it is measured (<see cref="MeasureId"/> for an instrument score,
/// <see cref="Unit"/> for a count, e.g. "drinks per day"), which way is better, and the usual time it takes.
/// </summary>
public sealed record ObjectiveSuggestion(
    string Id,
    string Behaviour,
    MeasureType MeasureType,
    ChangeDirection Direction,
    int HorizonWeeks,
    string? MeasureId = null,
    string? Unit = null);

public sealed record InterventionSuggestion(string Name, string Description);

[JsonConverter(typeof(JsonStringEnumConverter<SessionFrequency>))]
public enum SessionFrequency
{
    TwiceWeekly,
    Weekly,
    Fortnightly,
    Monthly,
}
