namespace BotCore.State;

/// <summary>One named, typed value inside a <see cref="BotState"/>, read and written through the turn's state cache.</summary>
public interface IStatePropertyAccessor<T>
{
    string Name { get; }

    /// <summary>
    /// The value for this turn. When nothing is stored yet, <paramref name="defaultValueFactory"/> creates it and the
    /// new value is kept in the cache, so it is saved with the turn.
    /// </summary>
    Task<T> GetAsync(ITurnContext turnContext, Func<T> defaultValueFactory, CancellationToken cancellationToken = default);

    Task SetAsync(ITurnContext turnContext, T value, CancellationToken cancellationToken = default);

    Task DeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken = default);
}
