using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Tests.Plans;

public sealed class ProgressReviewTests
{
    [Fact]
    public void The_first_review_falls_due_ninety_days_after_the_plan_starts()
    {
        Assert.Equal(PlanBuilder.Started.AddDays(90), PlanBuilder.Drafted().NextReviewDue());
    }

    [Fact]
    public void A_review_sets_each_objective_status_and_moves_the_next_due_date()
    {
        var reviewedOn = new DateOnly(2026, 4, 30);
        var plan = PlanBuilder.SignedByClinicianAndClient().Activate().BeginReview();

        var reviewed = plan.RecordReview(new ProgressReview(
            "review-1",
            reviewedOn,
            "clinician-3",
            [new("obj-walk", ObjectiveStatus.Achieved, "Walking most weekdays"), new("obj-mood", ObjectiveStatus.InProgress)],
            "Steady progress"));

        Assert.Equal(ObjectiveStatus.Achieved, reviewed.FindObjective("obj-walk").Status);
        Assert.Equal(reviewedOn, reviewed.FindObjective("obj-walk").ActualCompletion);
        Assert.Equal(ObjectiveStatus.InProgress, reviewed.FindObjective("obj-mood").Status);
        Assert.Equal(PlanStatus.Active, reviewed.Status);
        Assert.Equal(reviewedOn.AddDays(90), reviewed.NextReviewDue());
        Assert.Equal(1, reviewed.Version);
    }

    [Fact]
    public void Reviewing_an_objective_as_achieved_again_keeps_the_date_it_was_first_achieved()
    {
        var achievedOn = new DateOnly(2026, 3, 10);
        var plan = PlanBuilder.Drafted().MarkAchieved("obj-walk", achievedOn);

        var reviewed = plan.RecordReview(new ProgressReview("review-1", new DateOnly(2026, 4, 30), "clinician-3", [new("obj-walk", ObjectiveStatus.Achieved)]));

        Assert.Equal(achievedOn, reviewed.FindObjective("obj-walk").ActualCompletion);
    }

    [Fact]
    public void A_clinic_can_set_its_own_review_cadence()
    {
        var plan = TreatmentPlan.Draft("plan-2", "client-8", PlanBuilder.Started, reviewEveryDays: 30);

        Assert.Equal(PlanBuilder.Started.AddDays(30), plan.NextReviewDue());
        Assert.Throws<ArgumentOutOfRangeException>(() => TreatmentPlan.Draft("plan-3", "client-8", PlanBuilder.Started, reviewEveryDays: 0));
    }
}
