using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace BotCore.Storage.Sqlite;

/// <summary>
/// The embedded adapter: every table lives in one SQLite file, so a fresh clone runs with nothing installed.
/// WAL mode and a busy timeout let several threads and processes share the file; each write is one
/// IMMEDIATE transaction, which serialises writers and makes ETag checks atomic.
/// </summary>
public sealed class SqliteTableStore : ITableStore, IDisposable
{
    /// <summary>A few seconds: a locked file is reported while Teams still waits for the answer (see StorageOptions).</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(3);

    private readonly string _connectionString;
    private readonly string _tablePrefix;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);

    /// <summary>
    /// The physical connections (pooled by Microsoft.Data.Sqlite, reused across opens) whose pragmas are set: a
    /// pragma is per connection, so it is set the first time a physical connection is handed out, not on every open.
    /// </summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _prepared = new();
    private bool _initialized;

    /// <param name="busyTimeout">
    /// How long an operation waits for another writer before failing as Unavailable: whole seconds, at least one, because
    /// Microsoft.Data.Sqlite retries a busy command for its command timeout (in seconds; zero would mean for ever) on top of
    /// SQLite's own busy_timeout. Default <see cref="DefaultBusyTimeout"/>.
    /// </param>
    public SqliteTableStore(string databasePath, TimeProvider timeProvider, string tablePrefix = "", TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var timeout = busyTimeout ?? DefaultBusyTimeout;
        if (timeout < TimeSpan.FromSeconds(1) || timeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(busyTimeout), timeout, "The SQLite busy timeout is a whole number of seconds, at least one.");
        }

        DatabasePath = Path.GetFullPath(databasePath);
        TimeProvider = timeProvider;
        BusyTimeout = timeout;
        _tablePrefix = tablePrefix ?? string.Empty;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>How long an operation waits for a lock held by another connection before it fails as Unavailable.</summary>
    public TimeSpan BusyTimeout { get; }

    internal TimeProvider TimeProvider { get; }

    public async Task<ITable> GetTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        var physicalName = _tablePrefix + tableName;
        TableLimits.ValidateTableName(physicalName);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return new SqliteTable(this, tableName, physicalName);
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _initializeGate.Dispose();
    }

    internal async Task<T> RunAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return work(connection);
        }
        catch (SqliteException exception)
        {
            throw new StorageException(StorageErrorKind.Unavailable,
                $"The SQLite store failed (error {exception.SqliteErrorCode}).", exception);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var handle = connection.Handle!;
            if (!_prepared.TryGetValue(handle, out _))
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
                command.ExecuteNonQuery();
                _prepared.AddOrUpdate(handle, handle);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _initialized))
        {
            return;
        }

        await _initializeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new StorageException(StorageErrorKind.Unavailable, $"Cannot create the folder for the SQLite database {DatabasePath}.", exception);
            }

            await RunAsync(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = """
                    PRAGMA journal_mode = WAL;
                    CREATE TABLE IF NOT EXISTS entities (
                        table_name    TEXT    NOT NULL,
                        partition_key TEXT    NOT NULL,
                        row_key       TEXT    NOT NULL,
                        etag          TEXT    NOT NULL,
                        timestamp     INTEGER NOT NULL,
                        properties    TEXT    NOT NULL,
                        PRIMARY KEY (table_name, partition_key, row_key)
                    ) WITHOUT ROWID;
                    """;
                return command.ExecuteNonQuery();
            }, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _initialized, true);
        }
        finally
        {
            _initializeGate.Release();
        }
    }
}
