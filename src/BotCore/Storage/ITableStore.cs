namespace BotCore.Storage;

/// <summary>
/// The storage port, in the shape of Azure Table Storage: tables of entities addressed by partition key and
/// row key, each with typed properties and an ETag. Adapters: SQLite (embedded default) and Azure Tables.
/// Both pass the same contract tests.
/// </summary>
public interface ITableStore
{
    /// <summary>Creates the table if needed and returns a client for it.</summary>
    Task<ITable> GetTableAsync(string tableName, CancellationToken cancellationToken = default);
}

public interface ITable
{
    string Name { get; }

    /// <summary>The entity, or null if it does not exist.</summary>
    Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page (1 to 1,000 entities) of a partition, in row-key order, optionally only rows whose key starts with
    /// <paramref name="rowKeyPrefix"/>. A page may hold fewer entities than asked; keep querying while
    /// <see cref="TablePage.ContinuationToken"/> is not null.
    /// </summary>
    Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>Inserts; <see cref="StorageErrorKind.AlreadyExists"/> if present. Returns the new ETag.</summary>
    Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces unconditionally. Returns the new ETag.</summary>
    Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces only if the stored ETag equals <paramref name="ifMatch"/> ("*" for any); <see cref="StorageErrorKind.Conflict"/>
    /// otherwise, <see cref="StorageErrorKind.NotFound"/> if the entity does not exist.
    /// </summary>
    Task<string> ReplaceAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes only if the stored ETag equals <paramref name="ifMatch"/> ("*" for any); <see cref="StorageErrorKind.Conflict"/>
    /// otherwise. Deleting an entity that does not exist succeeds (as Azure.Data.Tables does).
    /// </summary>
    Task DeleteAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs up to 100 operations on one partition as one entity-group transaction: all succeed or none.
    /// Each row may appear once; inside a batch a delete of a missing entity fails with NotFound.
    /// Returns the new ETag of each written entity (null for deletes), in order. Errors name the failing operation.
    /// </summary>
    Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default);
}

/// <summary>
/// An entity. Property values may be string, bool, int, long, double, DateTimeOffset, Guid or byte[]; limits are in
/// <see cref="TableLimits"/>. Null values are not stored (they read back absent, as in Table Storage), and
/// DateTimeOffset values read back in UTC.
/// </summary>
public sealed record TableEntity(string PartitionKey, string RowKey, IReadOnlyDictionary<string, object?> Properties)
{
    public string? ETag { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public string? GetString(string name) => Properties.TryGetValue(name, out var v) ? v as string : null;
}

public sealed record TablePage(IReadOnlyList<TableEntity> Entities, string? ContinuationToken);

public enum TableOperationKind
{
    Insert,
    Upsert,
    Replace,
    Delete,
}

/// <summary>One operation of a batch. <see cref="IfMatch"/> applies to Replace and Delete.</summary>
public sealed record TableOperation(TableOperationKind Kind, TableEntity Entity, string? IfMatch = null)
{
    public static TableOperation Insert(TableEntity entity) => new(TableOperationKind.Insert, entity);

    public static TableOperation Upsert(TableEntity entity) => new(TableOperationKind.Upsert, entity);

    public static TableOperation Replace(TableEntity entity, string ifMatch) => new(TableOperationKind.Replace, entity, ifMatch);

    public static TableOperation Delete(string partitionKey, string rowKey, string ifMatch) =>
        new(TableOperationKind.Delete, new TableEntity(partitionKey, rowKey, new Dictionary<string, object?>()), ifMatch);
}
