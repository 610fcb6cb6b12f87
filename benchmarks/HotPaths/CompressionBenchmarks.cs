using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BotCore.Storage;

namespace HotPaths;

/// <summary>
/// What storing a dialog-state document costs by how its bytes are coded: Brotli at Optimal (the form before
/// 2026-11-29), Brotli at Fastest, and plain UTF-8 JSON. Write = serialise + code + split into parts; read = join +
/// decode + parse. The stored bytes per case are printed by the setup ("stored bytes:") into the run's log.
/// </summary>
[MemoryDiagnoser]
public class CompressionBenchmarks
{
    private JsonObject _document = null!;
    private TableEntity _stored = null!;

    [Params(1_000, 8_000, 30_000)]
    public int JsonBytes { get; set; }

    [Params("BrotliOptimal", "BrotliFastest", "Plain")]
    public string Coding { get; set; } = "";

    private TableDocument.Coding Mode => Enum.Parse<TableDocument.Coding>(Coding);

    [GlobalSetup]
    public void Setup()
    {
        _document = DialogStateSample.Create(JsonBytes);
        _stored = Write();
        var json = TableDocument.ToUtf8(_document).Length;
        var stored = _stored.Properties.Values.OfType<byte[]>().Sum(part => part.Length);
        Console.WriteLine($"// stored bytes: {Coding} json={json} stored={stored}");
    }

    [Benchmark]
    public TableEntity Write() =>
        TableDocument.Create("msteams~2Fconversations~2Fa:bench", "state", TableDocument.ToUtf8(_document), null, Mode);

    [Benchmark]
    public JsonNode Read() => TableDocument.Read(_stored);
}
