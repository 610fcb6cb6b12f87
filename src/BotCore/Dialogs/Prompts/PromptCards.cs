using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;

namespace BotCore.Dialogs.Prompts;

/// <summary>
/// The Adaptive Cards prompts send. Answers travel as Action.Submit data, never hero-card imBack buttons, which the
/// Agents Playground rejects. Teams renders schema 1.5 and shows at most six buttons in a row before folding them
/// into an overflow menu, so longer lists become a drop-down.
/// </summary>
public static class PromptCards
{
    /// <summary>The submit data key carrying a choice or confirm answer.</summary>
    public const string ChoiceInputId = "choice";

    /// <summary>The submit data key carrying the token of the asking a prompt card belongs to.</summary>
    public const string PromptTokenKey = "promptToken";

    /// <summary>The Input.ChoiceSet id of the multiple-choice prompt's card.</summary>
    public const string ChoicesInputId = "choices";

    /// <summary>The Input.Date id of the date prompt's card.</summary>
    public const string DateInputId = "date";

    private const int MaxButtons = 6;

    private const int MaxButtonTitle = 40;

    private const int ShortTitle = 24;

    public static Attachment Choices(string? question, IReadOnlyList<Choice> choices, string submitTitle = "OK", string? selected = null)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var body = Body(question);
        var actions = new JsonArray();
        if (choices.Count <= MaxButtons)
        {
            // Teams cuts a button's title at about forty characters: long answers are listed in full and numbered,
            // and their buttons carry the number and the first words.
            var longTitles = choices.Any(c => c.DisplayTitle.Length > MaxButtonTitle);
            for (var i = 0; i < choices.Count; i++)
            {
                var choice = choices[i];
                var number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (longTitles)
                {
                    body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = $"{number}. {choice.DisplayTitle}", ["wrap"] = true, ["spacing"] = "Small" });
                }

                actions.Add(Submit(longTitles ? $"{number}. {ButtonTitle(choice.DisplayTitle)}" : choice.DisplayTitle, new JsonObject { [ChoiceInputId] = choice.Value }));
            }
        }
        else
        {
            var options = new JsonArray();
            foreach (var choice in choices)
            {
                options.Add(new JsonObject { ["title"] = choice.DisplayTitle, ["value"] = choice.Value });
            }

            var dropDown = new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = ChoiceInputId, ["style"] = "compact", ["choices"] = options };
            if (selected is not null && choices.Any(c => c.Value == selected))
            {
                dropDown["value"] = selected;
            }

            body.Add(dropDown);
            actions.Add(Submit(submitTitle, null));
        }

        return Card(body, actions);
    }

    /// <summary>Several answers at once: a checkbox list whose submit carries the chosen values comma-separated.</summary>
    public static Attachment MultipleChoices(string? question, IReadOnlyList<Choice> choices, string submitTitle = "OK")
    {
        ArgumentNullException.ThrowIfNull(choices);
        var body = Body(question);
        var options = new JsonArray();
        foreach (var choice in choices)
        {
            options.Add(new JsonObject { ["title"] = choice.DisplayTitle, ["value"] = choice.Value });
        }

        body.Add(new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = ChoicesInputId, ["isMultiSelect"] = true, ["style"] = "expanded", ["choices"] = options });

        // Ticked values replace this default; it makes "nothing ticked" recognisable even if the client drops an empty input.
        return Card(body, [Submit(submitTitle, new JsonObject { [ChoicesInputId] = string.Empty })]);
    }

    public static Attachment DateInput(string? question, string submitTitle = "OK")
    {
        var body = Body(question);
        body.Add(new JsonObject { ["type"] = "Input.Date", ["id"] = DateInputId });
        return Card(body, [Submit(submitTitle, null)]);
    }

    /// <summary>The text of a message, or of its cards' text blocks when it has none: what the user reads.</summary>
    public static string ReadableText(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!string.IsNullOrEmpty(activity.Text))
        {
            return activity.Text;
        }

        var texts = (activity.Attachments ?? [])
            .Where(a => a.ContentType == ContentTypes.AdaptiveCard && a.Content is { ValueKind: JsonValueKind.Object })
            .SelectMany(a => TextBlocks(a.Content!.Value));
        return string.Join("\n", texts);
    }

    private static IEnumerable<string> TextBlocks(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out var type) && type.ValueEquals("TextBlock") && element.TryGetProperty("text", out var text) && text.GetString() is { } value)
            {
                yield return value;
            }

            foreach (var property in element.EnumerateObject().Where(p => p.Name != "actions"))
            {
                foreach (var found in TextBlocks(property.Value))
                {
                    yield return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var found in TextBlocks(item))
                {
                    yield return found;
                }
            }
        }
    }

    private static string ButtonTitle(string title)
    {
        if (title.Length <= ShortTitle)
        {
            return title;
        }

        var cut = title.LastIndexOf(' ', ShortTitle);
        return title[..(cut > 0 ? cut : ShortTitle)].TrimEnd(',', ';', ':', ' ') + "…";
    }

    private static JsonArray Body(string? question) =>
        string.IsNullOrEmpty(question) ? [] : [new JsonObject { ["type"] = "TextBlock", ["text"] = question, ["wrap"] = true }];

    private static JsonObject Submit(string title, JsonObject? data)
    {
        var action = new JsonObject { ["type"] = "Action.Submit", ["title"] = title };
        if (data is not null)
        {
            action["data"] = data;
        }

        return action;
    }

    private static Attachment Card(JsonArray body, JsonArray actions)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = actions,
        };
        return ActivityExtensions.CreateAdaptiveCardAttachment(JsonSerializer.SerializeToElement(card));
    }
}
