using System.Collections.Concurrent;
using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>
/// Counts one app's storage round trips by "operation table" (the process-wide meters would also count other tests'
/// apps running in parallel). <see cref="Install"/> wraps the app's registered <see cref="ITableStore"/>.
/// </summary>
public sealed class CountingTableStore(ITableStore inner) : ITableStore, IDisposable
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Wraps the store the app registered; the app then resolves this one.</summary>
    public static void Install(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ITableStore));
        services.Remove(registered);
        services.AddSingleton(sp => new CountingTableStore((ITableStore)registered.ImplementationFactory!(sp)));
        services.AddSingleton<ITableStore>(sp => sp.GetRequiredService<CountingTableStore>());
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>
    /// Waits until the scheduler's first look at its table (made once at start, in the background) is over, so it is
    /// not counted as part of a turn: its round trips have appeared and stopped changing.
    /// </summary>
    public async Task SchedulerSettledAsync()
    {
        var last = -1L;
        for (var i = 0; i < 200; i++)
        {
            var now = _counts.Where(p => p.Key.EndsWith(" ScheduledWork", StringComparison.Ordinal)).Sum(p => p.Value);
            if (now > 0 && now == last)
            {
                return;
            }

            last = now;
            await Task.Delay(100);
        }
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    public async Task<ITable> GetTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        new CountingTable(await inner.GetTableAsync(tableName, cancellationToken).ConfigureAwait(false), tableName, this);

    private void Count(string operation, string table) => _counts.AddOrUpdate($"{operation} {table}", 1, (_, n) => n + 1);

    private sealed class CountingTable(ITable inner, string tableName, CountingTableStore counts) : ITable
    {
        public string Name => inner.Name;

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            Counted("get", inner.GetAsync(partitionKey, rowKey, cancellationToken));

        public Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            Counted("query", inner.QueryAsync(partitionKey, rowKeyPrefix, pageSize, continuationToken, cancellationToken));

        public Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) => Counted("insert", inner.InsertAsync(entity, cancellationToken));

        public Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default) => Counted("upsert", inner.UpsertAsync(entity, cancellationToken));

        public Task<string> ReplaceAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken = default) =>
            Counted("replace", inner.ReplaceAsync(entity, ifMatch, cancellationToken));

        public Task DeleteAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken = default) =>
            Counted("delete", inner.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken));

        public Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default) =>
            Counted("batch", inner.SubmitBatchAsync(operations, cancellationToken));

        private T Counted<T>(string operation, T call)
        {
            counts.Count(operation, tableName);
            return call;
        }
    }
}
