using BotCore.Storage;

namespace BotCore.State;

/// <summary>
/// The state scopes a turn uses, loaded together and saved in one <see cref="IStorage.WriteAsync"/> call.
/// The save is atomic only when one scope changed: <see cref="TableStorage"/> writes key by key (each key is its own
/// partition), so a conflict on one scope can leave another already written, and the re-run turn then sees it.
/// A turn that changes more than one scope must tolerate being applied twice to the scope that was written.
/// </summary>
public sealed class BotStateSet
{
    public BotStateSet(params BotState[] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Length == 0)
        {
            throw new ArgumentException("At least one state scope is needed.", nameof(states));
        }

        if (states.Select(s => s.Storage).Distinct().Count() > 1)
        {
            throw new ArgumentException("All state scopes of a set must share one storage, so they are saved in one write.", nameof(states));
        }

        States = states;
    }

    public IReadOnlyList<BotState> States { get; }

    public async Task LoadAllAsync(ITurnContext turnContext, bool force = false, CancellationToken cancellationToken = default)
    {
        foreach (var state in States)
        {
            await state.LoadAsync(turnContext, force, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops every scope's copy for this turn; each is read again from storage when first used.</summary>
    public void ForgetAll(ITurnContext turnContext)
    {
        foreach (var state in States)
        {
            state.Forget(turnContext);
        }
    }

    /// <summary>Writes every changed scope in one call; throws <see cref="StorageException"/> if another turn wrote first.</summary>
    public async Task SaveAllChangesAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        var writers = new List<(BotState State, string Key)>();
        foreach (var state in States)
        {
            if (state.PrepareWrite(turnContext, force: false) is { } change)
            {
                changes[change.Key] = change.Item;
                writers.Add((state, change.Key));
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        var etags = await States[0].Storage.WriteAsync(changes, cancellationToken).ConfigureAwait(false);
        foreach (var (state, key) in writers)
        {
            state.CompleteWrite(turnContext, etags[key]);
        }
    }
}
