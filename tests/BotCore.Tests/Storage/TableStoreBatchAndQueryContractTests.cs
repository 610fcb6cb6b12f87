using BotCore.Storage;
using BotCore.Storage.AzureTables;

namespace BotCore.Tests.Storage;

/// <summary>
/// What every <see cref="ITableStore"/> adapter must do with batches (all of one partition or nothing, at most 100
/// operations and 4 MiB) and with partition queries (paging in row key order, row key prefixes).
/// </summary>
public abstract class TableStoreBatchAndQueryContractTests : TableStoreContract
{
    [Fact]
    public async Task Batch_applies_every_operation_of_one_partition_and_returns_their_etags()
    {
        var table = await NewTableAsync();
        var existing = await table.InsertAsync(Entity("client-1", "plan", ("Version", "first")));
        await table.InsertAsync(Entity("client-1", "old-goal"));

        var etags = await table.SubmitBatchAsync(
        [
            TableOperation.Insert(Entity("client-1", "goal-1", ("Text", "Sleep 7 hours"))),
            TableOperation.Upsert(Entity("client-1", "goal-2", ("Text", "Walk daily"))),
            TableOperation.Replace(Entity("client-1", "plan", ("Version", "second")), existing),
            TableOperation.Delete("client-1", "old-goal", "*"),
        ]);

        Assert.Equal(4, etags.Count);
        Assert.Equal((await table.GetAsync("client-1", "goal-1"))!.ETag, etags[0]);
        Assert.Equal((await table.GetAsync("client-1", "goal-2"))!.ETag, etags[1]);
        var plan = await table.GetAsync("client-1", "plan");
        Assert.Equal("second", plan!.GetString("Version"));
        Assert.Equal(plan.ETag, etags[2]);
        Assert.Null(etags[3]);
        Assert.Null(await table.GetAsync("client-1", "old-goal"));
    }

    [Fact]
    public async Task Batch_with_one_failing_insert_fails_as_a_whole_and_writes_nothing()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Entity("client-1", "plan", ("Version", "first")));

        var error = await Assert.ThrowsAsync<StorageException>(() => table.SubmitBatchAsync(
        [
            TableOperation.Insert(Entity("client-1", "goal-1")),
            TableOperation.Upsert(Entity("client-1", "goal-2")),
            TableOperation.Insert(Entity("client-1", "plan", ("Version", "second"))),
        ]));

        Assert.Equal(StorageErrorKind.AlreadyExists, error.Kind);
        Assert.Contains("Operation 2", error.Message, StringComparison.Ordinal);
        Assert.Null(await table.GetAsync("client-1", "goal-1"));
        Assert.Null(await table.GetAsync("client-1", "goal-2"));
        Assert.Equal("first", (await table.GetAsync("client-1", "plan"))!.GetString("Version"));
    }

    [Fact]
    public async Task Batch_with_a_stale_etag_fails_with_Conflict_and_writes_nothing()
    {
        var table = await NewTableAsync();
        var stale = await table.InsertAsync(Entity("client-1", "plan", ("Version", "first")));
        await table.UpsertAsync(Entity("client-1", "plan", ("Version", "second")));

        var error = await Assert.ThrowsAsync<StorageException>(() => table.SubmitBatchAsync(
        [
            TableOperation.Insert(Entity("client-1", "goal-1")),
            TableOperation.Replace(Entity("client-1", "plan", ("Version", "lost update")), stale),
        ]));

        Assert.Equal(StorageErrorKind.Conflict, error.Kind);
        Assert.Null(await table.GetAsync("client-1", "goal-1"));
        Assert.Equal("second", (await table.GetAsync("client-1", "plan"))!.GetString("Version"));
    }

    [Fact]
    public async Task Batch_of_more_than_100_operations_is_refused_and_writes_nothing()
    {
        var table = await NewTableAsync();
        var operations = Enumerable.Range(0, 101).Select(i => TableOperation.Insert(Entity("p", $"row-{i:D3}"))).ToList();

        var error = await Assert.ThrowsAsync<StorageException>(() => table.SubmitBatchAsync(operations));

        Assert.Equal(StorageErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("100", error.Message, StringComparison.Ordinal);
        Assert.Empty((await table.QueryAsync("p")).Entities);
    }

    [Fact]
    public async Task Batch_over_4_MiB_is_refused_with_TooLarge_and_writes_nothing()
    {
        var table = await NewTableAsync();
        var tenth = Enumerable.Range(0, 10).Select(i => ($"Part{i}", (object?)new string('n', TableLimits.MaxStringChars))).ToArray();
        var operations = Enumerable.Range(0, 7).Select(i => TableOperation.Insert(Entity("p", $"row-{i}", tenth))).ToList();

        var error = await Assert.ThrowsAsync<StorageException>(() => table.SubmitBatchAsync(operations));

        Assert.Equal(StorageErrorKind.TooLarge, error.Kind);
        Assert.Contains("4 MiB", error.Message, StringComparison.Ordinal);
        Assert.Empty((await table.QueryAsync("p")).Entities);
    }

    [Fact]
    public async Task Batch_across_partitions_is_refused_and_writes_nothing()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<StorageException>(() => table.SubmitBatchAsync(
        [
            TableOperation.Insert(Entity("client-1", "goal")),
            TableOperation.Insert(Entity("client-2", "goal")),
        ]));

        Assert.Equal(StorageErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("partition", error.Message, StringComparison.Ordinal);
        Assert.Null(await table.GetAsync("client-1", "goal"));
    }

    [Fact]
    public async Task Paging_through_1100_rows_returns_each_row_once_in_row_key_order()
    {
        var table = await NewTableAsync();
        var expected = Enumerable.Range(0, 1100).Select(i => $"check-in-{i:D5}").ToList();
        foreach (var chunk in expected.Chunk(TableLimits.MaxBatchOperations))
        {
            await table.SubmitBatchAsync(chunk.Select(rowKey => TableOperation.Insert(Entity("client-1", rowKey, ("Score", 1)))).ToList());
        }

        await table.InsertAsync(Entity("client-2", "check-in-00000"));

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await table.QueryAsync("client-1", pageSize: 1000, continuationToken: token);
            Assert.True(page.Entities.Count <= 1000);
            seen.AddRange(page.Entities.Select(e => e.RowKey));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(expected, seen);
        Assert.True(pages >= 2);
    }

    [Fact]
    public async Task Row_key_prefix_query_returns_only_matching_rows_across_pages()
    {
        var table = await NewTableAsync();
        string[] rowKeys = ["goal-1", "goal-1~objective-1", "goal-1~objective-2", "goal-10", "goal-2", "goal.", "goal", "plan", "signature-goal-1"];
        await table.SubmitBatchAsync(rowKeys.Select(rowKey => TableOperation.Insert(Entity("client-1", rowKey))).ToList());

        var found = new List<string>();
        string? token = null;
        do
        {
            var page = await table.QueryAsync("client-1", rowKeyPrefix: "goal-1", pageSize: 2, continuationToken: token);
            found.AddRange(page.Entities.Select(e => e.RowKey));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["goal-1", "goal-10", "goal-1~objective-1", "goal-1~objective-2"], found);
    }
}

public sealed class SqliteTableStoreBatchAndQueryTests(TemporarySqliteDatabase database) : TableStoreBatchAndQueryContractTests, IClassFixture<TemporarySqliteDatabase>
{
    protected override ITableStore Store => database.Store;
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteTableStoreBatchAndQueryTests(AzuriteFixture azurite) : TableStoreBatchAndQueryContractTests
{
    private static readonly string TablePrefix = AzuriteFixture.UniqueTablePrefix();

    protected override ITableStore Store { get; } = AzureTableStore.FromConnectionString(azurite.ConnectionString, TablePrefix);
}
