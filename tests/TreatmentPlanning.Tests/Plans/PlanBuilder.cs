using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Tests.Plans;

/// <summary>A small synthetic plan: one problem, one goal, two objectives.</summary>
internal static class PlanBuilder
{
    public static readonly DateOnly Started = new(2026, 2, 2);
    public static readonly DateTimeOffset Noon = new(2026, 2, 9, 12, 0, 0, TimeSpan.Zero);

    public static Objective Walking() => new(
        "obj-walk",
        "Walks outside for twenty minutes on weekdays",
        new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Increase, 0, 5, Unit: "walks per week"),
        "Walked most days last spring.",
        "When I walk I sleep better.",
        Started.AddDays(56),
        [new ClientTask("task-1", "Put shoes by the door the night before", "daily")],
        [new ClinicianIntervention("int-1", "Behavioural activation", "Schedule and review walks")]);

    public static Objective Mood() => new(
        "obj-mood",
        "Has fewer depressive symptoms as measured by PHQ-9",
        new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 18, 9, MeasureId: "PHQ-9"),
        null,
        "I want to enjoy weekends with my kids.",
        Started.AddDays(84),
        [],
        []);

    public static TreatmentPlan Drafted() =>
        TreatmentPlan.Draft("plan-1", "client-7", Started)
            .AddProblem(new Problem("prob-1", "Low mood since a job loss", "depression", []))
            .AddGoal("prob-1", new Goal("goal-1", "I want to get my energy back.", []))
            .AddObjective("goal-1", Walking())
            .AddObjective("goal-1", Mood());

    public static TreatmentPlan SignedByClinicianAndClient() =>
        Drafted()
            .Sign(SignerRole.Clinician, "clinician-3", Noon)
            .Sign(SignerRole.Client, "client-7", Noon.AddHours(2));
}
