using System.Text.Json;
using BotCore.Schema;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Features.Screening;

/// <summary>Reads the screening summary card as sent: its assessment start buttons and its facts.</summary>
internal static class ScreeningSummaryCardReading
{
    public sealed record StartButton(string ClientId, string InstrumentId);

    /// <summary>The summary card's start buttons, in order; each Action.Execute must fall back to a Submit carrying the verb.</summary>
    public static List<StartButton> StartButtons(IEnumerable<Activity> replies)
    {
        var buttons = new List<StartButton>();
        Walk(SummaryCard(replies), element =>
        {
            if (element.TryGetProperty("type", out var type) && type.GetString() == "Action.Execute")
            {
                Assert.Equal("assessment.start", element.GetProperty("verb").GetString());
                var data = element.GetProperty("data");
                var fallback = element.GetProperty("fallback");
                Assert.Equal("Action.Submit", fallback.GetProperty("type").GetString());
                Assert.Equal("assessment.start", fallback.GetProperty("data").GetProperty("verb").GetString());
                Assert.Equal(data.GetProperty("instrumentId").GetString(), fallback.GetProperty("data").GetProperty("instrumentId").GetString());
                Assert.Equal(["clientId", "instrumentId"], data.EnumerateObject().Select(p => p.Name).Order());
                buttons.Add(new StartButton(data.GetProperty("clientId").GetString()!, data.GetProperty("instrumentId").GetString()!));
            }
        });
        return buttons;
    }

    public static Dictionary<string, string> Facts(IEnumerable<Activity> replies)
    {
        var facts = new Dictionary<string, string>();
        Walk(SummaryCard(replies), element =>
        {
            if (element.TryGetProperty("type", out var type) && type.GetString() == "FactSet")
            {
                foreach (var fact in element.GetProperty("facts").EnumerateArray())
                {
                    facts[fact.GetProperty("title").GetString()!] = fact.GetProperty("value").GetString()!;
                }
            }
        });
        return facts;
    }

    private static JsonElement SummaryCard(IEnumerable<Activity> replies) =>
        replies.SelectMany(r => r.Attachments ?? [])
            .Single(a => a.ContentType == ContentTypes.AdaptiveCard && ReplyText.Of(new Activity { Attachments = [a] }).StartsWith("Screening summary", StringComparison.Ordinal))
            .Content!.Value;

    private static void Walk(JsonElement element, Action<JsonElement> visit)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            visit(element);
            foreach (var property in element.EnumerateObject().Where(p => p.Name != "fallback"))
            {
                Walk(property.Value, visit);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, visit);
            }
        }
    }
}
