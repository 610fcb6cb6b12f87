using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// A goal being written, kept in dialog state until the clinician saves it. When <see cref="ExistingGoalId"/> is set
/// only the objectives are new (the plan card's "Add objective"); when <see cref="ExistingProblemId"/> is set the goal
/// joins a problem already on the plan. <see cref="DraftId"/> is drawn once, when the draft is first summarised, and
/// the saved problem, goal and objective ids derive from it: whichever press of Save gets there, it is one goal.
/// </summary>
public sealed record GoalDraft(
    string DraftId,
    string ClientId,
    string ClientName,
    string? ExistingProblemId,
    string? AreaId,
    string ProblemArea,
    string? ProblemStatement,
    string? ExistingGoalId,
    string? TemplateGoalId,
    string GoalText,
    int FirstObjectiveNumber,
    IReadOnlyList<ObjectiveDraft> Objectives)
{
    /// <summary>A fresh draft id: short (it travels in card data and in the ids of what is saved), random, never reused.</summary>
    public static string NewId() => $"draft-{Guid.NewGuid():N}"[..18];
}

/// <summary>One SMART objective being written; the parts fill in as the clinician answers.</summary>
public sealed record ObjectiveDraft
{
    public string Behaviour { get; init; } = string.Empty;

    /// <summary>The template suggestion it started from, whose measure and horizon are offered as defaults.</summary>
    public string? SuggestionId { get; init; }

    public ObjectiveMeasure? Measure { get; init; }

    /// <summary>When the baseline was measured, if it came from a stored assessment: the time for change runs from it.</summary>
    public DateOnly? BaselineMeasuredOn { get; init; }

    public DateOnly? AnticipatedCompletion { get; init; }

    public string? AttainabilityNote { get; init; }

    /// <summary>The attainability warnings the clinician saw and confirmed, in the words they were shown.</summary>
    public IReadOnlyList<string> ConfirmedWarnings { get; init; } = [];

    public string? Relevance { get; init; }

    public IReadOnlyList<string> ClientTasks { get; init; } = [];

    public IReadOnlyList<InterventionDraft> Interventions { get; init; } = [];

    public Objective ToObjective(string objectiveId) => new(
        objectiveId,
        Behaviour,
        Measure,
        AttainabilityNote,
        Relevance,
        AnticipatedCompletion,
        [.. ClientTasks.Select((task, i) => new ClientTask($"{objectiveId}-task-{i + 1}", task))],
        [.. Interventions.Select((intervention, i) => new ClinicianIntervention($"{objectiveId}-intervention-{i + 1}", intervention.Name, intervention.Description))]);
}

public sealed record InterventionDraft(string Name, string? Description = null);

/// <summary>The parts of an objective the clinician can go back to from the summary.</summary>
public enum ObjectivePart
{
    Specific,
    Measurable,
    Attainable,
    Relevant,
    TimeBound,
    TasksAndInterventions,
}
