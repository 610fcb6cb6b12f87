namespace BotCore.Storage;

public enum StorageErrorKind
{
    /// <summary>The ETag no longer matches: someone else wrote first.</summary>
    Conflict,
    /// <summary>An insert found the key already present.</summary>
    AlreadyExists,
    NotFound,
    /// <summary>A value or entity is over the Table Storage size limits.</summary>
    TooLarge,
    /// <summary>A key or request the store cannot take (bad characters, batch across partitions, over 100 operations).</summary>
    InvalidRequest,
    /// <summary>The store could not be reached or failed; retrying later may work.</summary>
    Unavailable,
}

/// <summary>The one exception storage adapters throw, so callers never see a provider's own types.</summary>
public sealed class StorageException : Exception
{
    public StorageException(StorageErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public StorageErrorKind Kind { get; }
}
