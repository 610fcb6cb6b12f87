using System.Text.RegularExpressions;

namespace BotCore.Storage;

/// <summary>
/// Azure Table Storage limits, enforced identically by every adapter so that data accepted by the embedded
/// store is also accepted by Azure. Source: "Understanding the Table service data model" (Azure Storage docs).
/// </summary>
public static partial class TableLimits
{
    /// <summary>A property value: 64 KiB. Strings are UTF-16 there, so at most 32,768 characters.</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    public const int MaxStringChars = MaxPropertyBytes / 2;

    /// <summary>A whole entity, keys and property names included, sized by the service's own formula.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>255 properties per entity, of which PartitionKey, RowKey and Timestamp are the system's.</summary>
    public const int MaxCustomProperties = 252;

    public const int MaxPropertyNameChars = 255;

    /// <summary>Keys are limited to 1 KiB; as UTF-16 that is 512 characters.</summary>
    public const int MaxKeyChars = 512;

    /// <summary>One entity-group transaction: at most 100 operations, all in one partition.</summary>
    public const int MaxBatchOperations = 100;

    /// <summary>The whole transaction's payload, counted with the entity size formula.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    /// <summary>The service returns at most 1,000 entities per query page.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Edm.DateTime cannot hold instants before 1601-01-01 UTC.</summary>
    public static readonly DateTimeOffset MinDateTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<string> ReservedPropertyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "PartitionKey", "RowKey", "Timestamp", "ETag",
    };

    internal static void ValidateTableName(string name)
    {
        if (!TableNamePattern().IsMatch(name) || string.Equals(name, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageException(StorageErrorKind.InvalidRequest,
                $"Table name '{name}' is not valid: 3 to 63 letters or digits, starting with a letter (prefix included).");
        }
    }

    internal static void ValidateKey(string? key, string keyName)
    {
        if (key is null)
        {
            throw new StorageException(StorageErrorKind.InvalidRequest, $"{keyName} is required.");
        }

        if (key.Length > MaxKeyChars)
        {
            throw new StorageException(StorageErrorKind.InvalidRequest,
                $"{keyName} is {key.Length} characters; the limit is {MaxKeyChars}.");
        }

        for (var i = 0; i < key.Length; i++)
        {
            if (TableKey.IsForbidden(key[i]) || (char.IsSurrogate(key[i]) && !IsPairedSurrogate(key, i)))
            {
                throw new StorageException(StorageErrorKind.InvalidRequest,
                    $"{keyName} contains U+{(int)key[i]:X4} at position {i}; keys may not contain / \\ # ? or control characters. Escape user-derived keys with TableKey.Escape.");
            }
        }
    }

    /// <summary>Checks keys, property names, types and sizes; returns the properties to store (nulls dropped, as Table Storage does).</summary>
    internal static Dictionary<string, object> ValidateEntity(TableEntity entity) => ValidateEntity(entity, out _);

    private static Dictionary<string, object> ValidateEntity(TableEntity entity, out long size)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKey(entity.PartitionKey, "PartitionKey");
        ValidateKey(entity.RowKey, "RowKey");

        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        size = 4 + ((long)entity.PartitionKey.Length + entity.RowKey.Length) * 2;
        foreach (var (name, value) in entity.Properties)
        {
            if (value is null)
            {
                continue;
            }

            if (name.Length > MaxPropertyNameChars || !PropertyNamePattern().IsMatch(name) || ReservedPropertyNames.Contains(name))
            {
                throw new StorageException(StorageErrorKind.InvalidRequest,
                    $"Property name '{name}' is not allowed: letters, digits and underscores, starting with a letter or underscore, at most {MaxPropertyNameChars} characters, not PartitionKey, RowKey, Timestamp or ETag.");
            }

            var valueBytes = value switch
            {
                string s => 4L + s.Length * 2L,
                byte[] b => 4L + b.Length,
                bool => 1,
                int => 4,
                long => 8,
                double => 8,
                DateTimeOffset => 8,
                Guid => 16,
                _ => throw new StorageException(StorageErrorKind.InvalidRequest,
                    $"Property '{name}' has type {value.GetType().Name}; allowed are string, bool, int, long, double, DateTimeOffset, Guid and byte[]."),
            };

            if (value is string text && text.Length > MaxStringChars)
            {
                throw new StorageException(StorageErrorKind.TooLarge,
                    $"Property '{name}' is {text.Length} characters; a string property may hold at most {MaxStringChars} characters ({MaxPropertyBytes} bytes as UTF-16).");
            }

            if (value is byte[] bytes && bytes.Length > MaxPropertyBytes)
            {
                throw new StorageException(StorageErrorKind.TooLarge,
                    $"Property '{name}' is {bytes.Length} bytes; a binary property may hold at most {MaxPropertyBytes} bytes.");
            }

            if (value is DateTimeOffset instant && instant < MinDateTime)
            {
                throw new StorageException(StorageErrorKind.InvalidRequest,
                    $"Property '{name}' is before {MinDateTime:yyyy-MM-dd}, the earliest date Table Storage can hold.");
            }

            size += 8 + name.Length * 2L + valueBytes;
            properties[name] = value;
        }

        if (properties.Count > MaxCustomProperties)
        {
            throw new StorageException(StorageErrorKind.TooLarge,
                $"The entity has {properties.Count} properties; the limit is {MaxCustomProperties}.");
        }

        if (size > MaxEntityBytes)
        {
            throw new StorageException(StorageErrorKind.TooLarge,
                $"The entity is {size} bytes as Table Storage counts them; the limit is {MaxEntityBytes} bytes (1 MiB).");
        }

        return properties;
    }

    /// <summary>Checks a batch: 1 to 100 operations, one partition, each row at most once; returns each entity's stored properties.</summary>
    internal static IReadOnlyList<Dictionary<string, object>> ValidateBatch(IReadOnlyList<TableOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count is 0 or > MaxBatchOperations)
        {
            throw new StorageException(StorageErrorKind.InvalidRequest,
                $"A batch has {operations.Count} operations; it must have between 1 and {MaxBatchOperations}.");
        }

        var partitionKey = operations[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        var validated = new List<Dictionary<string, object>>(operations.Count);
        long batchSize = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            if (!string.Equals(operation.Entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new StorageException(StorageErrorKind.InvalidRequest,
                    $"Operation {i} of the batch is in another partition; a batch must stay within one partition.");
            }

            if (!rows.Add(operation.Entity.RowKey))
            {
                throw new StorageException(StorageErrorKind.InvalidRequest,
                    $"Operation {i} of the batch touches a row an earlier operation already touches; each row may appear once.");
            }

            if (operation.Kind is TableOperationKind.Replace or TableOperationKind.Delete && string.IsNullOrEmpty(operation.IfMatch))
            {
                throw new StorageException(StorageErrorKind.InvalidRequest,
                    $"Operation {i} of the batch is a {operation.Kind} without an ETag; pass the ETag read or \"*\".");
            }

            long size = 0;
            validated.Add(operation.Kind == TableOperationKind.Delete
                ? ValidateKeysOnly(operation.Entity)
                : ValidateEntity(operation.Entity, out size));
            batchSize += size;
        }

        if (batchSize > MaxBatchBytes)
        {
            throw new StorageException(StorageErrorKind.TooLarge,
                $"The batch is {batchSize} bytes as Table Storage counts them; the limit is {MaxBatchBytes} bytes (4 MiB).");
        }

        return validated;
    }

    internal static void ValidatePageSize(int pageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new StorageException(StorageErrorKind.InvalidRequest, $"Page size {pageSize} is outside 1 to {MaxPageSize}.");
        }
    }

    internal static void ValidateIfMatch(string? ifMatch)
    {
        if (string.IsNullOrEmpty(ifMatch))
        {
            throw new StorageException(StorageErrorKind.InvalidRequest, "An ETag is required; pass the ETag read or \"*\".");
        }
    }

    private static Dictionary<string, object> ValidateKeysOnly(TableEntity entity)
    {
        ValidateKey(entity.PartitionKey, "PartitionKey");
        ValidateKey(entity.RowKey, "RowKey");
        return new Dictionary<string, object>(StringComparer.Ordinal);
    }

    private static bool IsPairedSurrogate(string key, int i) =>
        char.IsHighSurrogate(key[i])
            ? i + 1 < key.Length && char.IsLowSurrogate(key[i + 1])
            : i > 0 && char.IsHighSurrogate(key[i - 1]);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PropertyNamePattern();
}
