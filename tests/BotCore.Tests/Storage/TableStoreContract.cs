using BotCore.Storage;

namespace BotCore.Tests.Storage;

/// <summary>
/// The base of the <see cref="ITableStore"/> contract tests (<see cref="TableStoreEntityContractTests"/>,
/// <see cref="TableStoreBatchAndQueryContractTests"/>, <see cref="TableStoreKeysAndLimitsContractTests"/>), each run on
/// SQLite and on Azurite. Each concrete subclass supplies a store; each test works in a table of its own.
/// </summary>
public abstract class TableStoreContract
{
    protected abstract ITableStore Store { get; }

    protected async Task<ITable> NewTableAsync() => await Store.GetTableAsync("T" + Guid.NewGuid().ToString("N")[..20]);

    protected static TableEntity Entity(string partitionKey, string rowKey, params (string Name, object? Value)[] properties) =>
        new(partitionKey, rowKey, properties.ToDictionary(p => p.Name, p => p.Value));
}
