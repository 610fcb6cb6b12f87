using System.Text.Json.Serialization;

namespace TreatmentPlanning.Plans;

[JsonConverter(typeof(JsonStringEnumConverter<PlanStatus>))]
public enum PlanStatus
{
    Draft,
    Active,
    UnderReview,
    Completed,
    Discharged,
}
