using BotCore.Storage;
using BotCore.Storage.Sqlite;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>A real SQLite table store in a temporary file, deleted afterwards.</summary>
internal sealed class SqliteStore : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tpb-tests-").FullName;

    public SqliteStore(TimeProvider? time = null)
    {
        Path = System.IO.Path.Combine(_directory, "records.db");
        Store = new SqliteTableStore(Path, time ?? TimeProvider.System);
    }

    public string Path { get; }

    public ITableStore Store { get; }

    public void Dispose()
    {
        (Store as IDisposable)?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
