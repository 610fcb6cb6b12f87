using BotCore.Scheduling;
using BotCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotCore.Tests.Scheduling;

/// <summary>
/// One "instance" of the scheduler as AddScheduledWork wires it, over a given real store and clock, without starting the
/// background loop: tests drive it with <see cref="ScheduledWorkDispatcher.RunDueNowAsync"/>, one pass at a time.
/// </summary>
public sealed class SchedulerHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private SchedulerHarness(ServiceProvider services) => this.services = services;

    public WorkScheduler Scheduler => services.GetRequiredService<WorkScheduler>();

    public ScheduledWorkDispatcher Dispatcher => services.GetRequiredService<ScheduledWorkDispatcher>();

    public static SchedulerHarness Create(ITableStore store, TimeProvider time, WorkLedger ledger, string host = "A", IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(time)
            .AddSingleton(store)
            .AddSingleton(ledger)
            .AddSingleton(new HostLabel(host))
            .AddScheduledWorkHandler<LedgerHandler>(WorkLedger.Kind);
        return new SchedulerHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
