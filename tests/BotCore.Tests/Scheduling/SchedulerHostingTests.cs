using System.Net;
using System.Net.Http.Json;
using BotCore.Scheduling;
using BotCore.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotCore.Tests.Scheduling;

/// <summary>The scheduler in a web app on real Kestrel and SQLite: the Development "run now" endpoint and start-up checks.</summary>
public sealed class SchedulerHostingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("botcore-scheduler-host-").FullName;
    private readonly WorkLedger ledger = new();

    [Fact]
    public async Task In_development_run_now_runs_next_weeks_items_at_once_and_says_what_it_did()
    {
        await using var app = await StartAsync(Environments.Development);
        var scheduler = app.Services.GetRequiredService<WorkScheduler>();
        var nextWeek = TimeProvider.System.GetUtcNow().AddDays(7);
        await scheduler.ScheduleAsync("weekly-checkin-1", WorkLedger.Kind, nextWeek, new { SubjectId = "s-1" });
        await scheduler.ScheduleAsync("monthly-digest-1", WorkLedger.Kind, nextWeek.AddDays(30), new { SubjectId = "s-1" });
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var response = await client.PostAsync($"{SchedulingEndpointRouteBuilderExtensions.RunNowPath}?until={Uri.EscapeDataString(nextWeek.AddHours(1).ToString("o"))}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<DueWorkRun>();
        Assert.Equal((1, 1), (run!.Found, run.Done));
        Assert.Equal(ScheduledWorkState.Done, (await scheduler.GetAsync("weekly-checkin-1"))!.State);
        Assert.Equal(ScheduledWorkState.Pending, (await scheduler.GetAsync("monthly-digest-1"))!.State);
    }

    [Fact]
    public async Task Outside_development_there_is_no_run_now_endpoint()
    {
        await using var app = await StartAsync(Environments.Production);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var response = await client.PostAsync(SchedulingEndpointRouteBuilderExtensions.RunNowPath, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_handler_timeout_longer_than_half_the_lease_stops_start_up_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(Environments.Production, new()
        {
            ["Scheduler:LeaseDuration"] = "00:01:00",
            ["Scheduler:HandlerTimeout"] = "00:00:45",
        }));

        Assert.Contains("Scheduler:HandlerTimeout", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private async Task<WebApplication> StartAsync(string environment, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = directory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(directory, $"{Guid.NewGuid():N}.db"),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.ClearProviders();
        builder.Services.AddBotStorage(builder.Configuration);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(new HostLabel("web"));
        builder.Services.AddScheduledWorkHandler<LedgerHandler>(WorkLedger.Kind);
        var app = builder.Build();
        app.MapScheduledWorkRunNow();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }
}
