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
        Assert.Equal(2, reviewed.Version);
        Assert.True(reviewed.GetVersion(1).Signatures.Count > 0);
        Assert.Equal(2, reviewed.Reviews.Single().Version);
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

    [Fact]
    public void A_review_adjusts_target_and_date_and_keeps_what_was_tried_in_a_new_version()
    {
        var plan = PlanBuilder.Drafted();
        var mood = plan.FindObjective("obj-mood");
        var review = new ProgressReview("review-2", new DateOnly(2026, 4, 30), "clinician-3",
        [
            ObjectiveProgress.Reviewed("obj-mood", ReviewVerdict.NotProgressing) with
            {
                NewTarget = 12, NewAnticipatedCompletion = new DateOnly(2026, 7, 31), Tried = "Thought records", Worked = "Morning walks",
            },
            ObjectiveProgress.Reviewed("obj-walk", ReviewVerdict.Achieved) with { AchievedOn = new DateOnly(2026, 4, 20) },
        ]) { NextReviewOn = new DateOnly(2026, 6, 15) };

        var reviewed = plan.RecordReview(review);

        Assert.Equal(plan.Version + 1, reviewed.Version);
        Assert.Equal(mood, plan.GetVersion(plan.Version).Problems.SelectMany(p => p.Goals).SelectMany(g => g.Objectives).Single(o => o.Id == "obj-mood"));
        Assert.Equal(12, reviewed.FindObjective("obj-mood").Measure!.Target);
        Assert.Equal(new DateOnly(2026, 7, 31), reviewed.FindObjective("obj-mood").AnticipatedCompletion);
        Assert.Equal(ObjectiveStatus.InProgress, reviewed.FindObjective("obj-mood").Status);
        Assert.Equal(new DateOnly(2026, 4, 20), reviewed.FindObjective("obj-walk").ActualCompletion);
        Assert.Equal("Thought records", reviewed.Reviews.Single().Objectives[0].Tried);
        Assert.Equal(new DateOnly(2026, 6, 15), reviewed.NextReviewDue());
    }

    [Fact]
    public void A_review_date_can_be_set_sooner_but_not_in_the_past()
    {
        var plan = PlanBuilder.Drafted();
        var today = PlanBuilder.Started.AddDays(10);

        Assert.Equal(today.AddDays(20), plan.ScheduleReview(today.AddDays(20), today).NextReviewDue());
        Assert.Equal(plan.Version, plan.ScheduleReview(today.AddDays(20), today).Version);
        Assert.Throws<PlanRuleException>(() => plan.ScheduleReview(today.AddDays(-1), today));
    }

    [Fact]
    public void The_same_review_is_recorded_once()
    {
        var review = new ProgressReview("review-1", new DateOnly(2026, 4, 30), "clinician-3", [ObjectiveProgress.Reviewed("obj-walk", ReviewVerdict.Progressing)]);
        var reviewed = PlanBuilder.Drafted().RecordReview(review);

        Assert.Throws<PlanRuleException>(() => reviewed.RecordReview(review));
    }

    [Fact]
    public void Projection_accuracy_compares_the_actual_date_with_the_first_anticipated_one()
    {
        var plan = PlanBuilder.Drafted();
        var first = plan.FindObjective("obj-walk").AnticipatedCompletion!.Value;
        var moved = plan.RecordReview(new ProgressReview("review-1", first.AddDays(-5), "clinician-3",
            [ObjectiveProgress.Reviewed("obj-walk", ReviewVerdict.Progressing) with { NewAnticipatedCompletion = first.AddDays(20) }]));
        var achieved = moved.RecordReview(new ProgressReview("review-2", first.AddDays(30), "clinician-3",
            [ObjectiveProgress.Reviewed("obj-walk", ReviewVerdict.Achieved) with { AchievedOn = first.AddDays(12) }]));

        var accuracy = ProjectionAccuracy.Of(achieved, achieved.FindObjective("obj-walk"))!;

        Assert.Equal(12, accuracy.DaysLate);
        Assert.True(accuracy.WasMoved);
        Assert.Null(ProjectionAccuracy.Of(plan, plan.FindObjective("obj-walk")));
    }
}
