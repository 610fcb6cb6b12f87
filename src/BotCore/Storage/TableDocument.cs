using System.IO.Compression;
using System.Text.Json.Nodes;

namespace BotCore.Storage;

/// <summary>
/// A JSON document stored in one table entity: Brotli-compressed and split across binary properties of at most
/// 64,000 bytes (Table Storage's per-property limit), so documents far larger than one property fit while one ETag
/// still guards the whole. Optional plain properties sit beside the parts for queries and reading in tools.
/// A document over <see cref="MaxCompressedBytes"/> compressed is refused with <see cref="StorageErrorKind.TooLarge"/>.
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

    private const string PartCountProperty = "Parts";

    public static TableEntity Create(string partitionKey, string rowKey, JsonNode document, IReadOnlyDictionary<string, object?>? plainProperties = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var compressed = new MemoryStream();
        using (var brotli = new BrotliStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new System.Text.Json.Utf8JsonWriter(brotli))
        {
            document.WriteTo(writer);
        }

        if (compressed.Length > MaxCompressedBytes)
        {
            throw new StorageException(StorageErrorKind.TooLarge,
                $"A stored document is {compressed.Length} bytes compressed; the limit is {MaxCompressedBytes} bytes compressed.");
        }

        var bytes = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        var partCount = (bytes.Length + PartBytes - 1) / PartBytes;
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in plainProperties ?? new Dictionary<string, object?>())
        {
            if (name == PartCountProperty || name.StartsWith("Part", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' is reserved for the document's parts.", nameof(plainProperties));
            }

            properties[name] = value;
        }

        properties[PartCountProperty] = partCount;
        for (var i = 0; i < partCount; i++)
        {
            properties[PartName(i)] = bytes.Slice(i * PartBytes, Math.Min(PartBytes, bytes.Length - i * PartBytes)).ToArray();
        }

        return new TableEntity(partitionKey, rowKey, properties);
    }

    public static JsonNode Read(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var partCount = entity.Properties.TryGetValue(PartCountProperty, out var count) && count is int n ? n : 0;
        if (partCount == 0)
        {
            throw new StorageException(StorageErrorKind.Unavailable, $"The stored row '{entity.RowKey}' holds no document.");
        }

        using var compressed = new MemoryStream();
        for (var i = 0; i < partCount; i++)
        {
            if (!entity.Properties.TryGetValue(PartName(i), out var part) || part is not byte[] bytes)
            {
                throw new StorageException(StorageErrorKind.Unavailable, $"A stored document is missing part {i} of {partCount}.");
            }

            compressed.Write(bytes);
        }

        compressed.Position = 0;
        using var brotli = new BrotliStream(compressed, CompressionMode.Decompress);
        return JsonNode.Parse(brotli)
            ?? throw new StorageException(StorageErrorKind.Unavailable, "A stored document is empty.");
    }

    private static string PartName(int index) => $"Part{index:D2}";
}
