namespace BotCore.Cards;

/// <summary>Where the card templates live. Bound from the "Cards" configuration section.</summary>
public sealed class CardTemplateOptions
{
    public const string SectionName = "Cards";

    /// <summary>Folder holding <c>&lt;name&gt;.json</c> templates; a relative path is resolved against the content root.</summary>
    public string TemplateFolder { get; set; } = "cards";
}
