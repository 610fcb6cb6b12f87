using System.Text.Json;
using BotCore.Schema;

namespace TreatmentPlanBot.Records;

/// <summary>
/// The JSON shape of stored clinical records: today the same conventions as the wire (camelCase, nulls omitted),
/// named separately so stored records can keep their shape if the wire's ever changes.
/// </summary>
internal static class RecordJson
{
    public static JsonSerializerOptions Options => BotJson.Options;
}
