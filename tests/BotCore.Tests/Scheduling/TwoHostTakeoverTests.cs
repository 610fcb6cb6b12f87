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
/// Two app hosts, wired as the bot wires them (AddBotStorage + AddScheduledWork), share one Azurite account and two
/// thousand due items on the real clock. One host dies midway, right after an effect and before storing Done; a fresh
/// host starts in its place. Every item's effect happens once, none twice, none is lost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TwoHostTakeoverTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output)
{
    // Azurite serves ~5 storage calls per item: 2,000 items take about half a minute on a quiet 2-core machine.
    private const int Items = 2000;
    private const int KillAtInvocation = Items / 4;
    private const int MaxConcurrency = 8;

    private readonly string tablePrefix = AzuriteFixture.UniqueTablePrefix();
    private readonly WorkLedger ledger = new();

    [Fact]
    public async Task Every_item_is_done_once_when_one_of_two_hosts_dies_midway_and_a_restarted_host_joins()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await ScheduleItemsAsync(deadline.Token);
        output.WriteLine($"{Items} items scheduled in {watch.Elapsed}");

        var dyingStore = new KillableTableStore(OpenStore());
        var killed = new TaskCompletionSource();
        var invocationsOnA = 0;
        ledger.AfterEffect = (_, host) =>
        {
            // Host A dies in the crash window of its 250th item: the effect is stored, Done is not.
            if (host == "A" && Interlocked.Increment(ref invocationsOnA) == KillAtInvocation)
            {
                dyingStore.Kill();
                killed.TrySetResult();
            }
        };

        using var a = await StartHostAsync("A", dyingStore);
        using var b = await StartHostAsync("B", OpenStore());
        await killed.Task.WaitAsync(deadline.Token);
        output.WriteLine($"A died after {watch.Elapsed} with {ledger.EffectsApplied} effects stored");
        await a.StopAsync(new CancellationToken(canceled: true));
        using var restarted = await StartHostAsync("C", OpenStore());

        var statuses = await WaitUntilAllFinishedAsync(deadline.Token);
        output.WriteLine($"all finished after {watch.Elapsed}");
        await b.StopAsync(deadline.Token);
        await restarted.StopAsync(deadline.Token);

        // None lost: every item is Done and has its effect.
        Assert.All(statuses, s => Assert.Equal(ScheduledWorkState.Done, s.State));
        var effects = await WorkLedger.StoredEffectsAsync(OpenStore());
        Assert.Equal(Items, effects.Count);
        Assert.Equal(Items, effects.Distinct().Count());

        // None twice: no item ever had two live holders, and an item ran again only after a run that did not end in Done
        // (cut off by A's death, or timed out on this busy machine). Items A held when it died were taken over.
        var byItem = ledger.Invocations.GroupBy(i => i.ItemId).ToDictionary(g => g.Key, g => g.OrderBy(i => i.StartSequence).ToList());
        Assert.Equal(Items, byItem.Count);
        var rerun = byItem.Values.Where(runs => runs.Count > 1).ToList();
        Assert.All(rerun, runs =>
        {
            for (var i = 1; i < runs.Count; i++)
            {
                Assert.True(runs[i - 1].EndSequence < runs[i].StartSequence, $"Item {runs[0].ItemId} had two live holders at once.");
                Assert.True(runs[i - 1].Host == "A" || runs[i - 1].Outcome is not DoneOutcome, $"Item {runs[0].ItemId} ran again after a survivor finished it.");
            }
        });
        Assert.Contains(rerun, runs => runs[0].Host == "A" && runs[^1].Host != "A");
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

    /// <summary>On a timeout: what the unfinished items' rows say, so a failure explains itself.</summary>
    private async Task DescribeUnfinishedAsync(List<string> ids)
    {
        var table = await OpenStore().GetTableAsync(ScheduledWorkTable.TableName);
        output.WriteLine($"cursor: {string.Join(", ", (await table.GetAsync("cursor", "due"))?.Properties ?? new Dictionary<string, object?>())}; effects {ledger.EffectsApplied}");
        foreach (var id in ids)
        {
            var item = await table.GetAsync(ScheduledWorkTable.ItemPartition(id), "item");
            var due = item is null ? null : await table.GetAsync(item.GetString("DuePartition")!, item.GetString("DueRow")!);
            output.WriteLine($"{id}: {string.Join(", ", item?.Properties.Where(p => p.Key != "Payload") ?? [])}; due row exists: {due is not null}; runs: {string.Join(" ", ledger.Invocations.Where(i => i.ItemId == id).Select(i => $"{i.Host}/{i.Attempt}/{i.Outcome?.GetType().Name}"))}");
        }
    }

    /// <summary>Reads every item back until all are finished; returns their statuses.</summary>
    private async Task<List<ScheduledWorkStatus>> WaitUntilAllFinishedAsync(CancellationToken cancellationToken)
    {
        await using var reader = SchedulerHarness.Create(OpenStore(), TimeProvider.System, ledger, "reader");
        var finished = new System.Collections.Concurrent.ConcurrentDictionary<string, ScheduledWorkStatus>();
        var ids = Enumerable.Range(0, Items).Select(i => $"item-{i:D5}").ToList();
        using var stuck = cancellationToken.Register(() => _ = DescribeUnfinishedAsync(ids.Where(id => !finished.ContainsKey(id) && !ledger.Invocations.Any(i => i.ItemId == id && i.Outcome is DoneOutcome)).Take(3).ToList()));
        while (finished.Count < Items)
        {
            // Cheap wait first. An insert that reached storage as A died counts on neither side of the ledger until its
            // item's second run finds it, so storage, not the ledger, says when all are done.
            while (ledger.EffectsApplied + ledger.DuplicatesSuppressed < Items)
            {
                await Task.Delay(200, cancellationToken);
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
            await Task.Delay(200, cancellationToken);
        }

        return [.. finished.Values];
    }
}
