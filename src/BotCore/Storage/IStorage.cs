using System.Text.Json.Nodes;

namespace BotCore.Storage;

/// <summary>
/// Key/document storage for bot state, as in the Bot Builder SDK, with optimistic concurrency.
/// Implementations serialise the documents they are handed and keep no reference to them.
/// Write semantics by <see cref="StoreItem.ETag"/>: <c>null</c> inserts (fails if the key exists),
/// <c>"*"</c> writes unconditionally, any other value replaces only if it still matches.
/// A failed precondition throws <see cref="StorageException"/> with <see cref="StorageErrorKind.Conflict"/>.
/// </summary>
public interface IStorage
{
    /// <summary>Reads the given keys; keys that do not exist are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Writes each change; returns the new ETag per key.</summary>
    Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default);

    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);
}

/// <summary>A stored JSON document and the ETag it was read with (or must match when written).</summary>
public sealed record StoreItem(JsonObject Document, string? ETag)
{
    /// <summary>
    /// <see cref="Document"/> as UTF-8 JSON when the writer or reader already has it, so a save serialises the
    /// document once (see BotState); storages use it instead of serialising <see cref="Document"/> again.
    /// </summary>
    internal byte[]? Utf8Json { get; init; }
}
