using System.Collections.Concurrent;
using BotCore.Scheduling;
using BotCore.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Scheduling;

/// <summary>
/// A 429 storm on one tenant: the dispatcher pauses that tenant (longer while 429s keep coming), spends no attempts on
/// throttled runs, keeps serving other tenants, paces each tenant, and loses nothing. SQLite and a fake clock, so every
/// assertion is on counts and on the fake clock's order of events, never on wall-clock time.
/// </summary>
public sealed class ThrottleStormTests : IDisposable
{
    private const int MaxConcurrency = 4;
    private const int PerSecond = 10;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Storm = TimeSpan.FromSeconds(60);

    private readonly string directory = Directory.CreateTempSubdirectory("botcore-storm-").FullName;
    private readonly FakeTimeProvider clock = new(Start);
    private readonly WorkLedger ledger = new();
    private readonly SqliteTableStore store;

    public ThrottleStormTests() => store = new SqliteTableStore(Path.Combine(directory, "store.db"), TimeProvider.System);

    [Fact]
    public async Task A_429_storm_pauses_its_tenant_without_losing_or_repeating_work_and_other_tenants_keep_going()
    {
        await using var instance = SchedulerHarness.Create(store, clock, ledger, settings: new Dictionary<string, string?>
        {
            ["Scheduler:MaxConcurrency"] = MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scheduler:MaxItemsPerSecondPerPacingKey"] = PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scheduler:ThrottleBackoff"] = "00:00:05",
            ["Scheduler:MaxThrottleBackoff"] = "00:00:40",
        });
        var runs = new ConcurrentQueue<(string Tenant, DateTimeOffset At, bool Throttled)>();
        ledger.Script = (item, _, _) =>
        {
            var now = clock.GetUtcNow();
            var throttled = item.PacingKey == "tenant-a" && now < Start + Storm;
            runs.Enqueue((item.PacingKey!, now, throttled));
            return Task.FromResult(throttled ? WorkOutcome.Throttled(TimeSpan.FromSeconds(2)) : WorkOutcome.Done);
        };
        var ids = new List<string>();
        for (var i = 0; i < 160; i++)
        {
            var tenant = i < 120 ? "tenant-a" : "tenant-b";
            ids.Add($"{tenant}-reminder-{i}");
            await instance.Scheduler.ScheduleAsync(ids[^1], WorkLedger.Kind, Start, new { Index = i }, tenant);
        }

        for (var pass = 0; pass < 400 && ledger.EffectsApplied < ids.Count; pass++)
        {
            await DriveAsync(instance.Dispatcher.RunDueNowAsync(clock.GetUtcNow()));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // Nothing lost, nothing twice, no attempt spent on a 429.
        Assert.Equal(ids.Order(), (await WorkLedger.StoredEffectsAsync(store)).Order());
        foreach (var id in ids)
        {
            var status = await instance.Scheduler.GetAsync(id);
            Assert.Equal((ScheduledWorkState.Done, 1), (status!.State, status.Attempts));
        }

        // The storm was met with pauses: a few bursts of at most MaxConcurrency throttled runs each (5 s, 10 s, 20 s, 40 s
        // apart), where without them every pass would have tried all 120 items.
        var throttled = runs.Count(r => r.Throttled);
        Assert.InRange(throttled, 1, MaxConcurrency * 5);

        // The other tenant was not held up by the storm.
        Assert.All(runs.Where(r => r.Tenant == "tenant-b"), r => Assert.True(r.At < Start + Storm));

        // After the storm the tenant is paced: 120 items at 10 a second take at least 11 s of the clock.
        var done = runs.Where(r => r.Tenant == "tenant-a" && !r.Throttled).Select(r => r.At).Order().ToList();
        Assert.Equal(120, done.Count);
        Assert.True(done[^1] - done[0] >= TimeSpan.FromSeconds(10), $"120 items ran within {done[^1] - done[0]}.");
    }

    public void Dispose()
    {
        store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Lets the fake clock run while a pass waits for its pacing turn.</summary>
    private async Task DriveAsync(Task pass)
    {
        while (!pass.IsCompleted)
        {
            await Task.Delay(1);
            if (!pass.IsCompleted)
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        await pass;
    }
}
