using System.Text.Json;
using System.Text.Json.Serialization;

namespace TreatmentPlanBot.Records;

/// <summary>The one JSON shape of stored clinical records.</summary>
internal static class RecordJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
