using System.Collections.Frozen;

namespace BotCore.Cards;

/// <summary>
/// Every template in one folder (<c>&lt;folder&gt;/&lt;name&gt;.json</c>), read and parsed once when the library
/// is built, so a broken template fails at start-up and a card action never pays for parsing.
/// </summary>
public sealed class CardTemplateLibrary
{
    private readonly FrozenDictionary<string, AdaptiveCardTemplate> _templates;

    /// <exception cref="CardTemplateException">A template in the folder cannot be parsed; the message names the file.</exception>
    public CardTemplateLibrary(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The card template folder \"{folder}\" does not exist.");
        }

        var templates = new Dictionary<string, AdaptiveCardTemplate>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly))
        {
            try
            {
                templates[Path.GetFileNameWithoutExtension(file)] = AdaptiveCardTemplate.Parse(File.ReadAllText(file));
            }
            catch (CardTemplateException ex)
            {
                throw new CardTemplateException($"Card template \"{Path.GetFileName(file)}\": {ex.Message}", ex);
            }
        }

        Folder = folder;
        _templates = templates.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Folder { get; }

    public IEnumerable<string> Names => _templates.Keys;

    /// <summary>The template <c>&lt;name&gt;.json</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such template in the folder.</exception>
    public AdaptiveCardTemplate this[string name] =>
        _templates.TryGetValue(name, out var template)
            ? template
            : throw new KeyNotFoundException($"There is no card template \"{name}.json\" in \"{Folder}\".");
}
