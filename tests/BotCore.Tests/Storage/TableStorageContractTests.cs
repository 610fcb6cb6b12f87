using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Storage;
using BotCore.Storage.AzureTables;

namespace BotCore.Tests.Storage;

/// <summary>The IStorage contract plus what only the durable store adds: large documents split across properties.</summary>
public abstract class TableStorageContractTests : StorageContractTests
{
    /// <summary>The table store under <see cref="StorageContractTests.Storage"/>, to look at and plant rows.</summary>
    protected abstract ITableStore Tables { get; }

    [Fact]
    public async Task A_row_written_Brotli_compressed_at_Optimal_by_the_earlier_code_reads_back_and_is_replaced()
    {
        var document = DialogStack(approximateBytes: 20_000);
        var table = await Tables.GetTableAsync(TableStorage.DefaultTableName);
        var etag = await table.UpsertAsync(EarlierForm(TableKey.Escape(Key), "state", document));

        var read = (await Storage.ReadAsync([Key]))[Key];
        Assert.Equal(etag, read.ETag);
        Assert.True(JsonNode.DeepEquals(document, read.Document));

        await Storage.WriteAsync(Changes(Key, Document("step", 3), read.ETag));
        Assert.True(JsonNode.DeepEquals(Document("step", 3), (await Storage.ReadAsync([Key]))[Key].Document));
    }

    [Fact]
    public async Task A_small_document_is_stored_as_plain_JSON_and_a_larger_one_compressed()
    {
        var table = await Tables.GetTableAsync(TableStorage.DefaultTableName);
        var large = DialogStack(approximateBytes: 20_000);
        const string largeKey = "conversations/larger-document";

        await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: "*"));
        await Storage.WriteAsync(Changes(largeKey, large, etag: "*"));

        var small = (await table.GetAsync(TableKey.Escape(Key), "state"))!;
        Assert.Equal("json", small.Properties["PartsFormat"]);
        Assert.True(JsonNode.DeepEquals(Document("step", 1), JsonNode.Parse((byte[])small.Properties["Part00"]!)));
        var compressed = (await table.GetAsync(TableKey.Escape(largeKey), "state"))!;
        Assert.False(compressed.Properties.ContainsKey("PartsFormat"));
        Assert.True(((byte[])compressed.Properties["Part00"]!).Length < Encoding.UTF8.GetByteCount(large.ToJsonString()) / 2);
        Assert.True(JsonNode.DeepEquals(large, (await Storage.ReadAsync([largeKey]))[largeKey].Document));
    }

    [Fact]
    public async Task A_300_KB_document_that_does_not_compress_round_trips()
    {
        var document = Incompressible(approximateBytes: 300_000);

        await Storage.WriteAsync(Changes(Key, document, etag: null));

        Assert.True(JsonNode.DeepEquals(document, (await Storage.ReadAsync([Key]))[Key].Document));
    }

    [Fact]
    public async Task A_900_KB_dialog_stack_round_trips()
    {
        var document = DialogStack(approximateBytes: 900_000);

        await Storage.WriteAsync(Changes(Key, document, etag: "*"));

        Assert.True(JsonNode.DeepEquals(document, (await Storage.ReadAsync([Key]))[Key].Document));
    }

    [Fact]
    public async Task A_document_over_the_limit_is_refused_with_TooLarge_and_the_stored_one_is_kept()
    {
        var etag = (await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: null)))[Key];

        var error = await Assert.ThrowsAsync<StorageException>(
            () => Storage.WriteAsync(Changes(Key, Incompressible(approximateBytes: TableStorage.MaxCompressedBytes * 3 / 2), etag)));

        Assert.Equal(StorageErrorKind.TooLarge, error.Kind);
        Assert.Contains(TableStorage.MaxCompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        var read = (await Storage.ReadAsync([Key]))[Key];
        Assert.Equal(etag, read.ETag);
        Assert.Equal(1, (int)read.Document["step"]!);
    }

    [Fact]
    public async Task A_document_shrinking_from_many_parts_to_one_reads_back_exactly()
    {
        var etag = (await Storage.WriteAsync(Changes(Key, Incompressible(approximateBytes: 200_000), etag: null)))[Key];

        await Storage.WriteAsync(Changes(Key, Document("step", 2), etag));

        Assert.True(JsonNode.DeepEquals(Document("step", 2), (await Storage.ReadAsync([Key]))[Key].Document));
    }

    /// <summary>A document as TableDocument wrote it before 2026-11-29: Brotli at Optimal, one part, no format marker.</summary>
    private static TableEntity EarlierForm(string partitionKey, string rowKey, JsonNode document)
    {
        using var compressed = new MemoryStream();
        using (var brotli = new BrotliStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new Utf8JsonWriter(brotli))
        {
            document.WriteTo(writer);
        }

        return new TableEntity(partitionKey, rowKey, new Dictionary<string, object?> { ["Parts"] = 1, ["Part00"] = compressed.ToArray() });
    }

    /// <summary>A synthetic dialog stack with repetitive, multi-byte text, as real dialog state is.</summary>
    private static JsonObject DialogStack(int approximateBytes)
    {
        var stack = new JsonArray();
        for (var (i, size) = (0, 0); size < approximateBytes; i++)
        {
            var text = $"Schritt {i}: Übung – ☀ {new string('z', 200)}";
            stack.Add(new JsonObject { ["id"] = $"waterfall-{i}", ["state"] = new JsonObject { ["stepIndex"] = i, ["note"] = text } });
            size += text.Length + 60;
        }

        return new JsonObject { ["dialogStack"] = stack };
    }

    /// <summary>Random base64 text barely compresses, so it exercises splitting across parts.</summary>
    private static JsonObject Incompressible(int approximateBytes)
    {
        var random = new Random(20261126);
        var values = new JsonArray();
        for (var size = 0; size < approximateBytes; size += 4_000)
        {
            var bytes = new byte[3_000];
            random.NextBytes(bytes);
            values.Add(Convert.ToBase64String(bytes));
        }

        return new JsonObject { ["values"] = values };
    }
}

public sealed class SqliteTableStorageTests(TemporarySqliteDatabase database) : TableStorageContractTests, IClassFixture<TemporarySqliteDatabase>
{
    protected override ITableStore Tables => database.Store;

    protected override IStorage Storage { get; } = new TableStorage(database.Store);
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteTableStorageTests(AzuriteFixture azurite) : TableStorageContractTests
{
    private static readonly string TablePrefix = AzuriteFixture.UniqueTablePrefix();

    private readonly ITableStore _tables = AzureTableStore.FromConnectionString(azurite.ConnectionString, TablePrefix);

    protected override ITableStore Tables => _tables;

    protected override IStorage Storage => field ??= new TableStorage(_tables);
}
