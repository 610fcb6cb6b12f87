using BotCore.Adapters;
using BotCore.Schema;
using BotCore.State;
using BotCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotCore.Tests.State;

public sealed class StateTurnRunnerTests
{
    [Fact]
    public async Task The_invoke_response_is_the_one_from_the_attempt_whose_state_was_saved()
    {
        var storage = new MemoryStorage();
        var conversationState = new ConversationState(storage);
        var adapter = new TestAdapter();
        var attempt = 0;
        var bot = new DelegateBot(async (turn, ct) =>
        {
            attempt++;
            await conversationState.CreateProperty<int>("answers").SetAsync(turn, attempt, ct);
            turn.InvokeResponse = new InvokeResponse(200, $"attempt {attempt}");
            if (attempt == 1)
            {
                var key = conversationState.GetStorageKey(turn);
                await storage.WriteAsync(new Dictionary<string, StoreItem> { [key] = new([], null) }, ct);
            }
        });

        var result = await adapter.ProcessActivityAsync(adapter.MakeInvoke("adaptiveCard/action", new { verb = "save" }), Runner.For(bot, conversationState));

        Assert.Equal(new InvokeResponse(200, "attempt 2"), result.InvokeResponse);
    }

    [Fact]
    public async Task Nothing_a_losing_attempt_sent_reaches_the_chat()
    {
        var storage = new MemoryStorage();
        var conversationState = new ConversationState(storage);
        var adapter = new TestAdapter();
        var attempt = 0;
        var bot = new DelegateBot(async (turn, ct) =>
        {
            attempt++;
            await turn.SendActivityAsync(ActivityExtensions.CreateMessage($"attempt {attempt}"), ct);
            await conversationState.CreateProperty<int>("seen").SetAsync(turn, attempt, ct);
            if (attempt == 1)
            {
                await storage.WriteAsync(new Dictionary<string, StoreItem> { [conversationState.GetStorageKey(turn)] = new([], null) }, ct);
            }
        });

        var result = await adapter.ProcessActivityAsync(adapter.MakeMessage("hi"), Runner.For(bot, conversationState));

        Assert.Equal(["attempt 2"], result.Replies.Select(r => r.Text));
        Assert.Equal(["attempt 2"], adapter.Sent.Select(r => r.Text));
    }

    [Fact]
    public async Task A_card_sent_and_then_updated_in_one_turn_is_updated_by_its_real_id()
    {
        var conversationState = new ConversationState(new MemoryStorage());
        var adapter = new TestAdapter();
        var bot = new DelegateBot(async (turn, ct) =>
        {
            var sent = await turn.SendActivityAsync(ActivityExtensions.CreateMessage("working..."), ct);
            await turn.UpdateActivityAsync(ActivityExtensions.CreateMessage("done") with { Id = sent.Id }, ct);
        });

        await adapter.ProcessActivityAsync(adapter.MakeMessage("hi"), Runner.For(bot, conversationState));

        Assert.Equal(adapter.Sent.Single().Id, adapter.Updated.Single().Id);
        Assert.Equal(adapter.Conversation.Conversation, adapter.Updated.Single().Conversation);
    }

    [Fact]
    public async Task A_turn_reads_only_the_state_scopes_the_bot_uses()
    {
        var storage = new ReadRecordingStorage(new MemoryStorage());
        var conversationState = new ConversationState(storage);
        var adapter = new TestAdapter();
        var runner = new StateTurnRunner(
            new CounterBot(conversationState),
            new BotStateSet(conversationState, new UserState(storage), new PrivateConversationState(storage)),
            Options.Create(new StateOptions()),
            Options.Create(new BotCore.Dialogs.DialogOptions()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<StateTurnRunner>.Instance);

        await adapter.ProcessActivityAsync(adapter.MakeMessage("hi"), runner);

        Assert.Equal(["msteams/conversations/a:1synthetic-personal-chat"], storage.KeysRead);
    }

    [Fact]
    public void Registration_puts_the_runner_in_front_of_the_bot()
    {
        using var provider = Services(new Dictionary<string, string?>()).BuildServiceProvider();

        Assert.IsType<StateTurnRunner>(provider.GetRequiredService<IBot>());
        Assert.Equal(3, provider.GetRequiredService<IOptions<BotCore.Dialogs.DialogOptions>>().Value.MaxPromptAttempts);
    }

    [Fact]
    public void Configured_cancel_and_help_words_replace_the_defaults()
    {
        using var provider = Services(new Dictionary<string, string?> { ["Dialogs:CancelWords:0"] = "stop", ["Dialogs:HelpWords:0"] = "what now" }).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<BotCore.Dialogs.DialogOptions>>().Value;

        Assert.Equal(["stop"], options.CancelWords);
        Assert.Equal(["what now"], options.HelpWords);
    }

    [Theory]
    [InlineData("Dialogs:MaxPromptAttempts", "0")]
    [InlineData("State:MaxTurnAttempts", "0")]
    public void Invalid_settings_are_refused_at_start_up(string key, string value)
    {
        using var provider = Services(new Dictionary<string, string?> { [key] = value }).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton<IStorage, MemoryStorage>();
        services.AddSingleton(new DelegateBot((_, _) => Task.CompletedTask));
        services.AddStatefulBot<DelegateBot>();
        return services;
    }

    private sealed class ReadRecordingStorage(IStorage inner) : IStorage
    {
        public List<string> KeysRead { get; } = [];

        public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
        {
            KeysRead.AddRange(keys);
            return inner.ReadAsync(keys, cancellationToken);
        }

        public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(changes, cancellationToken);

        public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => inner.DeleteAsync(keys, cancellationToken);
    }

    private sealed class DelegateBot(Func<ITurnContext, CancellationToken, Task> onTurn) : IBot
    {
        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken) => onTurn(turnContext, cancellationToken);
    }
}
