using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Adapters;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.State;
using BotCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotCore.Testing;

/// <summary>
/// Drives one dialog through the real turn pipeline (<see cref="StateTurnRunner"/>, conversation state over an
/// <see cref="IStorage"/>) so a test reads as "user says -> bot replies", then checks <see cref="DialogTurnResult"/>
/// and what was stored. Two clients over the same storage and conversation behave like two bot instances,
/// or like the bot before and after a restart.
/// </summary>
public sealed class DialogTestClient
{
    public const string DialogStateProperty = "DialogState";

    private readonly Dialog _dialog;
    private readonly object? _initialDialogOptions;
    private readonly IStatePropertyAccessor<DialogState> _dialogState;
    private readonly StateTurnRunner _runner;
    private int _botRuns;

    public DialogTestClient(
        Dialog dialog,
        IStorage? storage = null,
        object? initialDialogOptions = null,
        DialogOptions? dialogOptions = null,
        TimeProvider? timeProvider = null,
        TestAdapter? adapter = null,
        StateOptions? stateOptions = null)
    {
        _dialog = dialog ?? throw new ArgumentNullException(nameof(dialog));
        _initialDialogOptions = initialDialogOptions;
        Storage = storage ?? new MemoryStorage();
        TimeProvider = timeProvider ?? TimeProvider.System;
        Adapter = adapter ?? new TestAdapter(TimeProvider);
        ConversationState = new ConversationState(Storage);
        UserState = new UserState(Storage);
        _dialogState = ConversationState.CreateProperty<DialogState>(DialogStateProperty);
        _runner = new StateTurnRunner(
            new DialogBot(this),
            new BotStateSet(ConversationState, UserState),
            Options.Create(stateOptions ?? new StateOptions()),
            Options.Create(dialogOptions ?? new DialogOptions()),
            TimeProvider,
            NullLogger<StateTurnRunner>.Instance);
    }

    public TestAdapter Adapter { get; }

    public IStorage Storage { get; }

    public TimeProvider TimeProvider { get; }

    public ConversationState ConversationState { get; }

    public UserState UserState { get; }

    /// <summary>The outcome of the dialog in the last turn (of the attempt whose state was saved).</summary>
    public DialogTurnResult? DialogTurnResult { get; private set; }

    /// <summary>How many times the bot ran in total, counting re-runs after lost state races.</summary>
    public int BotRuns => _botRuns;

    /// <summary>The user types <paramref name="text"/>; returns the readable text of each reply.</summary>
    public async Task<IReadOnlyList<string>> SayAsync(string text, CancellationToken cancellationToken = default) =>
        Readable(await SendActivityAsync(Adapter.MakeMessage(text), cancellationToken).ConfigureAwait(false));

    /// <summary>The user clicks an Action.Submit whose data (merged with the card's inputs) is <paramref name="value"/>.</summary>
    public async Task<IReadOnlyList<string>> SubmitAsync(object value, CancellationToken cancellationToken = default) =>
        Readable(await SendActivityAsync(Adapter.MakeSubmit(value), cancellationToken).ConfigureAwait(false));

    public Task<TestTurnResult> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default) =>
        Adapter.ProcessActivityAsync(activity, _runner, cancellationToken);

    /// <summary>The conversation's stored state document, read straight from storage; null if nothing was saved.</summary>
    public async Task<JsonObject?> ReadStoredConversationStateAsync(CancellationToken cancellationToken = default)
    {
        var key = $"{Adapter.Conversation.ChannelId}/conversations/{Adapter.Conversation.Conversation!.Id}";
        var items = await Storage.ReadAsync([key], cancellationToken).ConfigureAwait(false);
        return items.TryGetValue(key, out var item) ? item.Document : null;
    }

    /// <summary>The stored dialog stack; null if none was saved.</summary>
    public async Task<DialogState?> ReadStoredDialogStateAsync(CancellationToken cancellationToken = default) =>
        (await ReadStoredConversationStateAsync(cancellationToken).ConfigureAwait(false))?[DialogStateProperty]?.Deserialize<DialogState>(BotJson.Options);

    private static List<string> Readable(TestTurnResult turn) => [.. turn.Replies.Select(PromptCards.ReadableText)];

    private sealed class DialogBot(DialogTestClient client) : IBot
    {
        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref client._botRuns);
            client.DialogTurnResult = await client._dialog.RunAsync(turnContext, client._dialogState, cancellationToken, client._initialDialogOptions).ConfigureAwait(false);
        }
    }
}
