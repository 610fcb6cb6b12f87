using BotCore.Storage;

namespace BotCore.Tests.Storage;

public sealed class SqliteTableStoreTests(TemporarySqliteDatabase database) : TableStoreContractTests, IClassFixture<TemporarySqliteDatabase>
{
    protected override ITableStore Store => database.Store;
}
