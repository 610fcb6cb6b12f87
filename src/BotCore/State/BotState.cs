using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;
using BotCore.Storage;

namespace BotCore.State;

/// <summary>
/// A JSON document in <see cref="IStorage"/> scoped to the turn (conversation, user...), loaded once per turn into the
/// turn state and written back by <see cref="SaveChangesAsync"/> with the ETag it was read with. A concurrent writer
/// makes the save fail with <see cref="StorageErrorKind.Conflict"/> (or <see cref="StorageErrorKind.AlreadyExists"/> for a
/// first write) instead of being overwritten; <see cref="StateTurnRunner"/> handles that.
/// </summary>
public abstract class BotState
{
    private readonly string _cacheKey;

    protected BotState(IStorage storage, string stateName)
    {
        Storage = storage ?? throw new ArgumentNullException(nameof(storage));
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        StateName = stateName;
        _cacheKey = "BotState:" + stateName;
    }

    public IStorage Storage { get; }

    /// <summary>Names this scope in the turn state cache.</summary>
    public string StateName { get; }

    /// <summary>The storage key of this scope for the turn, e.g. <c>msteams/conversations/{id}</c>.</summary>
    public abstract string GetStorageKey(ITurnContext turnContext);

    public IStatePropertyAccessor<T> CreateProperty<T>(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new StatePropertyAccessor<T>(this, name);
    }

    /// <summary>Reads the document unless this turn already has it; <paramref name="force"/> re-reads and drops unsaved changes.</summary>
    public async Task LoadAsync(ITurnContext turnContext, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (!force && GetCache(turnContext) is not null)
        {
            return;
        }

        var key = GetStorageKey(turnContext);
        var items = await Storage.ReadAsync([key], cancellationToken).ConfigureAwait(false);
        SetCache(turnContext, items.TryGetValue(key, out var item) ? new StateCache(item.Document, item.ETag, item.Utf8Json) : new StateCache(new JsonObject(), null));
    }

    /// <summary>Writes the document if anything changed this turn (or <paramref name="force"/>); a concurrent change throws <see cref="StorageException"/>.</summary>
    public async Task SaveChangesAsync(ITurnContext turnContext, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (PrepareWrite(turnContext, force) is not { } change)
        {
            return;
        }

        var etags = await Storage.WriteAsync(new Dictionary<string, StoreItem>(StringComparer.Ordinal) { [change.Key] = change.Item }, cancellationToken).ConfigureAwait(false);
        CompleteWrite(turnContext, etags[change.Key]);
    }

    /// <summary>Empties this scope for the turn; the empty document is written on the next save.</summary>
    public void ClearState(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var cache = GetCache(turnContext);
        SetCache(turnContext, new StateCache(new JsonObject(), cache?.ETag) { SavedJson = cache?.SavedJson });
    }

    /// <summary>Removes the stored document now and forgets it for the rest of the turn.</summary>
    public async Task DeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        await Storage.DeleteAsync([GetStorageKey(turnContext)], cancellationToken).ConfigureAwait(false);
        SetCache(turnContext, new StateCache(new JsonObject(), null));
    }

    /// <summary>Drops this turn's copy, so the next read goes to storage.</summary>
    internal void Forget(ITurnContext turnContext) => turnContext.TurnState.Remove(_cacheKey);

    internal (string Key, StoreItem Item)? PrepareWrite(ITurnContext turnContext, bool force)
    {
        var cache = GetCache(turnContext);
        if (cache is null)
        {
            return null;
        }

        // Serialised once per save: these bytes are compared, handed to the storage, and kept as the saved form.
        var document = cache.Update();
        var json = TableDocument.ToUtf8(document);
        if (!force && cache.SavedJson is { } saved && json.AsSpan().SequenceEqual(saved))
        {
            return null;
        }

        cache.PendingJson = json;
        return (GetStorageKey(turnContext), new StoreItem(document, cache.ETag) { Utf8Json = json });
    }

    /// <summary>After the storage took what <see cref="PrepareWrite"/> handed it: that is now the saved form.</summary>
    internal void CompleteWrite(ITurnContext turnContext, string etag)
    {
        var cache = GetCache(turnContext)!;
        cache.ETag = etag;
        cache.SavedJson = cache.PendingJson;
        cache.PendingJson = null;
    }

    internal async Task<StateCache> GetLoadedCacheAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        await LoadAsync(turnContext, force: false, cancellationToken).ConfigureAwait(false);
        return GetCache(turnContext)!;
    }

    private StateCache? GetCache(ITurnContext turnContext) => turnContext.TurnState.Get<StateCache>(_cacheKey);

    private void SetCache(ITurnContext turnContext, StateCache cache) => turnContext.TurnState.Set(_cacheKey, cache);

    /// <summary>
    /// The turn's view of one document: the JSON as read, plus the live objects handed out by accessors
    /// (callers mutate them in place, as in the Bot Builder SDK), serialised back on save.
    /// </summary>
    internal sealed class StateCache
    {
        private readonly JsonObject _document;
        private readonly Dictionary<string, (object? Value, Type Type)> _live = new(StringComparer.Ordinal);

        public StateCache(JsonObject document, string? etag, byte[]? savedJson = null)
        {
            _document = document;
            ETag = etag;
            SavedJson = savedJson ?? TableDocument.ToUtf8(document);
        }

        public string? ETag { get; set; }

        /// <summary>The UTF-8 JSON last read or written; a save is skipped when nothing differs from it.</summary>
        public byte[]? SavedJson { get; set; }

        /// <summary>The JSON handed to the storage by the save in flight.</summary>
        public byte[]? PendingJson { get; set; }

        public bool TryGet<T>(string name, out T value)
        {
            if (_live.TryGetValue(name, out var live))
            {
                value = (T)live.Value!;
                return true;
            }

            if (_document.TryGetPropertyValue(name, out var node))
            {
                value = node is null ? default! : node.Deserialize<T>(BotJson.Options)!;
                _live[name] = (value, typeof(T));
                return true;
            }

            value = default!;
            return false;
        }

        public void Set<T>(string name, T value) => _live[name] = (value, typeof(T));

        public void Delete(string name)
        {
            _live.Remove(name);
            _document.Remove(name);
        }

        /// <summary>
        /// Brings the document up to date with the live objects and returns it (not a copy: storages serialise what
        /// they are handed and keep no reference to it).
        /// </summary>
        public JsonObject Update()
        {
            foreach (var (name, (value, type)) in _live)
            {
                _document[name] = JsonSerializer.SerializeToNode(value, type, BotJson.Options);
            }

            return _document;
        }
    }
}
