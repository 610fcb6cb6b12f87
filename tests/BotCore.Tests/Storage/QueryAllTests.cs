using BotCore.Storage;
using BotCore.Storage.AzureTables;

namespace BotCore.Tests.Storage;

/// <summary><see cref="TableQueryExtensions.QueryAllAsync"/> on each adapter: every row once, across pages, lazily.</summary>
public abstract class QueryAllTests
{
    protected abstract ITableStore Store { get; }

    [Fact]
    public async Task Reads_every_row_of_the_partition_once_in_row_key_order_across_pages()
    {
        var table = await NewTableAsync();
        var expected = Enumerable.Range(0, 1100).Select(i => $"check-in-{i:D5}").ToList();
        foreach (var chunk in expected.Chunk(TableLimits.MaxBatchOperations))
        {
            await table.SubmitBatchAsync([.. chunk.Select(rowKey => TableOperation.Insert(Entity("client-1", rowKey)))]);
        }

        await table.InsertAsync(Entity("client-2", "check-in-00000"));
        var counting = new CountingTable(table);

        var seen = await counting.QueryAllAsync("client-1").Select(e => e.RowKey).ToListAsync();

        Assert.Equal(expected, seen);
        Assert.True(counting.Pages >= 2, $"Expected more than one page of the default size, read {counting.Pages}.");
    }

    [Fact]
    public async Task Keeps_to_the_row_key_prefix_across_small_pages()
    {
        var table = await NewTableAsync();
        string[] rowKeys = ["goal-1", "goal-1~objective-1", "goal-1~objective-2", "goal-10", "goal-2", "goal.", "goal", "plan", "signature-goal-1"];
        await table.SubmitBatchAsync([.. rowKeys.Select(rowKey => TableOperation.Insert(Entity("client-1", rowKey)))]);
        var counting = new CountingTable(table);

        var found = await counting.QueryAllAsync("client-1", "goal-1", pageSize: 2).Select(e => e.RowKey).ToListAsync();

        Assert.Equal(["goal-1", "goal-10", "goal-1~objective-1", "goal-1~objective-2"], found);
        Assert.True(counting.Pages >= 2);
    }

    [Fact]
    public async Task Stopping_early_reads_no_further_page()
    {
        var table = await NewTableAsync();
        await table.SubmitBatchAsync([.. Enumerable.Range(0, 30).Select(i => TableOperation.Insert(Entity("p", $"row-{i:D2}")))]);
        var counting = new CountingTable(table);

        var first = await counting.QueryAllAsync("p", pageSize: 10).Take(5).ToListAsync();

        Assert.Equal(["row-00", "row-01", "row-02", "row-03", "row-04"], first.Select(e => e.RowKey));
        Assert.Equal(1, counting.Pages);
    }

    [Fact]
    public async Task An_empty_partition_reads_as_no_rows()
    {
        var table = await NewTableAsync();

        Assert.Empty(await table.QueryAllAsync("nobody").ToListAsync());
    }

    private async Task<ITable> NewTableAsync() => await Store.GetTableAsync("Q" + Guid.NewGuid().ToString("N")[..20]);

    private static TableEntity Entity(string partitionKey, string rowKey) =>
        new(partitionKey, rowKey, new Dictionary<string, object?> { ["Score"] = 1 });

    /// <summary>Counts the pages asked of the adapter.</summary>
    private sealed class CountingTable(ITable inner) : ITable
    {
        public int Pages { get; private set; }

        public string Name => inner.Name;

        public Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default)
        {
            Pages++;
            return inner.QueryAsync(partitionKey, rowKeyPrefix, pageSize, continuationToken, cancellationToken);
        }

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) => inner.GetAsync(partitionKey, rowKey, cancellationToken);

        public Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) => inner.InsertAsync(entity, cancellationToken);

        public Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default) => inner.UpsertAsync(entity, cancellationToken);

        public Task<string> ReplaceAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken = default) => inner.ReplaceAsync(entity, ifMatch, cancellationToken);

        public Task DeleteAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken = default) => inner.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken);

        public Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default) => inner.SubmitBatchAsync(operations, cancellationToken);
    }
}

public sealed class SqliteQueryAllTests(TemporarySqliteDatabase database) : QueryAllTests, IClassFixture<TemporarySqliteDatabase>
{
    protected override ITableStore Store => database.Store;
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteQueryAllTests(AzuriteFixture azurite) : QueryAllTests
{
    protected override ITableStore Store { get; } = AzureTableStore.FromConnectionString(azurite.ConnectionString, AzuriteFixture.UniqueTablePrefix());
}
