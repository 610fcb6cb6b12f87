using System.Text.Json.Nodes;

namespace HotPaths;

/// <summary>
/// A dialog-state document shaped like the bot's own mid-screening or mid-objective (the dialog stack of a waterfall
/// inside a component dialog, each step's values holding typed answers and drafted text), grown to a target size
/// with varied synthetic prose so that it compresses like real text, not like repeated characters.
/// </summary>
internal static class DialogStateSample
{
    private static readonly string[] Words =
    [
        "client", "reports", "sleep", "worse", "since", "spring", "work", "stress", "walks", "twice", "weekly", "mood",
        "low", "mornings", "family", "support", "sister", "nearby", "goal", "reduce", "worry", "practice", "breathing",
        "evenings", "notes", "session", "plan", "review", "weeks", "progress", "steady", "appetite", "fine", "energy",
        "improving", "avoid", "crowds", "bus", "anxious", "grounding", "journal", "three", "times", "agreed", "next",
    ];

    public static JsonObject Create(int targetBytes)
    {
        var random = new Random(targetBytes);
        var stack = new JsonArray();
        var document = new JsonObject
        {
            ["dialogState"] = new JsonObject { ["dialogStack"] = stack },
            ["conversationData"] = new JsonObject { ["lastCardId"] = Guid.NewGuid().ToString(), ["turns"] = 12 },
        };
        var answers = new JsonObject();
        stack.Add(new JsonObject
        {
            ["id"] = "screening.waterfall",
            ["state"] = new JsonObject
            {
                ["stepIndex"] = 4,
                ["options"] = new JsonObject { ["clientId"] = Guid.NewGuid().ToString(), ["retry"] = 0 },
                ["values"] = answers,
                ["instanceId"] = Guid.NewGuid().ToString(),
            },
        });
        stack.Add(new JsonObject
        {
            ["id"] = "textPrompt",
            ["state"] = new JsonObject
            {
                ["options"] = new JsonObject { ["prompt"] = "What brings them to therapy now, in their own words?", ["retryPrompt"] = "Please type a few words." },
                ["state"] = new JsonObject { ["attemptCount"] = 1 },
            },
        });
        for (var i = 0; TableDocumentBytes(document) < targetBytes; i++)
        {
            answers[$"answer{i}"] = new JsonObject
            {
                ["question"] = $"screening.q{i}",
                ["text"] = Prose(random, 20 + random.Next(60)),
                ["score"] = random.Next(4),
                ["answeredAt"] = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("O"),
            };
        }

        return document;
    }

    private static int TableDocumentBytes(JsonObject document) => System.Text.Encoding.UTF8.GetByteCount(document.ToJsonString());

    private static string Prose(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";
}
