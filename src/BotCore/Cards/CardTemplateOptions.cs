namespace BotCore.Cards;

/// <summary>Where the card templates live. Bound from the "Cards" configuration section.</summary>
public sealed class CardTemplateOptions
{
    public const string SectionName = "Cards";

    /// <summary>
    /// Folder holding <c>&lt;name&gt;.json</c> templates. A relative path is resolved against the app's base
    /// directory (where the build copies the templates), so <c>dotnet run</c>, tests and deployments agree.
    /// </summary>
    public string TemplateFolder { get; set; } = "cards";

    public string ResolvedFolder => Path.GetFullPath(TemplateFolder, AppContext.BaseDirectory);
}
