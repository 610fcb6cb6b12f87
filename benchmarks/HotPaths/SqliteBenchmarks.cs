using BenchmarkDotNet.Attributes;
using BotCore.Storage;
using BotCore.Storage.Sqlite;

namespace HotPaths;

/// <summary>A get, and a get and an upsert (a turn's two round trips), of one 2 KB entity on the embedded SQLite store (a file in the temp folder).</summary>
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

    /// <summary>A read alone: no commit to wait for, so the cost of opening a connection shows.</summary>
    [Benchmark]
    public Task<TableEntity?> Get() => _table.GetAsync(_entity.PartitionKey, _entity.RowKey);

    [Benchmark]
    public async Task GetThenUpsert()
    {
        await _table.GetAsync(_entity.PartitionKey, _entity.RowKey);
        await _table.UpsertAsync(_entity);
    }
}
