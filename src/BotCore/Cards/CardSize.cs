using System.Text.Json.Nodes;

namespace BotCore.Cards;

/// <summary>The size Teams counts for a card: its compact UTF-8 JSON.</summary>
public static class CardSize
{
    /// <summary>Teams rejects a message whose card payload is over about 28 KB; long content must be paged.</summary>
    public const int TeamsLimitBytes = 28 * 1024;

    public static int Utf8Bytes(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString());
    }

    public static bool FitsInTeams(JsonNode card) => Utf8Bytes(card) <= TeamsLimitBytes;
}
