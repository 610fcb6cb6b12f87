using System.Text.Json;
using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Tests.Plans;

public sealed class PlanJsonTests
{
    public static TheoryData<string> OptionSets => ["default", "web"];

    private static JsonSerializerOptions Options(string name) => name == "web"
        ? new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }
        : JsonSerializerOptions.Default;

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void A_plan_with_history_survives_a_json_round_trip(string optionSet)
    {
        var options = Options(optionSet);
        var plan = PlanBuilder.SignedByClinicianAndClient()
            .Activate()
            .UpdateObjective(PlanBuilder.Mood() with { AttainabilityNote = "Responded to treatment before." })
            .RecordReview(new ProgressReview("review-1", new DateOnly(2026, 4, 30), "clinician-3", [new("obj-walk", ObjectiveStatus.Achieved, "done")], "note"))
            .Sign(SignerRole.Clinician, "clinician-3", PlanBuilder.Noon.AddDays(7))
            .Refer(new Referral("ref-1", "Medication review", "Community psychiatry", new DateOnly(2026, 3, 2)));

        var json = JsonSerializer.Serialize(plan, options);
        var restored = JsonSerializer.Deserialize<TreatmentPlan>(json, options)!;

        Assert.Equal(json, JsonSerializer.Serialize(restored, options));
        Assert.Equal(plan.ContentHash, restored.ContentHash);
        Assert.Equal(3, restored.Version);
        Assert.True(restored.IsSignedBy(SignerRole.Clinician));
        Assert.Equal(plan.GetVersion(1).ContentHash, restored.GetVersion(1).ContentHash);
        Assert.Equal(new DateOnly(2026, 4, 30), restored.FindObjective("obj-walk").ActualCompletion);
        Assert.Equal(PlanStatus.Active, restored.Status);
    }

    [Fact]
    public void Enums_and_dates_are_stored_readably()
    {
        var json = JsonSerializer.Serialize(PlanBuilder.SignedByClinicianAndClient());

        Assert.Contains("\"Status\":\"Draft\"", json);
        Assert.Contains("\"Type\":\"InstrumentScore\"", json);
        Assert.Contains("\"Role\":\"Clinician\"", json);
        Assert.Contains("\"AnticipatedCompletion\":\"2026-04-27\"", json);
        Assert.DoesNotContain("ContentHash\":null", json);
    }
}
