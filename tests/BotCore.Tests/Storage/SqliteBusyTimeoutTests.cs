using BotCore.Storage;
using BotCore.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotCore.Tests.Storage;

/// <summary>
/// Teams waits only a few seconds for a card action's answer: a SQLite file locked by another writer must surface as
/// <see cref="StorageErrorKind.Unavailable"/> (the "records could not be reached" answer) well inside that window, not after
/// SQLite's usual 30 seconds. The tests hold a real write lock from a second connection; they assert the outcome and the
/// timeout the store's connections carry, never wall-clock time.
/// </summary>
public sealed class SqliteBusyTimeoutTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("botcore-busy-").FullName;

    [Fact]
    public async Task A_write_blocked_by_another_writer_is_Unavailable_and_the_default_wait_is_a_few_seconds()
    {
        using var host = BuildHost([]);
        var store = (SqliteTableStore)((BotCore.Telemetry.InstrumentedTableStore)host.Services.GetRequiredService<ITableStore>()).Inner;

        var error = await WriteWhileLockedAsync(store);

        Assert.Equal(StorageErrorKind.Unavailable, error.Kind);
        Assert.InRange(await BusyTimeoutMillisecondsAsync(store), 1, 5000);
    }

    [Fact]
    public async Task The_configured_busy_timeout_is_what_the_store_connections_carry()
    {
        using var host = BuildHost(new() { ["Storage:SqliteBusyTimeoutSeconds"] = "1" });
        var store = (SqliteTableStore)((BotCore.Telemetry.InstrumentedTableStore)host.Services.GetRequiredService<ITableStore>()).Inner;

        var error = await WriteWhileLockedAsync(store);

        Assert.Equal(StorageErrorKind.Unavailable, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), store.BusyTimeout);
        Assert.Equal(1000, await BusyTimeoutMillisecondsAsync(store));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("11")]
    public async Task A_busy_timeout_outside_Teams_window_refuses_to_start_naming_the_setting(string seconds)
    {
        using var host = BuildHost(new() { ["Storage:SqliteBusyTimeoutSeconds"] = seconds });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Storage:SqliteBusyTimeoutSeconds", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    private static async Task<StorageException> WriteWhileLockedAsync(SqliteTableStore store)
    {
        var table = await store.GetTableAsync("Busy");
        await using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.DatabasePath, Pooling = false }.ToString());
        await other.OpenAsync();
        await using var writeLock = await other.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        using (var command = other.CreateCommand())
        {
            // Takes the database's write lock and keeps it until the transaction ends.
            command.CommandText = "INSERT INTO entities VALUES ('Other', 'p', 'r', 'e', 0, '{}')";
            await command.ExecuteNonQueryAsync();
        }

        return await Assert.ThrowsAsync<StorageException>(() =>
            table.UpsertAsync(new TableEntity("p", "r", new Dictionary<string, object?> { ["Value"] = 1 })));
    }

    private static Task<long> BusyTimeoutMillisecondsAsync(SqliteTableStore store) =>
        store.RunAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            return (long)command.ExecuteScalar()!;
        }, CancellationToken.None);

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _contentRoot,
            EnvironmentName = Environments.Development,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBotStorage(builder.Configuration);
        return builder.Build();
    }
}
