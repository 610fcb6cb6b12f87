using BotCore.Storage;

namespace BotCore.Tests.Scheduling;

/// <summary>
/// A real store that can be cut off, to play a process that dies: after <see cref="Kill"/> every call fails as if the
/// process were gone, so nothing it held is completed or handed back. Not a mock: until then every call is the real one.
/// </summary>
public sealed class KillableTableStore(ITableStore inner) : ITableStore
{
    private volatile bool killed;

    public bool IsKilled => killed;

    public void Kill() => killed = true;

    public async Task<ITable> GetTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ThrowIfKilled();
        return new KillableTable(await inner.GetTableAsync(tableName, cancellationToken), this);
    }

    private void ThrowIfKilled()
    {
        if (killed)
        {
            throw new StorageException(StorageErrorKind.Unavailable, "This process is dead.");
        }
    }

    private sealed class KillableTable(ITable inner, KillableTableStore owner) : ITable
    {
        public string Name => inner.Name;

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            Guard(() => inner.GetAsync(partitionKey, rowKey, cancellationToken));

        public Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            Guard(() => inner.QueryAsync(partitionKey, rowKeyPrefix, pageSize, continuationToken, cancellationToken));

        public Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
            Guard(() => inner.InsertAsync(entity, cancellationToken));

        public Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
            Guard(() => inner.UpsertAsync(entity, cancellationToken));

        public Task<string> ReplaceAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken = default) =>
            Guard(() => inner.ReplaceAsync(entity, ifMatch, cancellationToken));

        public Task DeleteAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken = default) =>
            Guard(async () =>
            {
                await inner.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken);
                return true;
            });

        public Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default) =>
            Guard(() => inner.SubmitBatchAsync(operations, cancellationToken));

        private async Task<T> Guard<T>(Func<Task<T>> call)
        {
            owner.ThrowIfKilled();
            var result = await call();
            // A call that was on the wire when the process died has no caller left to see its answer.
            owner.ThrowIfKilled();
            return result;
        }
    }
}
