using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Tests.Plans;

public sealed class PlanVersioningTests
{
    [Fact]
    public void A_signature_is_bound_to_the_version_and_content_it_signed()
    {
        var plan = PlanBuilder.SignedByClinicianAndClient();

        Assert.Equal(1, plan.Version);
        Assert.All(plan.Signatures, s =>
        {
            Assert.Equal(1, s.PlanVersion);
            Assert.Equal(plan.ContentHash, s.ContentHash);
        });
        Assert.True(plan.IsSignedBy(SignerRole.Clinician));
        Assert.True(plan.IsSignedBy(SignerRole.Client));
        Assert.Matches("^[0-9a-f]{64}$", plan.ContentHash);
    }

    [Fact]
    public void Editing_a_signed_plan_makes_a_new_unsigned_version_and_keeps_the_old_one_readable()
    {
        var signed = PlanBuilder.SignedByClinicianAndClient();
        var signedHash = signed.ContentHash;

        var edited = signed.UpdateObjective(PlanBuilder.Mood() with { Measure = PlanBuilder.Mood().Measure! with { Target = 7 } });

        Assert.Equal(2, edited.Version);
        Assert.Empty(edited.Signatures);
        Assert.False(edited.IsSignedBy(SignerRole.Clinician));
        Assert.NotEqual(signedHash, edited.ContentHash);
        Assert.Equal(7, edited.FindObjective("obj-mood").Measure!.Target);

        var old = edited.GetVersion(1);
        Assert.Equal(signedHash, old.ContentHash);
        Assert.Equal(9, old.Problems.Single().Goals.Single().Objectives.Single(o => o.Id == "obj-mood").Measure!.Target);
        Assert.Equal([SignerRole.Clinician, SignerRole.Client], old.Signatures.Select(s => s.Role));
        Assert.All(old.Signatures, s => Assert.Equal(old.ContentHash, s.ContentHash));
    }

    [Fact]
    public void The_old_signature_does_not_carry_over_even_when_the_edit_is_undone()
    {
        var signed = PlanBuilder.SignedByClinicianAndClient();

        var editedBack = signed
            .UpdateObjective(PlanBuilder.Mood() with { Relevance = "Something else" })
            .UpdateObjective(PlanBuilder.Mood());

        Assert.Equal(signed.ContentHash, editedBack.ContentHash);
        Assert.Equal(2, editedBack.Version);
        Assert.False(editedBack.IsSignedBy(SignerRole.Client));
    }

    [Fact]
    public void Several_edits_before_anyone_signs_stay_on_one_version()
    {
        var plan = PlanBuilder.SignedByClinicianAndClient()
            .UpdateObjective(PlanBuilder.Mood() with { Relevance = "First wording" })
            .UpdateObjective(PlanBuilder.Mood() with { Relevance = "Second wording" })
            .RemoveObjective("obj-walk");

        Assert.Equal(2, plan.Version);
        Assert.Single(plan.PriorVersions);
    }

    [Fact]
    public void Recording_progress_keeps_the_version_and_its_signatures()
    {
        var signed = PlanBuilder.SignedByClinicianAndClient();

        var progressed = signed
            .SetObjectiveStatus("obj-mood", ObjectiveStatus.InProgress, new DateOnly(2026, 3, 1))
            .MarkAchieved("obj-walk", new DateOnly(2026, 3, 20))
            .Refer(new Referral("ref-1", "Medication review", "Community psychiatry", new DateOnly(2026, 3, 2)));

        Assert.Equal(1, progressed.Version);
        Assert.True(progressed.IsSignedBy(SignerRole.Clinician));
        Assert.True(progressed.IsSignedBy(SignerRole.Client));
        Assert.Equal(new DateOnly(2026, 3, 20), progressed.FindObjective("obj-walk").ActualCompletion);
        Assert.Equal(ObjectiveStatus.Achieved, progressed.FindObjective("obj-walk").Status);
    }

    [Fact]
    public void Revise_starts_a_new_version_with_the_same_content()
    {
        var signed = PlanBuilder.SignedByClinicianAndClient();

        var revised = signed.Revise();

        Assert.Equal(2, revised.Version);
        Assert.Equal(signed.ContentHash, revised.ContentHash);
        Assert.Empty(revised.Signatures);
        Assert.Equal(2, revised.GetVersion(1).Signatures.Count);
    }

    [Fact]
    public void The_hash_changes_with_clinical_content_but_not_with_how_a_number_is_written()
    {
        var plan = PlanBuilder.Drafted();
        var sameTarget = plan.UpdateObjective(PlanBuilder.Mood() with { Measure = PlanBuilder.Mood().Measure! with { Target = 9.0m } });
        var newTask = plan.UpdateObjective(PlanBuilder.Walking() with { ClientTasks = [new ClientTask("task-1", "Walk with a friend")] });

        Assert.Equal(plan.ContentHash, sameTarget.ContentHash);
        Assert.NotEqual(plan.ContentHash, newTask.ContentHash);
    }

    [Fact]
    public void A_supervisor_co_signs_only_after_the_clinician()
    {
        var unsigned = PlanBuilder.Drafted();

        var refused = Assert.Throws<PlanRuleException>(() => unsigned.Sign(SignerRole.Supervisor, "supervisor-1", PlanBuilder.Noon));
        var cosigned = unsigned.Sign(SignerRole.Clinician, "clinician-3", PlanBuilder.Noon).Sign(SignerRole.Supervisor, "supervisor-1", PlanBuilder.Noon);

        Assert.Contains("after the clinician has signed", refused.Message);
        Assert.True(cosigned.IsSignedBy(SignerRole.Supervisor));
    }

    [Fact]
    public void Only_the_client_can_sign_as_the_client_and_nobody_signs_twice()
    {
        var plan = PlanBuilder.SignedByClinicianAndClient();

        Assert.Throws<PlanRuleException>(() => PlanBuilder.Drafted().Sign(SignerRole.Client, "someone-else", PlanBuilder.Noon));
        Assert.Throws<PlanRuleException>(() => plan.Sign(SignerRole.Clinician, "clinician-3", PlanBuilder.Noon));
    }

    [Fact]
    public void A_plan_becomes_active_only_once_the_clinician_has_signed()
    {
        Assert.Throws<PlanRuleException>(() => PlanBuilder.Drafted().Activate());

        Assert.Equal(PlanStatus.Active, PlanBuilder.SignedByClinicianAndClient().Activate().Status);
    }

    [Fact]
    public void A_discharged_plan_cannot_be_changed()
    {
        var discharged = PlanBuilder.SignedByClinicianAndClient().Activate().Discharge();

        var error = Assert.Throws<PlanRuleException>(() => discharged.UpdateObjective(PlanBuilder.Mood() with { Relevance = "x" }));

        Assert.Contains("discharged", error.Message);
    }

    [Fact]
    public void Ids_are_unique_within_a_plan()
    {
        Assert.Throws<PlanRuleException>(() => PlanBuilder.Drafted().AddObjective("goal-1", PlanBuilder.Walking()));
        Assert.Throws<PlanRuleException>(() => PlanBuilder.Drafted().MarkAchieved("no-such-objective", PlanBuilder.Started));
    }

    [Fact]
    public void Asking_for_a_version_that_never_existed_says_so()
    {
        var error = Assert.Throws<PlanRuleException>(() => PlanBuilder.Drafted().GetVersion(5));

        Assert.Equal("This plan has no version 5.", error.Message);
    }
}
