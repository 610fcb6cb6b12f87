using BotCore.Scheduling;
using BotCore.Storage;
using BotCore.Storage.AzureTables;
using BotCore.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BotCore.Tests.Scheduling;

/// <summary>
/// Two app hosts, wired as the bot wires them (AddBotStorage + AddScheduledWork), share one Azurite account and a few
/// thousand due items on the real clock. One host dies midway, right after an effect and before storing Done; a fresh host
/// starts in its place. Every item's effect happens once, none twice, none is lost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TwoHostTakeoverTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Items = 2000;
    private const int KillAtInvocation = Items / 4;
    private const int MaxConcurrency = 8;

    private readonly string tablePrefix = AzuriteFixture.UniqueTablePrefix();
    private readonly WorkLedger ledger = new();

    [Fact]
    public async Task Every_item_is_done_once_when_one_of_two_hosts_dies_midway_and_a_restarted_host_joins()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await ScheduleItemsAsync(deadline.Token);
        output.WriteLine($"scheduled {watch.Elapsed}");

        var dyingStore = new KillableTableStore(OpenStore());
        var killed = new TaskCompletionSource();
        var invocationsOnA = 0;
        ledger.AfterEffect = (_, host) =>
        {
            // Host A dies in the crash window of its 500th item: the effect is stored, Done is not.
            if (host == "A" && Interlocked.Increment(ref invocationsOnA) == KillAtInvocation)
            {
                dyingStore.Kill();
                killed.TrySetResult();
            }
        };

        using var a = await StartHostAsync("A", dyingStore);
        using var b = await StartHostAsync("B", OpenStore());
        try { await killed.Task.WaitAsync(deadline.Token); } finally { output.WriteLine($"killed {watch.Elapsed} effects {ledger.EffectsApplied} inv {ledger.Invocations.Count}"); }
        await a.StopAsync(new CancellationToken(canceled: true));
        using var restarted = await StartHostAsync("C", OpenStore());

        var statuses = await WaitUntilAllFinishedAsync(deadline.Token);
        await b.StopAsync(deadline.Token);
        await restarted.StopAsync(deadline.Token);

        // None lost: every item is Done and has its effect.
        Assert.All(statuses, s => Assert.Equal(ScheduledWorkState.Done, s.State));
        var effects = await WorkLedger.StoredEffectsAsync(OpenStore());
        Assert.Equal(Items, effects.Count);
        Assert.Equal(Items, effects.Distinct().Count());
        Assert.Equal(Items, ledger.EffectsApplied);

        // None twice: only items A held when it died ran a second time, each after A's run had ended, and at most one per
        // handler A had running.
        var byItem = ledger.Invocations.GroupBy(i => i.ItemId).ToDictionary(g => g.Key, g => g.OrderBy(i => i.StartSequence).ToList());
        Assert.Equal(Items, byItem.Count);
        var rerun = byItem.Values.Where(runs => runs.Count > 1).ToList();
        Assert.All(rerun, runs =>
        {
            Assert.Equal(2, runs.Count);
            Assert.Equal("A", runs[0].Host);
            Assert.NotEqual("A", runs[1].Host);
            Assert.True(runs[0].EndSequence < runs[1].StartSequence, $"Item {runs[0].ItemId} had two live holders at once.");
        });
        Assert.InRange(rerun.Count, 1, MaxConcurrency);
        Assert.True(ledger.DuplicatesSuppressed >= 1, "The crash-window item's second run must find its effect already stored.");

        // Both survivors did work after the death; A did its share before it.
        Assert.Contains(ledger.Invocations, i => i.Host == "B");
        Assert.Contains(ledger.Invocations, i => i.Host == "C");
        Assert.True(ledger.Invocations.Count(i => i.Host == "A") >= KillAtInvocation);
    }

    private ITableStore OpenStore() => AzureTableStore.FromConnectionString(azurite.ConnectionString, tablePrefix);

    private async Task ScheduleItemsAsync(CancellationToken cancellationToken)
    {
        await using var scheduling = SchedulerHarness.Create(OpenStore(), TimeProvider.System, ledger, "scheduling");
        var now = TimeProvider.System.GetUtcNow();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Items),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, token) => await scheduling.Scheduler.ScheduleAsync($"item-{i:D5}", WorkLedger.Kind, now.AddMilliseconds(-i), new { Index = i }, $"tenant-{i % 4}", token));
    }

    private async Task<IHost> StartHostAsync(string name, ITableStore store)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = tablePrefix,
            ["Scheduler:PollInterval"] = "00:00:00.200",
            ["Scheduler:LeaseDuration"] = "00:00:05",
            ["Scheduler:HandlerTimeout"] = "00:00:02.500",
            ["Scheduler:RetryBaseDelay"] = "00:00:01",
            ["Scheduler:MaxConcurrency"] = MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scheduler:MaxItemsPerSecondPerPacingKey"] = "1000",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(store); // before AddBotStorage, which keeps it: host A's store is the one that can die
        builder.Services.AddBotStorage(builder.Configuration);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(new HostLabel(name));
        builder.Services.AddScheduledWorkHandler<LedgerHandler>(WorkLedger.Kind);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Reads every item back until all are finished; returns their statuses.</summary>
    private async Task<List<ScheduledWorkStatus>> WaitUntilAllFinishedAsync(CancellationToken cancellationToken)
    {
        await using var reader = SchedulerHarness.Create(OpenStore(), TimeProvider.System, ledger, "reader");
        var finished = new System.Collections.Concurrent.ConcurrentDictionary<string, ScheduledWorkStatus>();
        var ids = Enumerable.Range(0, Items).Select(i => $"item-{i:D5}").ToList();
        while (finished.Count < Items)
        {
            while (ledger.EffectsApplied < Items)
            {
                await Task.Delay(1000, cancellationToken);
                output.WriteLine($"effects {ledger.EffectsApplied} inv {ledger.Invocations.Count} {string.Join(",", ledger.Invocations.GroupBy(i => i.Host).Select(g => g.Key + g.Count()))}");
            }

            await Parallel.ForEachAsync(
                ids.Where(id => !finished.ContainsKey(id)),
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (id, token) =>
                {
                    if (await reader.Scheduler.GetAsync(id, token) is { State: not ScheduledWorkState.Pending } status)
                    {
                        finished[id] = status;
                    }
                });
            output.WriteLine($"finished {finished.Count}: " + string.Join(",", ids.Where(id => !finished.ContainsKey(id)).Take(5)));
            await Task.Delay(200, cancellationToken);
        }

        return [.. finished.Values];
    }
}
