using System.Text;
using System.Text.Json.Nodes;

namespace BotCore.Storage;

/// <summary>
/// <see cref="IStorage"/> over one table: each key is one entity (partition = escaped key, row = "state"), so the
/// entity's ETag guards the whole document. Dialog stacks can outgrow one 64 KiB property, so the document's UTF-8
/// JSON is split across binary properties of one entity; documents over <see cref="MaxDocumentBytes"/> are refused
/// with <see cref="StorageErrorKind.TooLarge"/>. See Storage/README.md.
/// </summary>
public sealed class TableStorage : IStorage
{
    public const string DefaultTableName = "BotState";

    /// <summary>Under the 64 KiB property limit.</summary>
    public const int ChunkBytes = 64_000;

    /// <summary>16 chunks: with property names and the longest key the entity stays under 1 MiB.</summary>
    public const int MaxDocumentBytes = 16 * ChunkBytes;

    private const string RowKey = "state";
    private const string ChunkCountProperty = "Chunks";

    private readonly ITableStore _store;
    private readonly string _tableName;
    private ITable? _table;

    public TableStorage(ITableStore store, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _store = store;
        _tableName = tableName;
    }

    public async Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var table = await GetTableAsync(cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var entity = await table.GetAsync(PartitionKeyOf(key), RowKey, cancellationToken).ConfigureAwait(false);
            if (entity is not null)
            {
                result[key] = new StoreItem(Assemble(entity), entity.ETag);
            }
        }

        return result;
    }

    /// <summary>
    /// Every document is checked before anything is written; then each key is written on its own
    /// (keys live in different partitions, so a conflict on one key does not undo the others).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var entities = changes.ToDictionary(change => change.Key, change => Split(change.Key, change.Value.Document), StringComparer.Ordinal);
        var table = await GetTableAsync(cancellationToken).ConfigureAwait(false);
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, change) in changes)
        {
            var entity = entities[key];
            etags[key] = change.ETag switch
            {
                null => await table.InsertAsync(entity, cancellationToken).ConfigureAwait(false),
                "*" => await table.UpsertAsync(entity, cancellationToken).ConfigureAwait(false),
                var etag => await ReplaceAsync(table, entity, etag, cancellationToken).ConfigureAwait(false),
            };
        }

        return etags;
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var table = await GetTableAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            await table.DeleteAsync(PartitionKeyOf(key), RowKey, "*", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReplaceAsync(ITable table, TableEntity entity, string etag, CancellationToken cancellationToken)
    {
        try
        {
            return await table.ReplaceAsync(entity, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.NotFound)
        {
            // IStorage: an ETag that matches nothing (the item was deleted meanwhile) is a conflict, as in MemoryStorage.
            throw new StorageException(StorageErrorKind.Conflict, "The item was deleted by someone else.", exception);
        }
    }

    private static string PartitionKeyOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var partitionKey = TableKey.Escape(key);
        if (partitionKey.Length > TableLimits.MaxKeyChars)
        {
            throw new StorageException(StorageErrorKind.InvalidRequest,
                $"A storage key of {key.Length} characters is {partitionKey.Length} escaped; the limit is {TableLimits.MaxKeyChars}.");
        }

        return partitionKey;
    }

    private static TableEntity Split(string key, JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = Encoding.UTF8.GetBytes(document.ToJsonString());
        if (json.Length > MaxDocumentBytes)
        {
            throw new StorageException(StorageErrorKind.TooLarge,
                $"A state document is {json.Length} bytes as JSON; the limit is {MaxDocumentBytes} bytes.");
        }

        var chunkCount = (json.Length + ChunkBytes - 1) / ChunkBytes;
        var properties = new Dictionary<string, object?>(chunkCount + 1, StringComparer.Ordinal)
        {
            [ChunkCountProperty] = chunkCount,
        };
        for (var i = 0; i < chunkCount; i++)
        {
            properties[ChunkName(i)] = json.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, json.Length - i * ChunkBytes)).ToArray();
        }

        return new TableEntity(PartitionKeyOf(key), RowKey, properties);
    }

    private static JsonObject Assemble(TableEntity entity)
    {
        var chunkCount = entity.Properties.TryGetValue(ChunkCountProperty, out var count) && count is int n ? n : 0;
        using var json = new MemoryStream();
        for (var i = 0; i < chunkCount; i++)
        {
            if (!entity.Properties.TryGetValue(ChunkName(i), out var chunk) || chunk is not byte[] bytes)
            {
                throw new StorageException(StorageErrorKind.Unavailable, $"A stored state document is missing part {i} of {chunkCount}.");
            }

            json.Write(bytes);
        }

        return JsonNode.Parse(json.ToArray())?.AsObject()
            ?? throw new StorageException(StorageErrorKind.Unavailable, "A stored state document is not a JSON object.");
    }

    private static string ChunkName(int index) => $"Json{index:D2}";

    private async Task<ITable> GetTableAsync(CancellationToken cancellationToken) =>
        _table ??= await _store.GetTableAsync(_tableName, cancellationToken).ConfigureAwait(false);
}
