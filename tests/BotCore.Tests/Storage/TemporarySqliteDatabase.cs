using BotCore.Storage.Sqlite;

namespace BotCore.Tests.Storage;

/// <summary>A SQLite store on a fresh temp file, one per test class, deleted afterwards.</summary>
public sealed class TemporarySqliteDatabase : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("botcore-sqlite-").FullName;

    public TemporarySqliteDatabase() => Store = new SqliteTableStore(DatabasePath, TimeProvider.System);

    public string DatabasePath => Path.Combine(_directory, "store.db");

    public SqliteTableStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
