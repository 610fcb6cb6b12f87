using BenchmarkDotNet.Attributes;
using BotCore.Storage;
using BotCore.Storage.Sqlite;

namespace HotPaths;

/// <summary>A get and an upsert of one 2 KB entity on the embedded SQLite store (a file in the temp folder): a turn's two round trips.</summary>
[MemoryDiagnoser]
public class SqliteBenchmarks
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hotpaths-{Environment.ProcessId}.db");
    private SqliteTableStore _store = null!;
    private ITable _table = null!;
    private TableEntity _entity = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _store = new SqliteTableStore(_path, TimeProvider.System);
        _table = await _store.GetTableAsync("BotState");
        _entity = new TableEntity("msteams~2Fconversations~2Fa:bench", "state", new Dictionary<string, object?>
        {
            ["Parts"] = 1,
            ["Part00"] = new byte[2_000],
        });
        await _table.UpsertAsync(_entity);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Benchmark]
    public async Task GetThenUpsert()
    {
        await _table.GetAsync(_entity.PartitionKey, _entity.RowKey);
        await _table.UpsertAsync(_entity);
    }
}
