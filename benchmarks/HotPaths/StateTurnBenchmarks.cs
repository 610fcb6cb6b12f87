using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BotCore;
using BotCore.Schema;
using BotCore.State;
using BotCore.Storage;

namespace HotPaths;

/// <summary>
/// One turn's state work through <see cref="ConversationState"/> over <see cref="TableStorage"/> in memory: load the
/// document, change one value in the dialog state, save (ETag-guarded replace). Public API only, so the same file
/// measures the code before and after a change.
/// </summary>
[MemoryDiagnoser]
public class StateTurnBenchmarks
{
    private readonly SilentAdapter _adapter = new();
    private ConversationState _state = null!;
    private IStatePropertyAccessor<JsonObject> _dialogState = null!;
    private int _turn;

    [Params(1_000, 8_000, 30_000)]
    public int JsonBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _state = new ConversationState(new TableStorage(new MemoryTableStore()));
        _dialogState = _state.CreateProperty<JsonObject>("dialogState");
        var turn = NewTurn();
        await _state.LoadAsync(turn);
        await _dialogState.SetAsync(turn, (JsonObject)DialogStateSample.Create(JsonBytes)["dialogState"]!.DeepClone());
        await _state.SaveChangesAsync(turn);
    }

    [Benchmark]
    public async Task LoadChangeSave()
    {
        var turn = NewTurn();
        await _state.LoadAsync(turn);
        var dialog = await _dialogState.GetAsync(turn, () => new JsonObject());
        dialog["turn"] = ++_turn;
        await _state.SaveChangesAsync(turn);
    }

    private TurnContext NewTurn() => new(_adapter, new Activity
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        Conversation = new ConversationAccount { Id = "a:bench" },
        From = new ChannelAccount { Id = "29:bench" },
        Text = "hi",
    });

    /// <summary>No channel: the benchmark sends nothing.</summary>
    private sealed class SilentAdapter : BotAdapter
    {
        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
