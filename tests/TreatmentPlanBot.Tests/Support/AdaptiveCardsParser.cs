using System.Text.Json;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>The official adaptivecards parser (npm), as the template conformance tests use it: a card as sent, read for schema 1.5.</summary>
internal static class AdaptiveCardsParser
{
    private const string Script = """
        const fs = require("fs");
        const path = require("path");
        const AC = require(path.join(process.argv[1], "node_modules", "adaptivecards", "dist", "adaptivecards.js"));
        const card = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
        const context = new AC.SerializationContext();
        context.targetVersion = AC.Versions.v1_5;
        const parsed = new AC.AdaptiveCard();
        parsed.parse(card, context);
        const events = [];
        for (let i = 0; i < context.eventCount; i++) events.push(AC.ValidationEvent[context.getEventAt(i).event] + ": " + context.getEventAt(i).message);
        for (const e of parsed.validateProperties().validationEvents) events.push(AC.ValidationEvent[e.event] + ": " + e.message);
        process.stdout.write(JSON.stringify(events));
        """;

    /// <summary>The parser's warnings and errors for the card; empty when it reads the card cleanly.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(JsonElement card)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, card.GetRawText());
            var (exitCode, output) = await Repository.RunNodeAsync("-e", Script, Repository.Root, file);
            Assert.True(exitCode == 0, $"The adaptivecards parser failed: {output}");
            return JsonSerializer.Deserialize<string[]>(output)!;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
