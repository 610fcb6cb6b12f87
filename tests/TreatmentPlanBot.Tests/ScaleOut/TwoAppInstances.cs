using BotCore.Tests.Storage;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.ScaleOut;

/// <summary>
/// Two instances of the real app (each its own service container, caches and scheduler) on one storage: the same
/// Azurite table prefix, or the same SQLite file. Each has its own <see cref="FakeConnector"/>.
/// </summary>
internal sealed class TwoAppInstances : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;

    private TwoAppInstances(BotTestApp a, BotTestApp b, string? sqliteDirectory)
    {
        A = a;
        B = b;
        _sqliteDirectory = sqliteDirectory;
    }

    public BotTestApp A { get; }

    public BotTestApp B { get; }

    public static async Task<TwoAppInstances> StartAsync(TestStorage storage, AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        string? sqliteDirectory = null;
        var shared = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (storage == TestStorage.Sqlite)
        {
            sqliteDirectory = Directory.CreateTempSubdirectory("tpb-two-").FullName;
            shared["Storage:SqlitePath"] = Path.Combine(sqliteDirectory, "shared.db");
        }
        else
        {
            shared["Storage:TablePrefix"] = AzuriteFixture.UniqueTablePrefix();
        }

        var a = await BotTestApp.StartAsync(storage, azurite, shared);
        var b = await BotTestApp.StartAsync(storage, azurite, shared);
        return new TwoAppInstances(a, b, sqliteDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        BotTestApp.DeleteSqliteDirectory(_sqliteDirectory);
    }
}
