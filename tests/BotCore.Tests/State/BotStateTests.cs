using BotCore.Adapters;
using BotCore.State;
using BotCore.Storage;

namespace BotCore.Tests.State;

public sealed class BotStateTests
{
    private readonly MemoryStorage _storage = new();
    private readonly TestAdapter _adapter = new();

    [Fact]
    public void Storage_keys_follow_the_bot_framework_layout()
    {
        var turn = Turn();

        Assert.Equal("msteams/conversations/a:1synthetic-personal-chat", new ConversationState(_storage).GetStorageKey(turn));
        Assert.Equal("msteams/users/29:1synthetic-user-id", new UserState(_storage).GetStorageKey(turn));
        Assert.Equal("msteams/conversations/a:1synthetic-personal-chat/users/29:1synthetic-user-id", new PrivateConversationState(_storage).GetStorageKey(turn));
    }

    [Fact]
    public async Task A_value_set_in_one_turn_is_read_back_typed_in_the_next()
    {
        var state = new ConversationState(_storage);
        var first = Turn();
        await state.CreateProperty<Counter>("counter").SetAsync(first, new Counter { Value = 7 });
        await state.SaveChangesAsync(first);

        var counter = await new ConversationState(_storage).CreateProperty<Counter>("counter").GetAsync(Turn(), () => new Counter());

        Assert.Equal(7, counter.Value);
    }

    [Fact]
    public async Task A_default_created_by_the_factory_is_saved_and_changes_made_in_place_are_kept()
    {
        var state = new ConversationState(_storage);
        var first = Turn();
        (await state.CreateProperty<Counter>("counter").GetAsync(first, () => new Counter { Value = 1 })).Value++;
        await state.SaveChangesAsync(first);

        var counter = await state.CreateProperty<Counter>("counter").GetAsync(Turn(), () => new Counter());

        Assert.Equal(2, counter.Value);
    }

    [Fact]
    public async Task A_turn_that_changes_nothing_writes_nothing()
    {
        var state = new ConversationState(_storage);
        var first = Turn();
        await state.CreateProperty<Counter>("counter").SetAsync(first, new Counter { Value = 1 });
        await state.SaveChangesAsync(first);
        var etagBefore = await ETagAsync(state);

        var second = Turn();
        await state.CreateProperty<Counter>("counter").GetAsync(second, () => new Counter());
        await state.SaveChangesAsync(second);

        Assert.Equal(etagBefore, await ETagAsync(state));
    }

    [Fact]
    public async Task A_stale_save_fails_with_conflict_instead_of_overwriting()
    {
        var state = new ConversationState(_storage);
        var seed = Turn();
        await state.CreateProperty<Counter>("counter").SetAsync(seed, new Counter { Value = 1 });
        await state.SaveChangesAsync(seed);
        var early = Turn();
        var late = Turn();
        await state.LoadAsync(early);
        await state.LoadAsync(late);
        await state.CreateProperty<Counter>("counter").SetAsync(early, new Counter { Value = 2 });
        await state.CreateProperty<Counter>("counter").SetAsync(late, new Counter { Value = 3 });
        await state.SaveChangesAsync(early);

        var error = await Assert.ThrowsAsync<StorageException>(() => state.SaveChangesAsync(late));

        Assert.Equal(StorageErrorKind.Conflict, error.Kind);
        Assert.Equal(2, (await state.CreateProperty<Counter>("counter").GetAsync(Turn(), () => new Counter())).Value);
    }

    [Fact]
    public async Task Two_first_saves_of_a_new_conversation_do_not_both_win()
    {
        var state = new ConversationState(_storage);
        var one = Turn();
        var two = Turn();
        await state.CreateProperty<Counter>("counter").SetAsync(one, new Counter { Value = 1 });
        await state.CreateProperty<Counter>("counter").SetAsync(two, new Counter { Value = 2 });
        await state.SaveChangesAsync(one);

        var error = await Assert.ThrowsAsync<StorageException>(() => state.SaveChangesAsync(two));

        Assert.Equal(StorageErrorKind.AlreadyExists, error.Kind);
    }

    [Fact]
    public async Task Deleting_a_property_removes_it_from_storage()
    {
        var state = new ConversationState(_storage);
        var first = Turn();
        await state.CreateProperty<Counter>("counter").SetAsync(first, new Counter { Value = 1 });
        await state.CreateProperty<string>("note").SetAsync(first, "kept");
        await state.SaveChangesAsync(first);

        var second = Turn();
        await state.CreateProperty<Counter>("counter").DeleteAsync(second);
        await state.SaveChangesAsync(second);

        var stored = (await _storage.ReadAsync([state.GetStorageKey(second)]))[state.GetStorageKey(second)].Document;
        Assert.False(stored.ContainsKey("counter"));
        Assert.Equal("kept", stored["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task User_state_follows_the_user_into_another_conversation()
    {
        var userState = new UserState(_storage);
        var first = Turn();
        await userState.CreateProperty<string>("preferredName").SetAsync(first, "Sam");
        await userState.SaveChangesAsync(first);

        var elsewhere = new TestAdapter(conversationId: "a:1another-chat");
        var turn = new TurnContext(elsewhere, elsewhere.MakeMessage("hi"));

        Assert.Equal("Sam", await userState.CreateProperty<string>("preferredName").GetAsync(turn, () => "unknown"));
        Assert.Equal("unknown", await new ConversationState(_storage).CreateProperty<string>("preferredName").GetAsync(turn, () => "unknown"));
    }

    private TurnContext Turn() => new(_adapter, _adapter.MakeMessage("hi"));

    private async Task<string?> ETagAsync(BotState state)
    {
        var key = state.GetStorageKey(Turn());
        return (await _storage.ReadAsync([key]))[key].ETag;
    }
}
