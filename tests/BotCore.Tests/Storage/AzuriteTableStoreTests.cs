using BotCore.Storage;
using BotCore.Storage.AzureTables;

namespace BotCore.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteTableStoreTests(AzuriteFixture azurite) : TableStoreContractTests
{
    private static readonly string TablePrefix = AzuriteFixture.UniqueTablePrefix();

    protected override ITableStore Store { get; } = AzureTableStore.FromConnectionString(azurite.ConnectionString, TablePrefix);
}
