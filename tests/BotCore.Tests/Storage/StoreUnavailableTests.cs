using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using BotCore.Storage;
using BotCore.Storage.AzureTables;
using BotCore.Storage.Sqlite;

namespace BotCore.Tests.Storage;

public sealed class StoreUnavailableTests
{
    [Fact]
    public async Task An_unreachable_Table_Storage_endpoint_is_reported_as_Unavailable()
    {
        var closedPort = ClosedLoopbackPort();
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;";
        var store = new AzureTableStore(new TableServiceClient(connectionString, new TableClientOptions { Retry = { MaxRetries = 0 } }));

        var error = await Assert.ThrowsAsync<StorageException>(() => store.GetTableAsync("BotState"));

        Assert.Equal(StorageErrorKind.Unavailable, error.Kind);
    }

    [Fact]
    public async Task A_sqlite_path_that_cannot_be_created_is_reported_as_Unavailable_naming_the_file()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            using var store = new SqliteTableStore(Path.Combine(blocker, "sub", "store.db"), TimeProvider.System);

            var error = await Assert.ThrowsAsync<StorageException>(() => store.GetTableAsync("BotState"));

            Assert.Equal(StorageErrorKind.Unavailable, error.Kind);
            Assert.Contains("store.db", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
