using BotCore.Storage;
using BotCore.Storage.Sqlite;

namespace BotCore.Tests.Scheduling;

public sealed class SqliteScheduledWorkTests : ScheduledWorkContractTests, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("botcore-scheduler-").FullName;
    private readonly List<SqliteTableStore> stores = [];

    protected override ITableStore OpenStore()
    {
        var store = new SqliteTableStore(Path.Combine(directory, "store.db"), TimeProvider.System);
        stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in stores)
        {
            store.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
