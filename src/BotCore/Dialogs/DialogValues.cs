using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;

namespace BotCore.Dialogs;

/// <summary>
/// Named values a dialog keeps across turns (<see cref="WaterfallStepContext.Values"/>), stored as JSON so they survive
/// a restart; each is read back as the type it was written with.
/// </summary>
public sealed class DialogValues(JsonObject values)
{
    public bool Contains(string name) => values.ContainsKey(name);

    public void Set<T>(string name, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        values[name] = JsonSerializer.SerializeToNode(value, BotJson.Options);
    }

    /// <summary>The value written under <paramref name="name"/>; throws if there is none.</summary>
    public T Get<T>(string name) =>
        TryGet<T>(name, out var value) ? value : throw new KeyNotFoundException($"No dialog value named '{name}'.");

    public bool TryGet<T>(string name, out T value)
    {
        if (values.TryGetPropertyValue(name, out var node) && node is not null)
        {
            value = node.Deserialize<T>(BotJson.Options)!;
            return true;
        }

        value = default!;
        return false;
    }

    public bool Remove(string name) => values.Remove(name);

    public IEnumerable<string> Names => values.Select(p => p.Key);
}
