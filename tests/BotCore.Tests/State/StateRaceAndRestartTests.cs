using System.Text.Json.Nodes;
using BotCore.Adapters;
using BotCore.Dialogs;
using BotCore.State;
using BotCore.Storage;
using BotCore.Testing;
using BotCore.Tests.Dialogs;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.State;

/// <summary>
/// Restart and race behaviour over a real <see cref="IStorage"/>. Each durable store gets a one-line subclass
/// (e.g. <c>public sealed class SqliteStateRaceAndRestartTests : StateRaceAndRestartTests { protected override IStorage CreateStorage() => ...; }</c>).
/// </summary>
public abstract class StateRaceAndRestartTests
{
    /// <summary>A fresh, empty store; called once per test and shared by every "instance" of the bot in that test.</summary>
    protected abstract IStorage CreateStorage();

    [Fact]
    public async Task A_dialog_resumes_after_a_restart_in_the_middle()
    {
        var storage = CreateStorage();
        var clock = new FakeTimeProvider(PromptHarness.Now);
        var before = new DialogTestClient(new SampleBookingDialog(), storage, timeProvider: clock);
        await before.SayAsync("hello");
        await before.SayAsync("Sam Sample");
        await before.SayAsync("12");

        var after = new DialogTestClient(new SampleBookingDialog(), storage, timeProvider: clock);
        Assert.Equal([SampleBookingDialog.AskContact], await after.SayAsync("in 6 weeks"));
        await after.SayAsync("email");
        await after.SayAsync("yes");

        Assert.Equal(new SampleBooking("Sam Sample", 12, new DateOnly(2027, 1, 7), "email"), after.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task A_prompt_keeps_its_attempt_count_across_a_restart()
    {
        var storage = CreateStorage();
        var before = new DialogTestClient(new SampleBookingDialog(), storage);
        await before.SayAsync("hello");
        await before.SayAsync("Sam Sample");
        await before.SayAsync("lots");
        await before.SayAsync("loads");

        var after = new DialogTestClient(new SampleBookingDialog(), storage);
        await after.SayAsync("heaps");

        Assert.Equal(DialogTurnStatus.Cancelled, after.DialogTurnResult!.Status);
    }

    [Fact]
    public async Task Two_turns_racing_on_one_conversation_lose_no_update()
    {
        var storage = new BarrierStorage(CreateStorage());
        var conversationState = new ConversationState(storage);
        var bot = new CounterBot(conversationState);
        var runner = Runner.For(bot, conversationState);
        var adapter = new TestAdapter();

        var turns = await Task.WhenAll(
            Task.Run(() => adapter.ProcessActivityAsync(adapter.MakeMessage("one"), runner)),
            Task.Run(() => adapter.ProcessActivityAsync(adapter.MakeMessage("two"), runner)));

        Assert.Equal(["count 1", "count 2"], turns.SelectMany(t => t.Replies).Select(r => r.Text).Order());
        Assert.Equal(3, bot.Runs);
        Assert.Equal(2, await StoredCountAsync(storage, adapter));
    }

    [Fact]
    public async Task Two_clicks_on_the_same_prompt_count_once_and_the_second_is_read_against_the_next_question()
    {
        var inner = CreateStorage();
        var seeded = new DialogTestClient(new SampleBookingDialog(), inner);
        await seeded.SayAsync("hello");
        var storage = new BarrierStorage(inner);
        var client = new DialogTestClient(new SampleBookingDialog(), storage, adapter: seeded.Adapter);

        var turns = await Task.WhenAll(
            Task.Run(() => client.SendActivityAsync(client.Adapter.MakeMessage("Sam Sample"))),
            Task.Run(() => client.SendActivityAsync(client.Adapter.MakeMessage("Sam Sample"))));

        var replies = turns.Select(t => Assert.Single(t.Replies).Text ?? string.Empty).Order().ToList();
        Assert.Equal([SampleBookingDialog.AskSessions, "Please answer with a number from 1 to 52. " + SampleBookingDialog.AskSessions], replies);
        Assert.Equal(3, client.BotRuns);
        var stored = (await client.ReadStoredConversationStateAsync())!.ToJsonString();
        Assert.Contains("\"name\":\"Sam Sample\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"attemptCount\":1", stored, StringComparison.Ordinal);
        Assert.Equal([SampleBookingDialog.AskFirstSession], await client.SayAsync("6"));
    }

    [Fact]
    public async Task A_turn_that_keeps_losing_the_race_asks_the_user_to_send_it_again_and_keeps_nothing_of_its_own()
    {
        var storage = CreateStorage();
        var conversationState = new ConversationState(storage);
        var adapter = new TestAdapter();
        var key = conversationState.GetStorageKey(new TurnContext(adapter, adapter.MakeMessage("x")));
        var competitorWrites = 0;
        var bot = new CounterBot(conversationState)
        {
            AfterReadingState = async _ =>
            {
                // Another instance saves this conversation between our load and our save, every time.
                var current = await storage.ReadAsync([key]);
                var document = new JsonObject { ["counter"] = new JsonObject { ["value"] = 100 + Interlocked.Increment(ref competitorWrites) } };
                await storage.WriteAsync(new Dictionary<string, StoreItem> { [key] = new(document, current.TryGetValue(key, out var item) ? item.ETag : null) });
            },
        };
        var runner = Runner.For(bot, conversationState);

        var turn = await adapter.ProcessActivityAsync(adapter.MakeMessage("one"), runner);

        Assert.Equal([new StateOptions().RetryMessage], turn.Replies.Select(r => r.Text));
        Assert.Equal(new StateOptions().MaxTurnAttempts, bot.Runs);
        Assert.Equal(103, await StoredCountAsync(storage, adapter));
    }

    private static async Task<int?> StoredCountAsync(IStorage storage, TestAdapter adapter)
    {
        var key = $"msteams/conversations/{adapter.Conversation.Conversation!.Id}";
        var items = await storage.ReadAsync([key]);
        return items[key].Document["counter"]?["value"]?.GetValue<int>();
    }
}

public sealed class MemoryStorageStateRaceAndRestartTests : StateRaceAndRestartTests
{
    protected override IStorage CreateStorage() => new MemoryStorage();
}

/// <summary>The same races and restart on the embedded default store: real SQLite, real ETags.</summary>
public sealed class SqliteStateRaceAndRestartTests : StateRaceAndRestartTests, IDisposable
{
    private readonly BotCore.Tests.Storage.TemporarySqliteDatabase _database = new();

    protected override IStorage CreateStorage() => new TableStorage(_database.Store);

    public void Dispose() => _database.Dispose();
}

/// <summary>And on Azure Table Storage (Azurite).</summary>
[Collection(BotCore.Tests.Storage.AzuriteCollection.Name)]
public sealed class AzuriteStateRaceAndRestartTests(BotCore.Tests.Storage.AzuriteFixture azurite) : StateRaceAndRestartTests
{
    private readonly string _prefix = BotCore.Tests.Storage.AzuriteFixture.UniqueTablePrefix();

    protected override IStorage CreateStorage() =>
        new TableStorage(BotCore.Storage.AzureTables.AzureTableStore.FromConnectionString(azurite.ConnectionString, _prefix));
}
