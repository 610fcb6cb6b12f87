using Azure;
using Azure.Data.Tables;
using AzureEntity = Azure.Data.Tables.TableEntity;

namespace BotCore.Storage.AzureTables;

internal sealed class AzureTable(string name, TableClient client) : ITable
{
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal)
    {
        "PartitionKey", "RowKey", "Timestamp", "odata.etag",
    };

    public string Name { get; } = name;

    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateKey(partitionKey, "PartitionKey");
        TableLimits.ValidateKey(rowKey, "RowKey");
        var response = await AzureErrors.GuardAsync(
            () => client.GetEntityIfExistsAsync<AzureEntity>(partitionKey, rowKey, cancellationToken: cancellationToken), Name).ConfigureAwait(false);
        return response.HasValue ? FromAzure(response.Value!) : null;
    }

    public Task<TablePage> QueryAsync(string partitionKey, string? rowKeyPrefix = null, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateKey(partitionKey, "PartitionKey");
        TableLimits.ValidatePageSize(pageSize);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        if (!string.IsNullOrEmpty(rowKeyPrefix))
        {
            filter += TableClient.CreateQueryFilter($" and RowKey ge {rowKeyPrefix} and RowKey lt {PrefixUpperBound(rowKeyPrefix)}");
        }

        return AzureErrors.GuardAsync(async () =>
        {
            var pages = client.QueryAsync<AzureEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize);
            await foreach (var page in pages.ConfigureAwait(false))
            {
                return new TablePage(page.Values.Select(FromAzure).ToList(), page.ContinuationToken);
            }

            return new TablePage([], null);
        }, Name);
    }

    public async Task<string> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        var azure = ToAzure(entity, TableLimits.ValidateEntity(entity));
        var response = await AzureErrors.GuardAsync(() => client.AddEntityAsync(azure, cancellationToken), Name).ConfigureAwait(false);
        return ETagOf(response);
    }

    public async Task<string> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        var azure = ToAzure(entity, TableLimits.ValidateEntity(entity));
        var response = await AzureErrors.GuardAsync(() => client.UpsertEntityAsync(azure, TableUpdateMode.Replace, cancellationToken), Name).ConfigureAwait(false);
        return ETagOf(response);
    }

    public async Task<string> ReplaceAsync(TableEntity entity, string ifMatch, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateIfMatch(ifMatch);
        var azure = ToAzure(entity, TableLimits.ValidateEntity(entity));
        var response = await AzureErrors.GuardAsync(
            () => client.UpdateEntityAsync(azure, ToETag(ifMatch), TableUpdateMode.Replace, cancellationToken), Name).ConfigureAwait(false);
        return ETagOf(response);
    }

    public async Task DeleteAsync(string partitionKey, string rowKey, string ifMatch, CancellationToken cancellationToken = default)
    {
        TableLimits.ValidateIfMatch(ifMatch);
        TableLimits.ValidateKey(partitionKey, "PartitionKey");
        TableLimits.ValidateKey(rowKey, "RowKey");
        await AzureErrors.GuardAsync(
            () => client.DeleteEntityAsync(partitionKey, rowKey, ToETag(ifMatch), cancellationToken), Name).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string?>> SubmitBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
    {
        var properties = TableLimits.ValidateBatch(operations);
        var actions = operations.Select((operation, i) => operation.Kind switch
        {
            TableOperationKind.Insert => new TableTransactionAction(TableTransactionActionType.Add, ToAzure(operation.Entity, properties[i])),
            TableOperationKind.Upsert => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToAzure(operation.Entity, properties[i])),
            TableOperationKind.Replace => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToAzure(operation.Entity, properties[i]), ToETag(operation.IfMatch!)),
            TableOperationKind.Delete => new TableTransactionAction(TableTransactionActionType.Delete, ToAzure(operation.Entity, properties[i]), ToETag(operation.IfMatch!)),
            _ => throw new StorageException(StorageErrorKind.InvalidRequest, $"Operation {i} of the batch: unknown operation {operation.Kind}."),
        }).ToList();

        var response = await AzureErrors.GuardAsync(() => client.SubmitTransactionAsync(actions, cancellationToken), Name).ConfigureAwait(false);
        return response.Value
            .Select((result, i) => operations[i].Kind == TableOperationKind.Delete ? null : ETagOf(result))
            .ToList();
    }

    private static AzureEntity ToAzure(TableEntity entity, Dictionary<string, object> properties)
    {
        var azure = new AzureEntity(entity.PartitionKey, entity.RowKey);
        foreach (var (name, value) in properties)
        {
            azure[name] = value;
        }

        return azure;
    }

    private static TableEntity FromAzure(AzureEntity azure)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in azure)
        {
            if (SystemProperties.Contains(name) || name.EndsWith("@odata.type", StringComparison.Ordinal))
            {
                continue;
            }

            properties[name] = value switch
            {
                DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
                DateTimeOffset instant => instant.ToUniversalTime(),
                BinaryData binary => binary.ToArray(),
                _ => value,
            };
        }

        return new TableEntity(azure.PartitionKey, azure.RowKey, properties)
        {
            ETag = azure.ETag.ToString(),
            Timestamp = azure.Timestamp,
        };
    }

    private static ETag ToETag(string ifMatch) => ifMatch == "*" ? ETag.All : new ETag(ifMatch);

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new StorageException(StorageErrorKind.Unavailable, "Table Storage answered without an ETag.");

    /// <summary>The smallest string greater than every string that starts with <paramref name="prefix"/>.</summary>
    private static string PrefixUpperBound(string prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == char.MaxValue)
        {
            end--;
        }

        return end == 0 ? new string(char.MaxValue, prefix.Length + 1) : string.Concat(prefix.AsSpan(0, end - 1), [(char)(prefix[end - 1] + 1)]);
    }
}
