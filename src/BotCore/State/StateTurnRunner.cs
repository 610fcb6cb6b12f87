using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotCore.State;

/// <summary>
/// Runs the application's bot so that two turns racing on one conversation never lose or corrupt state.
/// Each attempt reads state fresh (lazily, only the scopes the bot uses), runs the bot against a <see cref="BufferingAdapter"/>, and saves all scopes in one
/// ETag-guarded write. If another turn saved first (Conflict / AlreadyExists) the attempt's output is thrown away and
/// the turn runs again on the new state; only after a successful save is the output (and invoke response) released.
/// After <see cref="StateOptions.MaxTurnAttempts"/> lost races the user is told, in plain words, to send it again.
/// The bot must therefore keep side effects outside state idempotent or do them after the turn.
/// Also puts the dialog settings and clock into the turn state, where dialogs read them.
/// </summary>
public sealed class StateTurnRunner : IBot
{
    private readonly IBot _bot;
    private readonly BotStateSet _states;
    private readonly StateOptions _options;
    private readonly DialogOptions _dialogOptions;
    private readonly TimeProvider _timeProvider;
    private readonly Clocks _clocks;
    private readonly ILogger<StateTurnRunner> _logger;

    public StateTurnRunner(IBot bot, BotStateSet states, IOptions<StateOptions> options, IOptions<DialogOptions> dialogOptions, TimeProvider timeProvider, ILogger<StateTurnRunner> logger, Clocks? clocks = null)
    {
        _bot = bot ?? throw new ArgumentNullException(nameof(bot));
        _states = states ?? throw new ArgumentNullException(nameof(states));
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _dialogOptions = dialogOptions?.Value ?? throw new ArgumentNullException(nameof(dialogOptions));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _clocks = clocks ?? new Clocks(timeProvider, Options.Create(new ClockOptions()));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        turnContext.TurnState.Set(_dialogOptions);
        turnContext.TurnState.Set<TimeProvider>(_timeProvider);
        turnContext.TurnState.Set(_clocks.For(turnContext.Activity));

        for (var attempt = 1; attempt <= _options.MaxTurnAttempts; attempt++)
        {
            var buffer = new BufferingAdapter(turnContext);
            var attemptContext = new BufferedTurnContext(turnContext, buffer);
            _states.ForgetAll(attemptContext);
            await _bot.OnTurnAsync(attemptContext, cancellationToken).ConfigureAwait(false);
            try
            {
                await _states.SaveAllChangesAsync(attemptContext, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException ex) when (ex.Kind is StorageErrorKind.Conflict or StorageErrorKind.AlreadyExists)
            {
                Telemetry.BotTelemetry.StateRaces.Add(1);
                _logger.LogInformation("Turn {ActivityId} in conversation {ConversationId} lost a state race on attempt {Attempt}.", turnContext.Activity.Id, turnContext.Activity.Conversation?.Id, attempt);
                continue;
            }

            turnContext.InvokeResponse = attemptContext.InvokeResponse;
            await buffer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        _logger.LogWarning("Turn {ActivityId} in conversation {ConversationId} gave up after {Attempts} state races.", turnContext.Activity.Id, turnContext.Activity.Conversation?.Id, _options.MaxTurnAttempts);
        await turnContext.SendActivityAsync(_options.RetryMessage, cancellationToken).ConfigureAwait(false);
    }
}
