using BotCore.Storage;
using BotCore.Storage.AzureTables;

namespace BotCore.Tests.Storage;

/// <summary>
/// What every <see cref="ITableStore"/> adapter must do with single entities: insert, get, upsert, replace and delete,
/// conditional on the ETag given; two writers racing on one ETag; every property type; table names.
/// </summary>
public abstract class TableStoreEntityContractTests : TableStoreContract
{
    [Fact]
    public async Task Inserted_entity_reads_back_with_its_properties_and_the_etag_insert_returned()
    {
        var table = await NewTableAsync();

        var etag = await table.InsertAsync(Entity("client-1", "profile", ("Alias", "Client A"), ("Sessions", 3)));

        var stored = await table.GetAsync("client-1", "profile");
        Assert.NotNull(stored);
        Assert.Equal(etag, stored.ETag);
        Assert.Equal("Client A", stored.GetString("Alias"));
        Assert.Equal(3, stored.Properties["Sessions"]);
        Assert.NotNull(stored.Timestamp);
    }

    [Fact]
    public async Task Get_of_a_missing_entity_is_null()
    {
        var table = await NewTableAsync();

        Assert.Null(await table.GetAsync("client-1", "nothing-here"));
    }

    [Fact]
    public async Task Insert_of_an_existing_key_fails_with_AlreadyExists_and_keeps_the_first()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Entity("p", "r", ("Version", "first")));

        var error = await Assert.ThrowsAsync<StorageException>(() => table.InsertAsync(Entity("p", "r", ("Version", "second"))));

        Assert.Equal(StorageErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("first", (await table.GetAsync("p", "r"))!.GetString("Version"));
    }

    [Fact]
    public async Task Upsert_creates_then_replaces_the_whole_entity_with_a_new_etag()
    {
        var table = await NewTableAsync();

        var first = await table.UpsertAsync(Entity("p", "r", ("Version", "first"), ("Extra", true)));
        var second = await table.UpsertAsync(Entity("p", "r", ("Version", "second")));

        Assert.NotEqual(first, second);
        var stored = await table.GetAsync("p", "r");
        Assert.Equal("second", stored!.GetString("Version"));
        Assert.False(stored.Properties.ContainsKey("Extra"));
        Assert.Equal(second, stored.ETag);
    }

    [Fact]
    public async Task Replace_with_the_current_etag_succeeds_and_returns_a_new_etag()
    {
        var table = await NewTableAsync();
        var etag = await table.InsertAsync(Entity("p", "r", ("Version", "first")));

        var newETag = await table.ReplaceAsync(Entity("p", "r", ("Version", "second")), etag);

        Assert.NotEqual(etag, newETag);
        var stored = await table.GetAsync("p", "r");
        Assert.Equal("second", stored!.GetString("Version"));
        Assert.Equal(newETag, stored.ETag);
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_fails_with_Conflict_and_overwrites_nothing()
    {
        var table = await NewTableAsync();
        var stale = await table.InsertAsync(Entity("p", "r", ("Version", "first")));
        await table.ReplaceAsync(Entity("p", "r", ("Version", "second")), stale);

        var error = await Assert.ThrowsAsync<StorageException>(() => table.ReplaceAsync(Entity("p", "r", ("Version", "lost update")), stale));

        Assert.Equal(StorageErrorKind.Conflict, error.Kind);
        Assert.Equal("second", (await table.GetAsync("p", "r"))!.GetString("Version"));
    }

    [Fact]
    public async Task Replace_of_a_missing_entity_fails_with_NotFound()
    {
        var table = await NewTableAsync();
        var etag = await table.InsertAsync(Entity("p", "r"));
        await table.DeleteAsync("p", "r", etag);

        var error = await Assert.ThrowsAsync<StorageException>(() => table.ReplaceAsync(Entity("p", "r"), etag));

        Assert.Equal(StorageErrorKind.NotFound, error.Kind);
        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_fails_with_Conflict_and_keeps_the_entity()
    {
        var table = await NewTableAsync();
        var stale = await table.InsertAsync(Entity("p", "r", ("Version", "first")));
        await table.UpsertAsync(Entity("p", "r", ("Version", "second")));

        var error = await Assert.ThrowsAsync<StorageException>(() => table.DeleteAsync("p", "r", stale));

        Assert.Equal(StorageErrorKind.Conflict, error.Kind);
        Assert.Equal("second", (await table.GetAsync("p", "r"))!.GetString("Version"));
    }

    [Fact]
    public async Task Delete_with_the_current_etag_or_a_star_removes_the_entity_and_a_missing_one_is_no_error()
    {
        var table = await NewTableAsync();
        var etag = await table.InsertAsync(Entity("p", "a"));
        await table.InsertAsync(Entity("p", "b"));

        await table.DeleteAsync("p", "a", etag);
        await table.DeleteAsync("p", "b", "*");
        await table.DeleteAsync("p", "never-existed", "*");
        await table.DeleteAsync("p", "a", etag);

        Assert.Null(await table.GetAsync("p", "a"));
        Assert.Null(await table.GetAsync("p", "b"));
    }

    [Fact]
    public async Task Every_supported_property_type_round_trips_and_null_values_are_not_stored()
    {
        var table = await NewTableAsync();
        var bytes = new byte[] { 0, 1, 2, 254, 255 };
        var id = Guid.Parse("6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b");
        var when = new DateTimeOffset(2026, 3, 14, 9, 26, 53, 589, TimeSpan.FromHours(-5)).AddTicks(7931);

        await table.InsertAsync(Entity("p", "r",
            ("Text", "Line one\nLine two ü"),
            ("Empty", string.Empty),
            ("Flag", true),
            ("Count", int.MinValue),
            ("Big", long.MaxValue),
            ("Ratio", 0.1),
            ("Whole", 2.0),
            ("When", when),
            ("Id", id),
            ("Bytes", bytes),
            ("Missing", null)));

        var stored = await table.GetAsync("p", "r");
        var p = stored!.Properties;
        Assert.Equal("Line one\nLine two ü", p["Text"]);
        Assert.Equal(string.Empty, p["Empty"]);
        Assert.Equal(true, p["Flag"]);
        Assert.Equal(int.MinValue, p["Count"]);
        Assert.Equal(long.MaxValue, p["Big"]);
        Assert.Equal(0.1, p["Ratio"]);
        Assert.Equal(2.0, Assert.IsType<double>(p["Whole"]));
        var storedWhen = Assert.IsType<DateTimeOffset>(p["When"]);
        Assert.Equal(when.UtcDateTime, storedWhen.UtcDateTime);
        Assert.Equal(id, p["Id"]);
        Assert.Equal(bytes, p["Bytes"]);
        Assert.False(p.ContainsKey("Missing"));
    }

    [Fact]
    public async Task Two_writers_replacing_with_the_same_etag_exactly_one_wins()
    {
        var table = await NewTableAsync();
        var etag = await table.InsertAsync(Entity("p", "lease", ("Owner", "nobody")));
        using var start = new ManualResetEventSlim();

        async Task<string?> TryClaim(string owner)
        {
            await Task.Yield();
            start.Wait();
            try
            {
                await table.ReplaceAsync(Entity("p", "lease", ("Owner", owner)), etag);
                return owner;
            }
            catch (StorageException error) when (error.Kind == StorageErrorKind.Conflict)
            {
                return null;
            }
        }

        var first = Task.Run(() => TryClaim("instance-a"));
        var second = Task.Run(() => TryClaim("instance-b"));
        start.Set();
        var winners = (await Task.WhenAll(first, second)).OfType<string>().ToList();

        var winner = Assert.Single(winners);
        Assert.Equal(winner, (await table.GetAsync("p", "lease"))!.GetString("Owner"));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loops_lose_no_update()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Entity("p", "counter", ("Value", 0)));
        const int writers = 4, incrementsEach = 5;

        async Task IncrementAsync()
        {
            for (var done = 0; done < incrementsEach;)
            {
                var current = (await table.GetAsync("p", "counter"))!;
                try
                {
                    await table.ReplaceAsync(Entity("p", "counter", ("Value", (int)current.Properties["Value"]! + 1)), current.ETag!);
                    done++;
                }
                catch (StorageException error) when (error.Kind == StorageErrorKind.Conflict)
                {
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(IncrementAsync)));

        Assert.Equal(writers * incrementsEach, (await table.GetAsync("p", "counter"))!.Properties["Value"]);
    }

    [Theory]
    [InlineData("bad-name")]
    [InlineData("has space")]
    [InlineData("Sixtyfourcharactersisonemorethanatablenamemayhaveanywhereatall12")]
    public async Task Invalid_table_names_are_refused(string name)
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => Store.GetTableAsync(name));

        Assert.Equal(StorageErrorKind.InvalidRequest, error.Kind);
    }
}

public sealed class SqliteTableStoreEntityTests(TemporarySqliteDatabase database) : TableStoreEntityContractTests, IClassFixture<TemporarySqliteDatabase>
{
    protected override ITableStore Store => database.Store;
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteTableStoreEntityTests(AzuriteFixture azurite) : TableStoreEntityContractTests
{
    private static readonly string TablePrefix = AzuriteFixture.UniqueTablePrefix();

    protected override ITableStore Store { get; } = AzureTableStore.FromConnectionString(azurite.ConnectionString, TablePrefix);
}
