using System.Collections.Concurrent;
using BotCore.Storage;

namespace HotPaths;

/// <summary>Just enough of a table store in memory for <see cref="TableStorage"/>: point reads and conditional writes.</summary>
internal sealed class MemoryTableStore : ITableStore
{
    private readonly ConcurrentDictionary<string, ITable> _tables = new(StringComparer.Ordinal);

    public Task<ITable> GetTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_tables.GetOrAdd(tableName, name => new Table(name)));

    private sealed class Table(string name) : ITable
    {
        private readonly ConcurrentDictionary<(string, string), TableEntity> _rows = new();

        public string Name => name;

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            Task.FromResult(_rows.TryGetValue((partitionKey, rowKey), out var e) ? e : null);

        public Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) => UpsertAsync(entity, cancellationToken);

        public Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
        {
            var etag = Guid.NewGuid().ToString("N");
            _rows[(entity.PartitionKey, entity.RowKey)] = entity with { ETag = etag };
            return Task.FromResult(etag);
        }

        public Task<string> ReplaceAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken = default) => UpsertAsync(entity, cancellationToken);

        public Task DeleteAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken = default)
        {
            _rows.TryRemove((partitionKey, rowKey), out _);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
