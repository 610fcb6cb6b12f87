using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;

namespace BotCore.Cards;

/// <summary>The size Teams counts for a card: its UTF-8 JSON as the bot sends it (BotJson, so non-ASCII is escaped).</summary>
public static class CardSize
{
    /// <summary>Teams rejects a message whose card payload is over about 28 KB; long content must be paged.</summary>
    public const int TeamsLimitBytes = 28 * 1024;

    public static int Utf8Bytes(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return JsonSerializer.SerializeToUtf8Bytes(card, BotJson.Options).Length;
    }

    public static bool FitsInTeams(JsonNode card) => Utf8Bytes(card) <= TeamsLimitBytes;
}
