using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Tests.Plans;

/// <summary>Where the current version stands: what the plan card's header says, decided in the domain.</summary>
public sealed class PlanSigningStateTests
{
    [Fact]
    public void An_empty_plan_has_nothing_to_sign_and_a_drafted_one_is_not_signed()
    {
        Assert.Equal(SigningStage.NothingToSign, PlanSigning.StateOf(TreatmentPlan.Draft("plan-1", "client-7", PlanBuilder.Started), supervisorCoSigns: false).Stage);
        var drafted = PlanSigning.StateOf(PlanBuilder.Drafted(), supervisorCoSigns: false);
        Assert.Equal(SigningStage.NotSigned, drafted.Stage);
        Assert.Equal([SignerRole.Client, SignerRole.Clinician], drafted.Missing);
        Assert.Null(drafted.LastSignedVersion);
    }

    [Fact]
    public void The_clinician_alone_is_partly_signed_and_waiting_for_the_client()
    {
        var state = PlanSigning.StateOf(PlanBuilder.Drafted().Sign(SignerRole.Clinician, "clinician-3", PlanBuilder.Noon), supervisorCoSigns: false);

        Assert.Equal(SigningStage.PartlySigned, state.Stage);
        Assert.False(state.FullySigned);
        Assert.Equal([SignerRole.Clinician], state.Signed);
        Assert.Equal([SignerRole.Client], state.Missing);
    }

    [Fact]
    public void Client_and_clinician_are_fully_signed_only_when_the_clinic_does_not_ask_for_a_co_signature()
    {
        var plan = PlanBuilder.SignedByClinicianAndClient();

        Assert.True(PlanSigning.StateOf(plan, supervisorCoSigns: false).FullySigned);
        var waiting = PlanSigning.StateOf(plan, supervisorCoSigns: true);
        Assert.Equal(SigningStage.PartlySigned, waiting.Stage);
        Assert.Equal([SignerRole.Supervisor], waiting.Missing);
        var cosigned = PlanSigning.StateOf(plan.Sign(SignerRole.Supervisor, "supervisor-1", PlanBuilder.Noon), supervisorCoSigns: true);
        Assert.True(cosigned.FullySigned);
        Assert.Equal([SignerRole.Client, SignerRole.Clinician, SignerRole.Supervisor], cosigned.Signed);
    }

    [Fact]
    public void An_edit_after_signing_is_a_new_version_not_signed_and_names_the_version_that_was()
    {
        var edited = PlanBuilder.SignedByClinicianAndClient()
            .UpdateObjective(PlanBuilder.Mood() with { Measure = PlanBuilder.Mood().Measure! with { Target = 7 } });

        var state = PlanSigning.StateOf(edited, supervisorCoSigns: false);

        Assert.Equal(2, state.Version);
        Assert.Equal(SigningStage.ChangedSinceSigned, state.Stage);
        Assert.Empty(state.Signed);
        Assert.Equal(1, state.LastSignedVersion);
    }
}
