using CsCheck;
using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Tests.Plans;

public sealed class PlanProgressPropertyTests
{
    [Fact]
    public void No_sequence_of_status_changes_voids_a_signature_or_starts_a_new_version()
    {
        var signed = PlanBuilder.SignedByClinicianAndClient();
        string[] objectives = ["obj-walk", "obj-mood"];

        Gen.Select(Gen.Int[0, 1], Gen.Enum<ObjectiveStatus>(), Gen.Int[0, 365]).Array[1, 12].Sample(changes =>
        {
            var plan = changes.Aggregate(signed, (p, c) => p.SetObjectiveStatus(objectives[c.Item1], c.Item2, PlanBuilder.Started.AddDays(c.Item3)));

            Assert.Equal(1, plan.Version);
            Assert.Equal(signed.ContentHash, plan.ContentHash);
            Assert.True(plan.IsSignedBy(SignerRole.Client));
        });
    }
}
