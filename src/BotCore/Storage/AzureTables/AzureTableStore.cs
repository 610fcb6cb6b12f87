using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Data.Tables;

namespace BotCore.Storage.AzureTables;

/// <summary>The Azure Table Storage adapter (also Azurite). Tables are created on first use.</summary>
public sealed class AzureTableStore : ITableStore
{
    private readonly TableServiceClient _service;
    private readonly string _tablePrefix;
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    public AzureTableStore(TableServiceClient service, string tablePrefix = "")
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _tablePrefix = tablePrefix ?? string.Empty;
    }

    public static AzureTableStore FromConnectionString(string connectionString, string tablePrefix = "") =>
        new(new TableServiceClient(connectionString), tablePrefix);

    public static AzureTableStore FromAccount(Uri accountUri, TokenCredential credential, string tablePrefix = "") =>
        new(new TableServiceClient(accountUri, credential), tablePrefix);

    public async Task<ITable> GetTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        var physicalName = _tablePrefix + tableName;
        TableLimits.ValidateTableName(physicalName);
        var client = _service.GetTableClient(physicalName);
        if (!_created.ContainsKey(physicalName))
        {
            await AzureErrors.GuardAsync(() => client.CreateIfNotExistsAsync(cancellationToken), tableName).ConfigureAwait(false);
            _created[physicalName] = true;
        }

        return new AzureTable(tableName, client);
    }
}

internal static class AzureErrors
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, string tableName)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TableTransactionFailedException exception)
        {
            throw Map(exception, tableName, exception.FailedTransactionActionIndex is { } index ? $"Operation {index} of the batch: " : "The batch: ");
        }
        catch (RequestFailedException exception)
        {
            throw Map(exception, tableName, string.Empty);
        }
        catch (Azure.Identity.AuthenticationFailedException exception)
        {
            throw new StorageException(StorageErrorKind.Unavailable, $"Could not authenticate to Azure Table Storage for table '{tableName}'.", exception);
        }
    }

    private static StorageException Map(RequestFailedException exception, string tableName, string context)
    {
        var code = exception.ErrorCode;
        return exception.Status switch
        {
            412 => new(StorageErrorKind.Conflict, $"{context}The entity in table '{tableName}' was changed by someone else (ETag mismatch).", exception),
            409 when code == "EntityAlreadyExists" => new(StorageErrorKind.AlreadyExists, $"{context}The entity already exists in table '{tableName}'.", exception),
            404 => new(StorageErrorKind.NotFound, $"{context}The entity does not exist in table '{tableName}' ({code}).", exception),
            413 => new(StorageErrorKind.TooLarge, $"{context}Table Storage refused the request to table '{tableName}' as too large ({code}).", exception),
            _ when code is "EntityTooLarge" or "PropertyValueTooLarge" or "RequestBodyTooLarge" =>
                new(StorageErrorKind.TooLarge, $"{context}Table Storage refused the request to table '{tableName}' as too large ({code}).", exception),
            400 => new(StorageErrorKind.InvalidRequest, $"{context}Table Storage refused the request to table '{tableName}' ({code}).", exception),
            _ => new(StorageErrorKind.Unavailable, $"{context}Table Storage failed for table '{tableName}' (status {exception.Status}, {code ?? "no error code"}).", exception),
        };
    }
}
