using BotCore.Scheduling;
using BotCore.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Scheduling;

/// <summary>
/// What the scheduler guarantees on every storage adapter. Each test has its own tables; the clock is fake, so "an hour
/// later" and "the lease has expired" are exact. Dispatch is driven one pass at a time with RunDueNowAsync(now).
/// </summary>
public abstract class ScheduledWorkContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 30, 0, TimeSpan.Zero);

    private readonly List<SchedulerHarness> harnesses = [];

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected WorkLedger Ledger { get; } = new();

    /// <summary>A store over this test's own tables; a second call opens the same tables afresh (a restarted process).</summary>
    protected abstract ITableStore OpenStore();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var harness in harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_item_runs_once_when_it_falls_due_and_is_kept_as_done()
    {
        var instance = Instance();
        await instance.Scheduler.ScheduleAsync("reminder-1", WorkLedger.Kind, Start.AddHours(1), new { SubjectId = "s-1" });

        var early = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromHours(1));
        var due = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        var again = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.Equal(0, early.Found);
        Assert.Equal(1, due.Done);
        Assert.Equal(0, again.Found);
        var status = await instance.Scheduler.GetAsync("reminder-1");
        Assert.Equal(ScheduledWorkState.Done, status!.State);
        Assert.Equal(1, status.Attempts);
        Assert.Equal(["reminder-1"], await WorkLedger.StoredEffectsAsync(OpenStore()));
        Assert.Equal(1, Ledger.InvocationsOf("reminder-1"));
    }

    [Fact]
    public async Task Scheduling_an_id_again_keeps_the_first_item_and_it_runs_once_even_after_it_is_done()
    {
        var instance = Instance();
        string? payloadSeen = null;
        Ledger.Script = (item, _, _) =>
        {
            payloadSeen = item.ReadPayload<Payload>().SubjectId;
            return Task.FromResult(WorkOutcome.Done);
        };

        var first = await instance.Scheduler.ScheduleAsync("digest-7", WorkLedger.Kind, Start, new Payload("s-1"));
        var second = await instance.Scheduler.ScheduleAsync("digest-7", WorkLedger.Kind, Start.AddMinutes(5), new Payload("s-2"));
        await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow().AddMinutes(10));
        var afterDone = await instance.Scheduler.ScheduleAsync("digest-7", WorkLedger.Kind, Start.AddMinutes(20), new Payload("s-3"));
        Clock.Advance(TimeSpan.FromHours(1));
        await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.Equal(ScheduleResult.Scheduled, first);
        Assert.Equal(ScheduleResult.AlreadyExists, second);
        Assert.Equal(ScheduleResult.AlreadyExists, afterDone);
        Assert.Equal("s-1", payloadSeen);
        Assert.Equal(1, Ledger.InvocationsOf("digest-7"));
    }

    [Fact]
    public async Task A_held_item_is_left_alone_until_its_lease_expires_then_taken_over_once_and_the_late_holder_loses()
    {
        var a = Instance("A");
        var b = Instance("B");
        var release = new TaskCompletionSource();
        // Host A hangs inside the handler (a process that stopped answering); B behaves.
        Ledger.Script = async (_, host, _) =>
        {
            if (host == "A")
            {
                await release.Task;
            }

            return WorkOutcome.Done;
        };
        await a.Scheduler.ScheduleAsync("invite-expiry-1", WorkLedger.Kind, Start, new { InvitationId = "i-1" });

        var aRun = a.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        await WaitUntilAsync(() => Ledger.InvocationsOf("invite-expiry-1") == 1);
        var whileHeld = await b.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromMinutes(2)); // the default lease
        var afterExpiry = await b.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        release.SetResult();
        var lateHolder = await aRun;

        Assert.Equal((1, 0), (whileHeld.Found, whileHeld.Done));
        Assert.Equal(1, afterExpiry.Done);
        Assert.Equal(0, lateHolder.Done);
        Assert.Equal(2, Ledger.InvocationsOf("invite-expiry-1"));
        Assert.Equal(1, Ledger.EffectsApplied);
        var status = await a.Scheduler.GetAsync("invite-expiry-1");
        Assert.Equal((ScheduledWorkState.Done, 2), (status!.State, status.Attempts));
    }

    [Fact]
    public async Task A_holder_that_dies_between_its_effect_and_storing_done_is_taken_over_and_the_effect_is_not_repeated()
    {
        var dyingStore = new KillableTableStore(OpenStore());
        var a = SchedulerHarness.Create(dyingStore, Clock, Ledger, "A");
        harnesses.Add(a);
        var b = Instance("B");
        Ledger.AfterEffect = (_, host) =>
        {
            if (host == "A")
            {
                dyingStore.Kill();
            }
        };
        await b.Scheduler.ScheduleAsync("checkin-9", WorkLedger.Kind, Start, new { });

        var dead = await a.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        var beforeLeaseEnds = await b.Dispatcher.RunDueNowAsync(Clock.GetUtcNow().AddMinutes(1));
        Clock.Advance(TimeSpan.FromMinutes(2));
        var takeover = await b.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.Equal(0, dead.Done);
        Assert.Equal(0, beforeLeaseEnds.Done);
        Assert.Equal(1, takeover.Done);
        Assert.Equal(["A", "B"], Ledger.Invocations.Select(i => i.Host));
        Assert.Equal((1, 1), (Ledger.EffectsApplied, Ledger.DuplicatesSuppressed));
        Assert.Equal(["checkin-9"], await WorkLedger.StoredEffectsAsync(OpenStore()));
        Assert.Equal(ScheduledWorkState.Done, (await b.Scheduler.GetAsync("checkin-9"))!.State);
    }

    [Fact]
    public async Task RetryAt_runs_the_item_again_at_that_time_and_counts_the_attempt()
    {
        var instance = Instance();
        Ledger.Script = (item, _, _) => Task.FromResult(item.Attempt == 1 ? WorkOutcome.RetryAt(Clock.GetUtcNow().AddMinutes(10), "Transient") : WorkOutcome.Done);
        await instance.Scheduler.ScheduleAsync("checkin-1", WorkLedger.Kind, Start, new { });

        var first = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        var pending = await instance.Scheduler.GetAsync("checkin-1");
        var tooEarly = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow().AddMinutes(9));
        Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.Equal(1, first.Retried);
        Assert.Equal((ScheduledWorkState.Pending, 1, "Transient"), (pending!.State, pending.Attempts, pending.ReasonCode));
        Assert.Equal(0, tooEarly.Found);
        Assert.Equal(1, second.Done);
        Assert.Equal([1, 2], Ledger.Invocations.Select(i => i.Attempt));
    }

    [Fact]
    public async Task A_handler_that_throws_is_retried_after_the_back_off()
    {
        var instance = Instance();
        Ledger.Script = (item, _, _) => item.Attempt == 1 ? throw new InvalidOperationException("synthetic") : Task.FromResult(WorkOutcome.Done);
        await instance.Scheduler.ScheduleAsync("checkin-2", WorkLedger.Kind, Start, new { });

        await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        var status = await instance.Scheduler.GetAsync("checkin-2");
        var beforeBackOff = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow().AddSeconds(29));
        Clock.Advance(TimeSpan.FromSeconds(30)); // RetryBaseDelay
        var after = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.Equal((ScheduledWorkState.Pending, "HandlerException"), (status!.State, status.ReasonCode));
        Assert.Equal(0, beforeBackOff.Found);
        Assert.Equal(1, after.Done);
    }

    [Fact]
    public async Task Failed_is_permanent_and_kept_with_its_reason_code()
    {
        var instance = Instance();
        Ledger.Script = (_, _, _) => Task.FromResult(WorkOutcome.Failed("RecipientBlocked"));
        await instance.Scheduler.ScheduleAsync("reminder-2", WorkLedger.Kind, Start, new { });

        var run = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromDays(1));
        var later = await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.Equal(1, run.Failed);
        Assert.Equal(0, later.Found);
        var status = await instance.Scheduler.GetAsync("reminder-2");
        Assert.Equal((ScheduledWorkState.Failed, "RecipientBlocked"), (status!.State, status.ReasonCode));
        Assert.Empty(await WorkLedger.StoredEffectsAsync(OpenStore()));
    }

    [Fact]
    public async Task Retries_stop_at_MaxAttempts_and_the_item_fails_with_MaxAttemptsReached()
    {
        var instance = Instance(settings: new() { ["Scheduler:MaxAttempts"] = "3" });
        Ledger.Script = (_, _, _) => Task.FromResult(WorkOutcome.RetryAt(Clock.GetUtcNow(), "Transient"));
        await instance.Scheduler.ScheduleAsync("reminder-3", WorkLedger.Kind, Start, new { });

        for (var pass = 0; pass < 5; pass++)
        {
            await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var status = await instance.Scheduler.GetAsync("reminder-3");
        Assert.Equal((ScheduledWorkState.Failed, "MaxAttemptsReached", 3), (status!.State, status.ReasonCode, status.Attempts));
        Assert.Equal(3, Ledger.InvocationsOf("reminder-3"));
    }

    [Fact]
    public async Task Items_scheduled_before_a_restart_run_after_it()
    {
        await using (var before = SchedulerHarness.Create(OpenStore(), Clock, Ledger, "before"))
        {
            for (var i = 0; i < 20; i++)
            {
                await before.Scheduler.ScheduleAsync($"checkin-{i}", WorkLedger.Kind, Start.AddMinutes(i), new { });
            }
        }

        Clock.Advance(TimeSpan.FromHours(3));
        var after = Instance("after");
        var run = await after.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.Equal(20, run.Done);
        Assert.Equal(20, (await WorkLedger.StoredEffectsAsync(OpenStore())).Count);
        Assert.All(Ledger.Invocations, i => Assert.Equal("after", i.Host));
    }

    [Fact]
    public async Task An_item_due_days_ahead_is_found_after_the_cursor_has_passed_the_empty_hours_before_it()
    {
        var instance = Instance();
        await instance.Scheduler.ScheduleAsync("weekly-1", WorkLedger.Kind, Start.AddDays(3).AddMinutes(7), new { });

        for (var hour = 0; hour < 3 * 24; hour += 5)
        {
            Clock.Advance(TimeSpan.FromHours(5));
            await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        }

        Assert.Equal(1, Ledger.InvocationsOf("weekly-1"));
        Assert.Equal(ScheduledWorkState.Done, (await instance.Scheduler.GetAsync("weekly-1"))!.State);
    }

    [Fact]
    public async Task A_cancelled_item_never_runs_and_a_finished_one_cannot_be_cancelled()
    {
        var instance = Instance();
        await instance.Scheduler.ScheduleAsync("invite-expiry-2", WorkLedger.Kind, Start.AddDays(1), new { });
        await instance.Scheduler.ScheduleAsync("invite-expiry-3", WorkLedger.Kind, Start, new { });
        await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.True(await instance.Scheduler.CancelAsync("invite-expiry-2"));
        Assert.False(await instance.Scheduler.CancelAsync("invite-expiry-3"));
        Assert.False(await instance.Scheduler.CancelAsync("never-scheduled"));
        Clock.Advance(TimeSpan.FromDays(2));
        await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        Assert.Equal(0, Ledger.InvocationsOf("invite-expiry-2"));
        Assert.Equal(ScheduledWorkState.Cancelled, (await instance.Scheduler.GetAsync("invite-expiry-2"))!.State);
    }

    [Fact]
    public async Task Finished_items_are_purged_after_the_retention_and_the_id_can_then_be_scheduled_again()
    {
        var instance = Instance(settings: new() { ["Scheduler:CompletedRetention"] = "1.00:00:00" });
        await instance.Scheduler.ScheduleAsync("digest-1", WorkLedger.Kind, Start, new { });
        await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());

        // "Run now" looks ahead but never purges before the retention is over.
        await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow().AddDays(2));
        var kept = await instance.Scheduler.GetAsync("digest-1");
        Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(1)));
        await instance.Dispatcher.RunDueNowAsync(Clock.GetUtcNow());
        var purged = await instance.Scheduler.GetAsync("digest-1");
        var again = await instance.Scheduler.ScheduleAsync("digest-1", WorkLedger.Kind, Clock.GetUtcNow(), new { });

        Assert.Equal(ScheduledWorkState.Done, kept!.State);
        Assert.Null(purged);
        Assert.Equal(ScheduleResult.Scheduled, again);
    }

    [Fact]
    public async Task Scheduling_refuses_a_kind_without_a_handler_and_a_payload_that_is_data_rather_than_ids()
    {
        var instance = Instance();

        await Assert.ThrowsAsync<ArgumentException>(() => instance.Scheduler.ScheduleAsync("x-1", "no-such-kind", Start, new { }));
        await Assert.ThrowsAsync<ArgumentException>(() => instance.Scheduler.ScheduleAsync("x-2", WorkLedger.Kind, Start, new { Notes = new string('n', 9000) }));
        Assert.Null(await instance.Scheduler.GetAsync("x-1"));
    }

    protected SchedulerHarness Instance(string host = "A", Dictionary<string, string?>? settings = null)
    {
        var harness = SchedulerHarness.Create(OpenStore(), Clock, Ledger, host, settings);
        harnesses.Add(harness);
        return harness;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed record Payload(string SubjectId);
}
