using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Cards;
using BotCore.Schema;

namespace TreatmentPlanBot.Cards;

/// <summary>Binds a view model to a template in cards/ and checks the result fits what Teams accepts.</summary>
public sealed class CardRenderer(CardTemplateLibrary templates)
{
    private static readonly JsonSerializerOptions ViewModelJson = new(JsonSerializerDefaults.Web);

    /// <summary>The expanded card. A card over Teams' 28 KB limit is a bug in the view (it must page), not a user error.</summary>
    public JsonElement Render(string template, object viewModel)
    {
        var card = Expand(template, viewModel);
        if (!CardSize.FitsInTeams(card))
        {
            throw new InvalidOperationException($"The '{template}' card is {CardSize.Utf8Bytes(card)} bytes; Teams accepts {CardSize.TeamsLimitBytes}.");
        }

        return JsonSerializer.SerializeToElement(card, BotJson.Options);
    }

    /// <summary>The expanded card, unchecked: for measuring what a page of a list would weigh (see <see cref="CardPages"/>).</summary>
    public JsonObject Expand(string template, object viewModel) =>
        templates[template].Expand(JsonSerializer.SerializeToNode(viewModel, ViewModelJson));

    public Activity Message(string template, object viewModel, string? summary = null) => new()
    {
        Type = ActivityTypes.Message,
        Summary = summary,
        Attachments = [ActivityExtensions.CreateAdaptiveCardAttachment(Render(template, viewModel))],
    };
}
