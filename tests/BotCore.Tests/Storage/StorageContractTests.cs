using System.Text.Json.Nodes;
using BotCore.Storage;

namespace BotCore.Tests.Storage;

/// <summary>The <see cref="IStorage"/> ETag rules (see IStorage.cs), which MemoryStorage and TableStorage share.</summary>
public abstract class StorageContractTests
{
    protected abstract IStorage Storage { get; }

    /// <summary>Each test writes under its own keys, so classes can share one store.</summary>
    protected string Key { get; } = $"msteams/conversations/a:{Guid.NewGuid():N}#dialog?state";

    [Fact]
    public async Task Written_document_reads_back_with_the_etag_the_write_returned()
    {
        var etags = await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: null));

        var read = await Storage.ReadAsync([Key]);

        Assert.Equal(etags[Key], read[Key].ETag);
        Assert.Equal(1, (int)read[Key].Document["step"]!);
    }

    [Fact]
    public async Task Read_leaves_out_keys_that_do_not_exist()
    {
        await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: "*"));

        var read = await Storage.ReadAsync([Key, Key + "-missing"]);

        Assert.Equal([Key], read.Keys);
    }

    [Fact]
    public async Task Write_with_a_null_etag_inserts_and_fails_with_AlreadyExists_when_the_key_exists()
    {
        await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: null));

        var error = await Assert.ThrowsAsync<StorageException>(() => Storage.WriteAsync(Changes(Key, Document("step", 2), etag: null)));

        Assert.Equal(StorageErrorKind.AlreadyExists, error.Kind);
        Assert.Equal(1, (int)(await Storage.ReadAsync([Key]))[Key].Document["step"]!);
    }

    [Fact]
    public async Task Write_with_a_star_writes_whatever_is_stored()
    {
        await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: "*"));
        await Storage.WriteAsync(Changes(Key, Document("step", 2), etag: "*"));

        Assert.Equal(2, (int)(await Storage.ReadAsync([Key]))[Key].Document["step"]!);
    }

    [Fact]
    public async Task Write_with_the_etag_read_replaces_and_returns_a_new_etag()
    {
        var first = (await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: null)))[Key];

        var second = (await Storage.WriteAsync(Changes(Key, Document("step", 2), first)))[Key];

        Assert.NotEqual(first, second);
        var read = (await Storage.ReadAsync([Key]))[Key];
        Assert.Equal(second, read.ETag);
        Assert.Equal(2, (int)read.Document["step"]!);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_fails_with_Conflict_and_keeps_the_newer_document()
    {
        var stale = (await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: null)))[Key];
        await Storage.WriteAsync(Changes(Key, Document("step", 2), stale));

        var error = await Assert.ThrowsAsync<StorageException>(() => Storage.WriteAsync(Changes(Key, Document("step", 99), stale)));

        Assert.Equal(StorageErrorKind.Conflict, error.Kind);
        Assert.Equal(2, (int)(await Storage.ReadAsync([Key]))[Key].Document["step"]!);
    }

    [Fact]
    public async Task Write_with_an_etag_for_a_deleted_item_fails_with_Conflict()
    {
        var etag = (await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: null)))[Key];
        await Storage.DeleteAsync([Key]);

        var error = await Assert.ThrowsAsync<StorageException>(() => Storage.WriteAsync(Changes(Key, Document("step", 2), etag)));

        Assert.Equal(StorageErrorKind.Conflict, error.Kind);
        Assert.Empty(await Storage.ReadAsync([Key]));
    }

    [Fact]
    public async Task Delete_removes_the_item_and_deleting_a_missing_key_is_no_error()
    {
        await Storage.WriteAsync(Changes(Key, Document("step", 1), etag: null));

        await Storage.DeleteAsync([Key, Key + "-missing"]);

        Assert.Empty(await Storage.ReadAsync([Key]));
    }

    [Fact]
    public async Task Two_turns_writing_with_the_same_etag_exactly_one_wins()
    {
        var etag = (await Storage.WriteAsync(Changes(Key, Document("turn", "none"), etag: null)))[Key];

        async Task<string?> WriteTurn(string turn)
        {
            await Task.Yield();
            try
            {
                await Storage.WriteAsync(Changes(Key, Document("turn", turn), etag));
                return turn;
            }
            catch (StorageException error) when (error.Kind == StorageErrorKind.Conflict)
            {
                return null;
            }
        }

        var results = await Task.WhenAll(Task.Run(() => WriteTurn("a")), Task.Run(() => WriteTurn("b")));

        var winner = Assert.Single(results.OfType<string>());
        Assert.Equal(winner, (string)(await Storage.ReadAsync([Key]))[Key].Document["turn"]!);
    }

    protected static JsonObject Document(string name, JsonNode? value) => new() { [name] = value };

    protected static Dictionary<string, StoreItem> Changes(string key, JsonObject document, string? etag) =>
        new() { [key] = new StoreItem(document, etag) };
}

public sealed class MemoryStorageContractTests : StorageContractTests
{
    protected override IStorage Storage { get; } = new MemoryStorage();
}
