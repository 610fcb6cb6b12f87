using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BotCore.Storage;

namespace HotPaths;

/// <summary>
/// Saving and loading one conversation's state through <see cref="TableStorage"/> (serialise, compress, split into
/// parts; and back) over a store in memory, so only the bot's own work is measured, not a database.
/// </summary>
[MemoryDiagnoser]
public class StateBenchmarks
{
    private readonly TableStorage _storage = new(new MemoryTableStore());
    private Dictionary<string, StoreItem> _small = null!;
    private Dictionary<string, StoreItem> _large = null!;
    private string[] _keys = null!;

    /// <summary>A dialog stack a few prompts deep (small) and one holding a long drafted plan (large).</summary>
    [GlobalSetup]
    public async Task Setup()
    {
        _small = new() { ["msteams/conversations/a:bench-1"] = new StoreItem(Document(steps: 3, textLength: 40), "*") };
        _large = new() { ["msteams/conversations/a:bench-2"] = new StoreItem(Document(steps: 40, textLength: 600), "*") };
        _keys = ["msteams/conversations/a:bench-1"];
        await _storage.WriteAsync(_small);
    }

    [Benchmark]
    public Task SaveSmallState() => _storage.WriteAsync(_small);

    [Benchmark]
    public Task SaveLargeState() => _storage.WriteAsync(_large);

    [Benchmark]
    public Task LoadSmallState() => _storage.ReadAsync(_keys);

    private static JsonObject Document(int steps, int textLength)
    {
        var stack = new JsonArray();
        for (var i = 0; i < steps; i++)
        {
            stack.Add(new JsonObject
            {
                ["id"] = $"dialog.step.{i}",
                ["state"] = new JsonObject
                {
                    ["stepIndex"] = i,
                    ["values"] = new JsonObject { ["answer"] = new string('x', textLength), ["choice"] = "area:depression" },
                    ["options"] = new JsonObject { ["prompt"] = "What is their given (first) name?", ["retry"] = 1 },
                },
            });
        }

        return new JsonObject { ["dialogState"] = new JsonObject { ["dialogStack"] = stack } };
    }
}
