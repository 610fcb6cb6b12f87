using BotCore.Storage;
using BotCore.Storage.AzureTables;
using BotCore.Tests.Storage;

namespace BotCore.Tests.Scheduling;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteScheduledWorkTests(AzuriteFixture azurite) : ScheduledWorkContractTests
{
    private readonly string tablePrefix = AzuriteFixture.UniqueTablePrefix();

    protected override ITableStore OpenStore() => AzureTableStore.FromConnectionString(azurite.ConnectionString, tablePrefix);
}
