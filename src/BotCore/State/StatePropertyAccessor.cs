namespace BotCore.State;

internal sealed class StatePropertyAccessor<T>(BotState state, string name) : IStatePropertyAccessor<T>
{
    public string Name { get; } = name;

    public async Task<T> GetAsync(ITurnContext turnContext, Func<T> defaultValueFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(defaultValueFactory);
        var cache = await state.GetLoadedCacheAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (cache.TryGet<T>(Name, out var value) && value is not null)
        {
            return value;
        }

        value = defaultValueFactory();
        cache.Set(Name, value);
        return value;
    }

    public async Task SetAsync(ITurnContext turnContext, T value, CancellationToken cancellationToken = default)
    {
        var cache = await state.GetLoadedCacheAsync(turnContext, cancellationToken).ConfigureAwait(false);
        cache.Set(Name, value);
    }

    public async Task DeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var cache = await state.GetLoadedCacheAsync(turnContext, cancellationToken).ConfigureAwait(false);
        cache.Delete(Name);
    }
}
