using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>
/// The bot's real store with an outage switch: while <see cref="Down"/> names a table, every call on it fails as an
/// unreachable store does (<see cref="StorageErrorKind.Unavailable"/>). Not a mock: every other call is the real one.
/// </summary>
public sealed class OutageTableStore(ITableStore inner) : ITableStore
{
    private volatile string[] _down = [];

    /// <summary>Tables that are unreachable now (names as the bot asks for them, before any prefix).</summary>
    public IReadOnlyCollection<string> Down
    {
        get => _down;
        set => _down = [.. value];
    }

    /// <summary>Wraps whatever <see cref="ITableStore"/> the app registered.</summary>
    public static Action<IServiceCollection> Install(Action<OutageTableStore> found) => services =>
    {
        var registered = services.Last(d => d.ServiceType == typeof(ITableStore));
        services.Remove(registered);
        services.AddSingleton<ITableStore>(sp =>
        {
            var store = new OutageTableStore((ITableStore)registered.ImplementationFactory!(sp));
            found(store);
            return store;
        });
    };

    public async Task<ITable> GetTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        new Table(await inner.GetTableAsync(tableName, cancellationToken), tableName, this);

    private void ThrowIfDown(string table)
    {
        if (_down.Contains(table, StringComparer.OrdinalIgnoreCase))
        {
            throw new StorageException(StorageErrorKind.Unavailable, $"The {table} table is unreachable (test outage).");
        }
    }

    private sealed class Table(ITable inner, string requestedName, OutageTableStore owner) : ITable
    {
        public string Name => inner.Name;

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            Guard(() => inner.GetAsync(partitionKey, rowKey, cancellationToken));

        public Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            Guard(() => inner.QueryAsync(partitionKey, rowKeyPrefix, pageSize, continuationToken, cancellationToken));

        public Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) => Guard(() => inner.InsertAsync(entity, cancellationToken));

        public Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default) => Guard(() => inner.UpsertAsync(entity, cancellationToken));

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

        private Task<T> Guard<T>(Func<Task<T>> call)
        {
            owner.ThrowIfDown(requestedName);
            return call();
        }
    }
}
