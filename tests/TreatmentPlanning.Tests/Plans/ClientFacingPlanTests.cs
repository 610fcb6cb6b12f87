using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Tests.Plans;

public sealed class ClientFacingPlanTests
{
    [Fact]
    public void The_client_sees_their_goals_objectives_aims_tasks_and_what_the_clinician_will_do()
    {
        var view = ClientFacingPlan.From(PlanBuilder.SignedByClinicianAndClient());

        var goal = Assert.Single(view.Goals);
        Assert.Equal("I want to get my energy back.", goal.InClientsWords);
        var walking = goal.Objectives[0];
        Assert.Equal("Walks outside for twenty minutes on weekdays", walking.Behaviour);
        Assert.Equal("When I walk I sleep better.", walking.WhyItMatters);
        Assert.Equal("5 walks per week or more", walking.Target);
        Assert.Equal(PlanBuilder.Started.AddDays(56), walking.By);
        Assert.Equal("Put shoes by the door the night before", Assert.Single(walking.Tasks).Description);
        Assert.Equal(["Behavioural activation: Schedule and review walks"], walking.ClinicianWillDo);
        Assert.Equal("a PHQ-9 score of 9 or lower", goal.Objectives[1].Target);
        Assert.True(view.SignedByClinician);
        Assert.True(view.SignedByClient);
    }

    [Fact]
    public void Revised_and_discontinued_objectives_are_history_and_left_out()
    {
        var plan = PlanBuilder.Drafted().SetObjectiveStatus("obj-mood", ObjectiveStatus.Discontinued, PlanBuilder.Started.AddDays(10));

        var objective = Assert.Single(Assert.Single(ClientFacingPlan.From(plan).Goals).Objectives);

        Assert.Equal("Walks outside for twenty minutes on weekdays", objective.Behaviour);
    }

    [Theory]
    [InlineData(MeasureType.Rating0To10, ChangeDirection.Increase, 7, null, null, "7 out of 10 or higher")]
    [InlineData(MeasureType.CountPerPeriod, ChangeDirection.Decrease, 2.5, "drinks per day", null, "2.5 drinks per day or fewer")]
    [InlineData(MeasureType.InstrumentScore, ChangeDirection.Decrease, 5, null, "GAD-7", "a GAD-7 score of 5 or lower")]
    [InlineData(MeasureType.DoneNotDone, ChangeDirection.Increase, 1, null, null, null)]
    public void An_aim_reads_in_plain_words(MeasureType type, ChangeDirection direction, double target, string? unit, string? measureId, string? words) =>
        Assert.Equal(words, ClientFacingObjective.TargetInWords(new ObjectiveMeasure(type, direction, 1, (decimal)target, measureId, unit)));
}
