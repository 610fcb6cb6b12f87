using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotCore.Storage;

/// <summary>
/// A JSON document stored in one table entity, split across binary properties of at most 64,000 bytes (Table
/// Storage's per-property limit), so documents far larger than one property fit while one ETag still guards the whole.
/// A document up to <see cref="PlainMaxBytes"/> is stored as its UTF-8 JSON (marked <c>PartsFormat = "json"</c>);
/// a larger one Brotli-compressed at the fastest level (no marker: rows written before the marker existed are Brotli
/// at the optimal level, and read the same way). Measured in benchmarks/HotPaths/README.md.
/// Optional plain properties sit beside the parts for queries and reading in tools.
/// A document over <see cref="MaxCompressedBytes"/> as stored is refused with <see cref="StorageErrorKind.TooLarge"/>.
/// </summary>
public static class TableDocument
{
    /// <summary>One binary property, under the 64 KiB property limit.</summary>
    public const int PartBytes = 64_000;

    /// <summary>
    /// 12 parts. Azure counts binary values as raw bytes against the 1 MiB entity limit, but the request carries
    /// them as base64 (4/3 larger) and Azurite caps the request body at 1 MiB, so 12 parts keep both under 1 MiB
    /// with the longest key.
    /// </summary>
    public const int MaxCompressedBytes = 12 * PartBytes;

    /// <summary>Documents up to this many bytes of UTF-8 JSON are stored uncompressed (one part).</summary>
    public const int PlainMaxBytes = 4 * 1024;

    private const string PartCountProperty = "Parts";
    private const string FormatProperty = "PartsFormat";
    private const string PlainFormat = "json";

    /// <summary>How a document's bytes are stored; <see cref="Automatic"/> is the rule above, the others are for measuring.</summary>
    internal enum Coding
    {
        Automatic,
        Plain,
        BrotliFastest,
        BrotliOptimal,
    }

    public static TableEntity Create(string partitionKey, string rowKey, JsonNode document, IReadOnlyDictionary<string, object?>? plainProperties = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Create(partitionKey, rowKey, ToUtf8(document), plainProperties);
    }

    /// <summary>Stores JSON already serialised (UTF-8), so a caller that needs the bytes too serialises once.</summary>
    internal static TableEntity Create(string partitionKey, string rowKey, ReadOnlySpan<byte> utf8Json,
        IReadOnlyDictionary<string, object?>? plainProperties = null, Coding coding = Coding.Automatic)
    {
        if (coding == Coding.Automatic)
        {
            coding = utf8Json.Length <= PlainMaxBytes ? Coding.Plain : Coding.BrotliFastest;
        }

        var stored = coding == Coding.Plain
            ? utf8Json
            : Compress(utf8Json, coding == Coding.BrotliOptimal ? CompressionLevel.Optimal : CompressionLevel.Fastest);
        if (stored.Length > MaxCompressedBytes)
        {
            throw new StorageException(StorageErrorKind.TooLarge,
                $"A stored document is {stored.Length} bytes compressed; the limit is {MaxCompressedBytes} bytes compressed.");
        }

        var partCount = Math.Max(1, (stored.Length + PartBytes - 1) / PartBytes);
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in plainProperties ?? new Dictionary<string, object?>())
        {
            if (name.StartsWith("Part", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' is reserved for the document's parts.", nameof(plainProperties));
            }

            properties[name] = value;
        }

        properties[PartCountProperty] = partCount;
        if (coding == Coding.Plain)
        {
            properties[FormatProperty] = PlainFormat;
        }

        for (var i = 0; i < partCount; i++)
        {
            properties[PartName(i)] = stored.Slice(i * PartBytes, Math.Min(PartBytes, stored.Length - i * PartBytes)).ToArray();
        }

        return new TableEntity(partitionKey, rowKey, properties);
    }

    public static JsonNode Read(TableEntity entity) =>
        JsonNode.Parse(ReadUtf8(entity))
        ?? throw new StorageException(StorageErrorKind.Unavailable, "A stored document is empty.");

    /// <summary>The document's UTF-8 JSON, as written (decompressed where it was compressed).</summary>
    internal static byte[] ReadUtf8(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var partCount = entity.Properties.TryGetValue(PartCountProperty, out var count) && count is int n ? n : 0;
        if (partCount == 0)
        {
            throw new StorageException(StorageErrorKind.Unavailable, $"The stored row '{entity.RowKey}' holds no document.");
        }

        var parts = new byte[partCount][];
        for (var i = 0; i < partCount; i++)
        {
            if (!entity.Properties.TryGetValue(PartName(i), out var part) || part is not byte[] bytes)
            {
                throw new StorageException(StorageErrorKind.Unavailable, $"A stored document is missing part {i} of {partCount}.");
            }

            parts[i] = bytes;
        }

        var stored = partCount == 1 ? parts[0] : parts.SelectMany(part => part).ToArray();
        var isPlain = entity.Properties.TryGetValue(FormatProperty, out var format) && format is PlainFormat;
        return isPlain ? stored : Decompress(stored);
    }

    internal static byte[] ToUtf8(JsonNode document)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> utf8Json, CompressionLevel level)
    {
        using var compressed = new MemoryStream(utf8Json.Length / 2 + 64);
        using (var brotli = new BrotliStream(compressed, level, leaveOpen: true))
        {
            brotli.Write(utf8Json);
        }

        return compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
    }

    private static byte[] Decompress(byte[] stored)
    {
        using var brotli = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var json = new MemoryStream(stored.Length * 4);
        brotli.CopyTo(json);
        return json.ToArray();
    }

    private static string PartName(int index) => $"Part{index:D2}";
}
