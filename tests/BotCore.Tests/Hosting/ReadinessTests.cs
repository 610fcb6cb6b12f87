using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BotCore.Hosting;
using BotCore.Storage;
using BotCore.Tests.Hosting.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotCore.Tests.Hosting;

/// <summary>/healthz says the process runs; /readyz says the table store answers, and nothing else.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_is_200_ready_when_the_sqlite_store_answers()
    {
        var directory = Directory.CreateTempSubdirectory("botcore-ready-").FullName;
        try
        {
            await using var app = await StartAsync(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Sqlite",
                ["Storage:SqlitePath"] = Path.Combine(directory, "ready.db"),
            });
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

            var response = await client.GetAsync("/readyz");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"status":"ready"}""", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Readiness_is_503_quickly_and_without_details_when_table_storage_is_unreachable_while_liveness_stays_200()
    {
        var port = ClosedLoopbackPort();
        const string account = "clinicreadyprobe";
        await using var app = await StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] =
                $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:{port}/{account};",
            ["Storage:TablePrefix"] = "Secretprefix",
        });
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync("/readyz");
        watch.Stop();
        var body = await response.Content.ReadAsStringAsync();
        var liveness = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"status":"not ready"}""", body);
        Assert.True(watch.Elapsed < TableStoreReadinessCheck.Timeout + TimeSpan.FromSeconds(3), $"/readyz took {watch.Elapsed}.");
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        foreach (var secret in new[] { account, port.ToString(), "Secretprefix", TableStorage.DefaultTableName, "127.0.0.1", "Exception" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
    }

    [Fact]
    public async Task Registering_the_bot_runtime_twice_still_answers_readiness()
    {
        var directory = Directory.CreateTempSubdirectory("botcore-ready-").FullName;
        try
        {
            await using var app = await StartAsync(
                new Dictionary<string, string?> { ["Storage:SqlitePath"] = Path.Combine(directory, "ready.db") },
                registrations: 2);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

            var response = await client.GetAsync("/readyz");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, int registrations = 1)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        for (var i = 0; i < registrations; i++)
        {
            builder.Services.AddBotCore(builder.Configuration);
        }

        builder.Services.AddBotStorage(builder.Configuration);
        builder.Services.AddSingleton<IBot>(new RecordingBot(null));

        var app = builder.Build();
        app.MapBotEndpoints();
        await app.StartAsync();
        return app;
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
