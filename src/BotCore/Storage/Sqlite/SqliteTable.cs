using System.Buffers.Text;
using System.Text;
using Microsoft.Data.Sqlite;

namespace BotCore.Storage.Sqlite;

internal sealed class SqliteTable(SqliteTableStore store, string name, string physicalName) : ITable
{
    public string Name { get; } = name;

    public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateKey(partitionKey, "PartitionKey");
        TableLimits.ValidateKey(rowKey, "RowKey");
        return store.RunAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT etag, timestamp, properties FROM entities
                WHERE table_name = $table AND partition_key = $pk AND row_key = $rk
                """;
            command.Parameters.AddWithValue("$table", physicalName);
            command.Parameters.AddWithValue("$pk", partitionKey);
            command.Parameters.AddWithValue("$rk", rowKey);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadEntity(partitionKey, rowKey, reader, 0) : null;
        }, cancellationToken);
    }

    public Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateKey(partitionKey, "PartitionKey");
        TableLimits.ValidatePageSize(pageSize);
        var after = continuationToken is null ? null : DecodeContinuation(continuationToken);
        return store.RunAsync(connection =>
        {
            using var command = connection.CreateCommand();
            var sql = new StringBuilder("""
                SELECT row_key, etag, timestamp, properties FROM entities
                WHERE table_name = $table AND partition_key = $pk
                """);
            command.Parameters.AddWithValue("$table", physicalName);
            command.Parameters.AddWithValue("$pk", partitionKey);
            if (after is not null)
            {
                sql.Append(" AND row_key > $after");
                command.Parameters.AddWithValue("$after", after);
            }

            if (!string.IsNullOrEmpty(rowKeyPrefix))
            {
                sql.Append(" AND row_key >= $prefix AND substr(row_key, 1, length($prefix)) = $prefix");
                command.Parameters.AddWithValue("$prefix", rowKeyPrefix);
            }

            sql.Append(" ORDER BY row_key LIMIT $limit");
            command.Parameters.AddWithValue("$limit", pageSize + 1);
            command.CommandText = sql.ToString();

            var entities = new List<TableEntity>(Math.Min(pageSize, 64));
            var hasMore = false;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (entities.Count == pageSize)
                {
                    hasMore = true;
                    break;
                }

                entities.Add(ReadEntity(partitionKey, reader.GetString(0), reader, 1));
            }

            return new TablePage(entities, hasMore ? EncodeContinuation(entities[^1].RowKey) : null);
        }, cancellationToken);
    }

    public async Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        (await WriteAsync([TableOperation.Insert(entity)], [TableLimits.ValidateEntity(entity)], isBatch: false, cancellationToken).ConfigureAwait(false))[0]!;

    public async Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        (await WriteAsync([TableOperation.Upsert(entity)], [TableLimits.ValidateEntity(entity)], isBatch: false, cancellationToken).ConfigureAwait(false))[0]!;

    public async Task<string> ReplaceAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateIfMatch(ifMatch);
        var properties = TableLimits.ValidateEntity(entity);
        return (await WriteAsync([TableOperation.Replace(entity, ifMatch)], [properties], isBatch: false, cancellationToken).ConfigureAwait(false))[0]!;
    }

    public Task DeleteAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateIfMatch(ifMatch);
        var operation = TableOperation.Delete(partitionKey, rowKey, ifMatch);
        TableLimits.ValidateKey(partitionKey, "PartitionKey");
        TableLimits.ValidateKey(rowKey, "RowKey");
        return WriteAsync([operation], [[]], isBatch: false, cancellationToken);
    }

    public Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
    {
        var properties = TableLimits.ValidateBatch(operations);
        return WriteAsync(operations, properties, isBatch: true, cancellationToken);
    }

    private Task<IReadOnlyList<string?>> WriteAsync(IReadOnlyList<TableOperation> operations, IReadOnlyList<Dictionary<string, object>> properties, bool isBatch, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<string?>>(connection =>
        {
            // IMMEDIATE takes the write lock up front, so concurrent writers queue on the busy timeout
            // instead of failing when a read lock cannot be upgraded.
            using var transaction = connection.BeginTransaction(deferred: false);
            var timestamp = store.TimeProvider.GetUtcNow().UtcTicks;
            var etags = new string?[operations.Count];
            for (var i = 0; i < operations.Count; i++)
            {
                var context = isBatch ? $"Operation {i} of the batch: " : string.Empty;
                etags[i] = Apply(transaction, operations[i], properties[i], timestamp, isBatch, context);
            }

            transaction.Commit();
            return etags;
        }, cancellationToken);

    private string? Apply(SqliteTransaction transaction, TableOperation operation, Dictionary<string, object> properties, long timestamp, bool isBatch, string context)
    {
        var entity = operation.Entity;
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$table", physicalName);
        command.Parameters.AddWithValue("$pk", entity.PartitionKey);
        command.Parameters.AddWithValue("$rk", entity.RowKey);
        var etag = operation.Kind == TableOperationKind.Delete ? null : NewETag();
        if (etag is not null)
        {
            command.Parameters.AddWithValue("$etag", etag);
            command.Parameters.AddWithValue("$timestamp", timestamp);
            command.Parameters.AddWithValue("$properties", SqlitePropertyCodec.Encode(properties));
        }

        if (operation.IfMatch is not null)
        {
            command.Parameters.AddWithValue("$ifMatch", operation.IfMatch);
        }

        const string matches = "table_name = $table AND partition_key = $pk AND row_key = $rk AND ($ifMatch = '*' OR etag = $ifMatch)";
        command.CommandText = operation.Kind switch
        {
            TableOperationKind.Insert => """
                INSERT INTO entities (table_name, partition_key, row_key, etag, timestamp, properties)
                VALUES ($table, $pk, $rk, $etag, $timestamp, $properties)
                ON CONFLICT DO NOTHING
                """,
            TableOperationKind.Upsert => """
                INSERT INTO entities (table_name, partition_key, row_key, etag, timestamp, properties)
                VALUES ($table, $pk, $rk, $etag, $timestamp, $properties)
                ON CONFLICT DO UPDATE SET etag = excluded.etag, timestamp = excluded.timestamp, properties = excluded.properties
                """,
            TableOperationKind.Replace => $"UPDATE entities SET etag = $etag, timestamp = $timestamp, properties = $properties WHERE {matches}",
            TableOperationKind.Delete => $"DELETE FROM entities WHERE {matches}",
            _ => throw new StorageException(StorageErrorKind.InvalidRequest, $"{context}Unknown operation {operation.Kind}."),
        };

        if (command.ExecuteNonQuery() == 1)
        {
            return etag;
        }

        if (operation.Kind == TableOperationKind.Insert)
        {
            throw new StorageException(StorageErrorKind.AlreadyExists, $"{context}The entity already exists in table '{Name}'.");
        }

        var exists = Exists(transaction, entity);
        if (exists)
        {
            throw new StorageException(StorageErrorKind.Conflict, $"{context}The entity in table '{Name}' was changed by someone else (ETag mismatch).");
        }

        // As on Azure: deleting a missing entity succeeds, except inside a transaction, where it fails the batch.
        if (operation.Kind == TableOperationKind.Delete && !isBatch)
        {
            return null;
        }

        throw new StorageException(StorageErrorKind.NotFound, $"{context}The entity does not exist in table '{Name}'.");
    }

    private bool Exists(SqliteTransaction transaction, TableEntity entity)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM entities WHERE table_name = $table AND partition_key = $pk AND row_key = $rk";
        command.Parameters.AddWithValue("$table", physicalName);
        command.Parameters.AddWithValue("$pk", entity.PartitionKey);
        command.Parameters.AddWithValue("$rk", entity.RowKey);
        return command.ExecuteScalar() is not null;
    }

    private static TableEntity ReadEntity(string partitionKey, string rowKey, SqliteDataReader reader, int first) =>
        new(partitionKey, rowKey, SqlitePropertyCodec.Decode(reader.GetString(first + 2)))
        {
            ETag = reader.GetString(first),
            Timestamp = new DateTimeOffset(reader.GetInt64(first + 1), TimeSpan.Zero),
        };

    private static string NewETag() => $"W/\"{Guid.NewGuid():N}\"";

    private static string EncodeContinuation(string lastRowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastRowKey));

    private static string DecodeContinuation(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException exception)
        {
            throw new StorageException(StorageErrorKind.InvalidRequest, "The continuation token is not one this store issued.", exception);
        }
    }
}
