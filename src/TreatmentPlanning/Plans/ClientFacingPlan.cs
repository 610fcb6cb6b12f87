using System.Globalization;

namespace TreatmentPlanning.Plans;

/// <summary>
/// A plan as its client sees it: their goals in their own words, each objective in plain language with its target and
/// date, their tasks, and what their clinician will do. Deliberately without problem statements, the clinician's
/// attainability notes, baselines (a screen's score), reviews and referrals: those are clinical working notes.
/// Objectives that were revised or discontinued are history and are left out.
/// </summary>
public sealed record ClientFacingPlan(
    PlanStatus Status,
    int Version,
    DateOnly Started,
    DateOnly NextReview,
    bool SignedByClinician,
    bool SignedByClient,
    IReadOnlyList<ClientFacingGoal> Goals)
{
    /// <summary>The version's content hash: what a client's signature binds to (a hash, not content).</summary>
    public string ContentHash { get; init; } = string.Empty;

    public static ClientFacingPlan From(TreatmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new ClientFacingPlan(
            plan.Status,
            plan.Version,
            plan.Started,
            plan.NextReviewDue(),
            plan.IsSignedBy(SignerRole.Clinician),
            plan.IsSignedBy(SignerRole.Client),
            [.. plan.Goals.Select(g => new ClientFacingGoal(
                g.InClientsWords,
                [.. g.Objectives.Where(o => o.Status is not (ObjectiveStatus.Revised or ObjectiveStatus.Discontinued)).Select(ClientFacingObjective.From)]))])
        {
            ContentHash = plan.ContentHash,
        };
    }
}

public sealed record ClientFacingGoal(string InClientsWords, IReadOnlyList<ClientFacingObjective> Objectives);

/// <param name="Target">The measurable part in plain words ("2 or fewer panic attacks per week"), or null when done / not done.</param>
/// <param name="ClinicianWillDo">The interventions by name (and their plain description, when there is one).</param>
public sealed record ClientFacingObjective(
    string Behaviour,
    string? WhyItMatters,
    string? Target,
    DateOnly? By,
    ObjectiveStatus Status,
    DateOnly? AchievedOn,
    IReadOnlyList<ClientTask> Tasks,
    IReadOnlyList<string> ClinicianWillDo)
{
    public static ClientFacingObjective From(Objective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return new ClientFacingObjective(
            objective.Behaviour,
            objective.Relevance,
            TargetInWords(objective.Measure),
            objective.AnticipatedCompletion,
            objective.Status,
            objective.ActualCompletion,
            objective.ClientTasks,
            [.. objective.Interventions.Select(i => string.IsNullOrWhiteSpace(i.Description) ? i.Name : $"{i.Name}: {i.Description}")]);
    }

    public static string? TargetInWords(ObjectiveMeasure? measure)
    {
        if (measure?.Target is not { } target)
        {
            return null;
        }

        var number = target.ToString("0.##", CultureInfo.InvariantCulture);
        var down = measure.Direction == ChangeDirection.Decrease;
        return measure.Type switch
        {
            MeasureType.CountPerPeriod => $"{number} {measure.Unit ?? "times"} or {(down ? "fewer" : "more")}",
            MeasureType.Rating0To10 => $"{number} out of 10 or {(down ? "lower" : "higher")}",
            MeasureType.InstrumentScore => $"a {measure.MeasureId ?? "questionnaire"} score of {number} or {(down ? "lower" : "higher")}",
            _ => null,
        };
    }
}
