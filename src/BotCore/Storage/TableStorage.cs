using System.Text.Json.Nodes;

namespace BotCore.Storage;

/// <summary>
/// <see cref="IStorage"/> over one table: each key is one entity (partition = escaped key, row = "state"), so the
/// entity's ETag guards the whole document. Dialog stacks can outgrow one 64 KiB property, so the document's JSON
/// is stored by <see cref="TableDocument"/> (plain when small, Brotli above) split across binary properties of that
/// one entity; a document whose stored form
/// exceeds <see cref="MaxCompressedBytes"/> is refused with <see cref="StorageErrorKind.TooLarge"/>.
/// See Storage/README.md.
/// </summary>
public sealed class TableStorage : IStorage
{
    public const string DefaultTableName = "BotState";

    public const int MaxCompressedBytes = TableDocument.MaxCompressedBytes;

    private const string RowKey = "state";

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
                var json = TableDocument.ReadUtf8(entity);
                result[key] = new StoreItem(Assemble(json), entity.ETag) { Utf8Json = json };
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
        var entities = changes.ToDictionary(change => change.Key, change => Split(change.Key, change.Value), StringComparer.Ordinal);
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

    private static TableEntity Split(string key, StoreItem item) =>
        TableDocument.Create(PartitionKeyOf(key), RowKey, item.Utf8Json ?? TableDocument.ToUtf8(item.Document));

    private static JsonObject Assemble(byte[] json) =>
        JsonNode.Parse(json) as JsonObject
        ?? throw new StorageException(StorageErrorKind.Unavailable, "A stored state document is not a JSON object.");

    private async Task<ITable> GetTableAsync(CancellationToken cancellationToken) =>
        _table ??= await _store.GetTableAsync(_tableName, cancellationToken).ConfigureAwait(false);
}
