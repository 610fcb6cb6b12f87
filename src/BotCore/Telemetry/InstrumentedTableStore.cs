using System.Diagnostics;
using BotCore.Storage;

namespace BotCore.Telemetry;

/// <summary>
/// Wraps a table store so that every round trip is a span (<c>storage {operation} {table}</c>) and a count in
/// <c>botcore.storage.operations</c>. Attributes: the table's name as the application asks for it (no prefix), the
/// operation, the outcome (a <see cref="StorageErrorKind"/> on failure). Never a partition or row key: keys hold the
/// ids of clients and conversations.
/// </summary>
public sealed class InstrumentedTableStore(ITableStore inner) : ITableStore, IDisposable
{
    private readonly string _system = inner is Storage.Sqlite.SqliteTableStore ? "sqlite" : "azure.tables";

    public ITableStore Inner => inner;

    // The container disposes what it created: the SQLite store's connections go with it.
    public void Dispose() => (inner as IDisposable)?.Dispose();

    public async Task<ITable> GetTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        new InstrumentedTable(await inner.GetTableAsync(tableName, cancellationToken).ConfigureAwait(false), tableName, _system);

    private sealed class InstrumentedTable(ITable inner, string tableName, string system) : ITable
    {
        public string Name => inner.Name;

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            Measure("get", () => inner.GetAsync(partitionKey, rowKey, cancellationToken));

        public Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            Measure("query", () => inner.QueryAsync(partitionKey, rowKeyPrefix, pageSize, continuationToken, cancellationToken));

        public Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
            Measure("insert", () => inner.InsertAsync(entity, cancellationToken));

        public Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
            Measure("upsert", () => inner.UpsertAsync(entity, cancellationToken));

        public Task<string> ReplaceAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken = default) =>
            Measure("replace", () => inner.ReplaceAsync(entity, ifMatch, cancellationToken));

        public Task DeleteAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken = default) =>
            Measure("delete", async () =>
            {
                await inner.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken).ConfigureAwait(false);
                return true;
            });

        public Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default) =>
            Measure("batch", () => inner.SubmitBatchAsync(operations, cancellationToken));

        private async Task<T> Measure<T>(string operation, Func<Task<T>> call)
        {
            using var span = BotTelemetry.Source.StartActivity($"storage {operation} {tableName}", ActivityKind.Client);
            span?.SetTag("db.system.name", system);
            span?.SetTag("db.operation.name", operation);
            span?.SetTag("db.collection.name", tableName);
            var started = Stopwatch.GetTimestamp();
            var outcome = BotTelemetry.Outcomes.Ok;
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (StorageException e)
            {
                // Conflict and NotFound are answers the callers expect (ETags, existence checks), not failures of the store.
                outcome = e.Kind.ToString();
                if (e.Kind is StorageErrorKind.Unavailable or StorageErrorKind.InvalidRequest or StorageErrorKind.TooLarge)
                {
                    BotTelemetry.RecordFailure(span, e);
                }

                throw;
            }
            catch (Exception e)
            {
                outcome = BotTelemetry.Outcomes.Error;
                BotTelemetry.RecordFailure(span, e);
                throw;
            }
            finally
            {
                span?.SetTag("botcore.storage.outcome", outcome);
                var tags = new TagList
                {
                    { "db.operation.name", operation },
                    { "db.collection.name", tableName },
                    { "botcore.storage.outcome", outcome },
                };
                BotTelemetry.StorageOperations.Add(1, tags);
                BotTelemetry.StorageDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            }
        }
    }
}
