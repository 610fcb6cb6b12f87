using System.Text.Json;
using BotCore.Storage;

namespace TreatmentPlanBot.Bot;

/// <summary>
/// The ids a card's data carries: every top-level property named <c>id</c> or ending in <c>Id</c> (<c>clientId</c>,
/// <c>objectiveId</c>, <c>riskEventId</c>, <c>userId</c>, <c>sessionId</c>, ...). Card data is whatever the sender put in the
/// activity, and ids become storage keys, so the handler checks them once, before any card verb or dialog reads them: a
/// malformed id gets the access gate's neutral refusal instead of failing in storage.
/// </summary>
public static class CardDataIds
{
    /// <summary>
    /// The ids the bot puts on cards are far shorter (client ids, GUIDs, Teams user ids of about 100 characters). Escaped
    /// for a key, an id this long still leaves room within Table Storage's 512 characters for what row keys add to it.
    /// </summary>
    public const int MaxEscapedLength = 256;

    /// <summary>The first id property that is not well formed, or null when every id is (or there is none).</summary>
    public static string? FindMalformed(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in data.EnumerateObject())
        {
            if (!IsIdName(property.Name))
            {
                continue;
            }

            var wellFormed = property.Value.ValueKind switch
            {
                // An absent id is each handler's to answer ("that button is no longer active").
                JsonValueKind.Null => true,
                JsonValueKind.String => IsWellFormed(property.Value.GetString()!),
                _ => false,
            };
            if (!wellFormed)
            {
                return property.Name;
            }
        }

        return null;
    }

    public static bool IsWellFormed(string id) =>
        id.Length <= MaxEscapedLength && !id.Any(char.IsControl) && TableKey.Escape(id).Length <= MaxEscapedLength;

    private static bool IsIdName(string name) =>
        name.Equals("id", StringComparison.OrdinalIgnoreCase) || (name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal));
}
