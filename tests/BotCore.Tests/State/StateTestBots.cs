using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.State;
using BotCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotCore.Tests.State;

public sealed class Counter
{
    public int Value { get; set; }
}

/// <summary>Counts messages in conversation state and says the count.</summary>
internal sealed class CounterBot(ConversationState conversationState) : IBot
{
    private readonly IStatePropertyAccessor<Counter> _counter = conversationState.CreateProperty<Counter>("counter");
    private int _runs;

    public int Runs => _runs;

    /// <summary>Runs in every attempt after the bot has read state and before the turn saves it.</summary>
    public Func<ITurnContext, Task>? AfterReadingState { get; init; }

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        var counter = await _counter.GetAsync(turnContext, () => new Counter(), cancellationToken);
        if (AfterReadingState is not null)
        {
            await AfterReadingState(turnContext);
        }

        counter.Value++;
        await turnContext.SendActivityAsync(ActivityExtensions.CreateMessage($"count {counter.Value}"), cancellationToken);
    }
}

/// <summary>
/// Real storage, with one addition: writes wait until some key has been read by <paramref name="readers"/> reads,
/// so racing turns are guaranteed to have loaded the same version before either saves.
/// </summary>
internal sealed class BarrierStorage(IStorage inner, int readers = 2) : IStorage
{
    private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(keys, cancellationToken);
        foreach (var key in keys)
        {
            if (_reads.AddOrUpdate(key, 1, (_, n) => n + 1) >= readers)
            {
                _allRead.TrySetResult();
            }
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default)
    {
        await _allRead.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return await inner.WriteAsync(changes, cancellationToken);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => inner.DeleteAsync(keys, cancellationToken);
}

internal static class Runner
{
    public static StateTurnRunner For(IBot bot, params BotState[] states) => new(
        bot,
        new BotStateSet(states),
        Options.Create(new StateOptions()),
        Options.Create(new DialogOptions()),
        TimeProvider.System,
        NullLogger<StateTurnRunner>.Instance);
}
