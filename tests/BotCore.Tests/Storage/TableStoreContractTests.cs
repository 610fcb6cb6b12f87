using BotCore.Storage;

namespace BotCore.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="ITableStore"/> adapter must show. Each concrete subclass supplies a store;
/// each test works in a table of its own.
/// </summary>
public abstract class TableStoreContractTests
{
    protected abstract ITableStore Store { get; }

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

    public static TheoryData<string> UserDerivedKeys() => new()
    {
        "msteams/conversations/a:1Xy#frag?x=1",
        @"DOMAIN\clinician",
        "tab\there\r\nnew line",
        "\u0000null\u001Fand\u007Fdel\u0085nel\u009F",
        "tilde~and%percent'quote\"double&amp+plus=eq",
        "~2F looks escaped already",
        "émoji 😀 ünïcode ข้อความ",
        "",
    };

    [Theory]
    [MemberData(nameof(UserDerivedKeys))]
    public async Task Escaped_user_derived_keys_round_trip(string userKey)
    {
        var table = await NewTableAsync();
        var key = TableKey.Escape(userKey);

        await table.InsertAsync(Entity(key, key, ("Original", userKey)));

        var stored = await table.GetAsync(key, key);
        Assert.NotNull(stored);
        Assert.Equal(userKey, TableKey.Unescape(stored.PartitionKey));
        Assert.Equal(userKey, TableKey.Unescape(stored.RowKey));
        var listed = Assert.Single((await table.QueryAsync(key)).Entities);
        Assert.Equal(userKey, TableKey.Unescape(listed.RowKey));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData(@"a\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    public async Task Raw_keys_with_forbidden_characters_are_refused_with_a_message_pointing_to_TableKey_Escape(string rawKey)
    {
        var table = await NewTableAsync();

        var asPartition = await Assert.ThrowsAsync<StorageException>(() => table.InsertAsync(Entity(rawKey, "r")));
        var asRow = await Assert.ThrowsAsync<StorageException>(() => table.UpsertAsync(Entity("p", rawKey)));

        Assert.Equal(StorageErrorKind.InvalidRequest, asPartition.Kind);
        Assert.Contains("PartitionKey", asPartition.Message, StringComparison.Ordinal);
        Assert.Contains("TableKey.Escape", asPartition.Message, StringComparison.Ordinal);
        Assert.Equal(StorageErrorKind.InvalidRequest, asRow.Kind);
        Assert.Contains("RowKey", asRow.Message, StringComparison.Ordinal);
        Assert.Empty((await table.QueryAsync("p")).Entities);
    }

    [Fact]
    public async Task String_over_32K_characters_is_refused_with_TooLarge_naming_the_property_and_limit()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<StorageException>(
            () => table.InsertAsync(Entity("p", "r", ("Notes", new string('x', TableLimits.MaxStringChars + 1)))));

        Assert.Equal(StorageErrorKind.TooLarge, error.Kind);
        Assert.Contains("'Notes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("32768", error.Message, StringComparison.Ordinal);
        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Binary_value_over_64_KiB_is_refused_with_TooLarge_naming_the_property_and_limit()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<StorageException>(
            () => table.UpsertAsync(Entity("p", "r", ("Attachment", new byte[TableLimits.MaxPropertyBytes + 1]))));

        Assert.Equal(StorageErrorKind.TooLarge, error.Kind);
        Assert.Contains("'Attachment'", error.Message, StringComparison.Ordinal);
        Assert.Contains("65536", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entity_over_1_MiB_is_refused_with_TooLarge_and_nothing_is_written()
    {
        var table = await NewTableAsync();
        var etag = await table.InsertAsync(Entity("p", "r", ("Version", "small")));
        var properties = Enumerable.Range(0, 17).Select(i => ($"Part{i}", (object?)new string('x', TableLimits.MaxStringChars))).ToArray();

        var error = await Assert.ThrowsAsync<StorageException>(() => table.ReplaceAsync(Entity("p", "r", properties), etag));

        Assert.Equal(StorageErrorKind.TooLarge, error.Kind);
        Assert.Contains("1048576", error.Message, StringComparison.Ordinal);
        Assert.Equal("small", (await table.GetAsync("p", "r"))!.GetString("Version"));
    }

    [Fact]
    public async Task Values_at_the_limits_are_accepted_and_read_back_whole()
    {
        var table = await NewTableAsync();
        var longest = new string('y', TableLimits.MaxStringChars);
        var properties = Enumerable.Range(0, 14).Select(i => ($"Part{i}", (object?)longest))
            .Append(("Blob", new byte[TableLimits.MaxPropertyBytes]))
            .ToArray();

        await table.InsertAsync(Entity("p", "r", properties));

        var stored = await table.GetAsync("p", "r");
        Assert.Equal(longest, stored!.GetString("Part13"));
        Assert.Equal(TableLimits.MaxPropertyBytes, ((byte[])stored.Properties["Blob"]!).Length);
    }

    [Fact]
    public async Task More_than_252_properties_are_refused()
    {
        var table = await NewTableAsync();
        var properties = Enumerable.Range(0, TableLimits.MaxCustomProperties + 1).Select(i => ($"P{i}", (object?)i)).ToArray();

        var error = await Assert.ThrowsAsync<StorageException>(() => table.InsertAsync(Entity("p", "r", properties)));

        Assert.Equal(StorageErrorKind.TooLarge, error.Kind);
        Assert.Contains("252", error.Message, StringComparison.Ordinal);
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

    protected async Task<ITable> NewTableAsync() => await Store.GetTableAsync("T" + Guid.NewGuid().ToString("N")[..20]);

    protected static TableEntity Entity(string partitionKey, string rowKey, params (string Name, object? Value)[] properties) =>
        new(partitionKey, rowKey, properties.ToDictionary(p => p.Name, p => p.Value));
}
