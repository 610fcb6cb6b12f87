using BotCore.Storage;
using BotCore.Storage.AzureTables;

namespace BotCore.Tests.Storage;

/// <summary>
/// What every <see cref="ITableStore"/> adapter must do with keys and sizes: escaped user-derived keys round-trip, raw
/// forbidden characters are refused with a pointer to TableKey.Escape, values at Table Storage's limits are kept whole and
/// one past them is refused with TooLarge.
/// </summary>
public abstract class TableStoreKeysAndLimitsContractTests : TableStoreContract
{
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
}

public sealed class SqliteTableStoreKeysAndLimitsTests(TemporarySqliteDatabase database) : TableStoreKeysAndLimitsContractTests, IClassFixture<TemporarySqliteDatabase>
{
    protected override ITableStore Store => database.Store;
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteTableStoreKeysAndLimitsTests(AzuriteFixture azurite) : TableStoreKeysAndLimitsContractTests
{
    private static readonly string TablePrefix = AzuriteFixture.UniqueTablePrefix();

    protected override ITableStore Store { get; } = AzureTableStore.FromConnectionString(azurite.ConnectionString, TablePrefix);
}
