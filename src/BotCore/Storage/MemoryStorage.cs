using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace BotCore.Storage;

/// <summary>In-process <see cref="IStorage"/> for tests, with the same ETag rules as the durable stores.</summary>
public sealed class MemoryStorage : IStorage
{
    private readonly ConcurrentDictionary<string, (string Json, string ETag)> _items = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (_items.TryGetValue(key, out var item))
            {
                result[key] = new StoreItem(JsonNode.Parse(item.Json)!.AsObject(), item.ETag);
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(result);
    }

    public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var (key, change) in changes)
            {
                var exists = _items.TryGetValue(key, out var current);
                if (change.ETag is null && exists)
                {
                    throw new StorageException(StorageErrorKind.AlreadyExists, $"An item with key '{key}' already exists.");
                }

                if (change.ETag is not null && change.ETag != "*" && (!exists || current.ETag != change.ETag))
                {
                    throw new StorageException(StorageErrorKind.Conflict, $"The item with key '{key}' was changed by someone else.");
                }
            }

            foreach (var (key, change) in changes)
            {
                var etag = $"\"{Interlocked.Increment(ref _version)}\"";
                _items[key] = (change.Document.ToJsonString(), etag);
                etags[key] = etag;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(etags);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        // Under the write lock: a delete landing between a write's ETag check and its store would be undone.
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _items.TryRemove(key, out _);
            }
        }

        return Task.CompletedTask;
    }
}
