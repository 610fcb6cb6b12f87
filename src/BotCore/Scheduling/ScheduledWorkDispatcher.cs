using System.Collections.Concurrent;
using BotCore.Connector;
using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static BotCore.Scheduling.ScheduledWorkTable;

namespace BotCore.Scheduling;

/// <summary>
/// Finds due items, claims each with an ETag-conditional write of a lease on its item row, runs its handler and stores the
/// outcome under the same ETag. The claim protocol and why each item's effect happens once are in README.md.
/// </summary>
public sealed partial class ScheduledWorkDispatcher
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly ScheduledWorkTable table;
    private readonly ScheduledWorkKinds kinds;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly ScheduledWorkOptions options;
    private readonly ILogger logger;
    private readonly SlidingWindowPacer pacer;
    private readonly ThrottleGate throttle;
    private readonly SemaphoreSlim slots;
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly ConcurrentDictionary<string, byte> inFlight = new(StringComparer.Ordinal);
    // Items another instance holds, until their lease ends: not worth a read on every look.
    private readonly ConcurrentDictionary<string, DateTimeOffset> heldElsewhere = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> unknownKindsLogged = new(StringComparer.Ordinal);

    internal ScheduledWorkDispatcher(
        ScheduledWorkTable table,
        ScheduledWorkKinds kinds,
        IServiceScopeFactory scopes,
        TimeProvider time,
        IOptions<ScheduledWorkOptions> options,
        ILogger<ScheduledWorkDispatcher> logger)
    {
        this.table = table;
        this.kinds = kinds;
        this.scopes = scopes;
        this.time = time;
        this.options = options.Value;
        this.logger = logger;
        pacer = new SlidingWindowPacer(time, (TimeSpan.FromSeconds(1), this.options.MaxItemsPerSecondPerPacingKey));
        throttle = new ThrottleGate(time, this.options.ThrottleBackoff, this.options.MaxThrottleBackoff);
        slots = new SemaphoreSlim(this.options.MaxConcurrency, this.options.MaxConcurrency);
    }

    /// <summary>Identifies this process's leases in storage (diagnostics only: ETags, not owners, decide who holds an item).</summary>
    public string InstanceId { get; } = $"{Environment.MachineName[..Math.Min(32, Environment.MachineName.Length)]}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>
    /// Runs, once each, the items due up to <paramref name="cutoff"/> (which may be in the future: Development's "run now")
    /// that no other holder has, and returns what happened. Outcomes are stored as in normal dispatch; an item retried to a
    /// time before the cutoff waits for the next pass.
    /// </summary>
    public async Task<DueWorkRun> RunDueNowAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = await ScanAsync(cutoff, now, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var results = new ConcurrentBag<RunResult>();
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                if (!inFlight.TryAdd(entry.ItemId, 0))
                {
                    results.Add(RunResult.Skipped);
                    return;
                }

                try
                {
                    results.Add(await ProcessAsync(entry, token).ConfigureAwait(false));
                }
                catch (StorageException e)
                {
                    LogItemStorageFailure(logger, entry.ItemId, entry.Kind, e.Kind);
                    results.Add(RunResult.Skipped);
                }
                finally
                {
                    inFlight.TryRemove(entry.ItemId, out _);
                }
            }).ConfigureAwait(false);

        return new DueWorkRun(
            due.Count,
            results.Count(r => r == RunResult.Done),
            results.Count(r => r == RunResult.Retried),
            results.Count(r => r == RunResult.Throttled),
            results.Count(r => r == RunResult.Failed),
            results.Count(r => r is RunResult.Skipped or RunResult.Released));
    }

    /// <summary>Ends the current idle wait early (work due soon was just scheduled in this process).</summary>
    internal void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>The background loop: keeps up to MaxConcurrency items running; looks again every PollInterval when idle.</summary>
    internal async Task RunAsync(CancellationToken stoppingToken)
    {
        var running = new ConcurrentDictionary<Task, byte>();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                slots.Release();

                var now = time.GetUtcNow();
                var batch = await ScanAsync(now, now, options.BatchSize, stoppingToken).ConfigureAwait(false);
                failures = 0;

                // Instances read buckets in the same order; shuffling spreads them over different items.
                var shuffled = batch.ToArray();
                Random.Shared.Shuffle(shuffled);
                foreach (var entry in shuffled)
                {
                    await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                    if (!inFlight.TryAdd(entry.ItemId, 0))
                    {
                        slots.Release();
                        continue;
                    }

                    var task = RunOneAsync(entry, stoppingToken);
                    running.TryAdd(task, 0);
                    _ = task.ContinueWith(t => running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                // A short batch was everything due: wait for the next look instead of reading the same rows again.
                if (batch.Count < options.BatchSize)
                {
                    await IdleAsync(options.PollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The loop must outlive any failure to look: a BackgroundService that throws stops the host.
                failures++;
                LogLookFailed(logger, e is StorageException storage ? storage.Kind.ToString() : e.GetType().Name, failures);
                var backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, options.PollInterval.Ticks << Math.Min(failures, 10)));
                try
                {
                    await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        // Running handlers saw the same token: they stop, and their leases are handed back (or expire if the store is gone).
        await Task.WhenAll(running.Keys).ConfigureAwait(false);
    }

    private async Task RunOneAsync(DueEntry entry, CancellationToken stoppingToken)
    {
        try
        {
            await ProcessAsync(entry, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (StorageException e)
        {
            // The lease (if taken) expires and the item is picked up again.
            LogItemStorageFailure(logger, entry.ItemId, entry.Kind, e.Kind);
        }
        finally
        {
            inFlight.TryRemove(entry.ItemId, out _);
            slots.Release();
        }
    }

    private async Task IdleAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(interval, time, stop.Token);
        var woken = wake.WaitAsync(stop.Token);
        await Task.WhenAny(delay, woken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Due rows eligible by <paramref name="cutoff"/>, earliest first, skipping items running here, held elsewhere, of unknown
    /// kinds or paused by a 429. Moves the cursor past leading buckets that are empty and ended well before now.
    /// </summary>
    private async Task<List<DueEntry>> ScanAsync(DateTimeOffset cutoff, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        foreach (var (id, until) in heldElsewhere)
        {
            if (until <= now)
            {
                heldElsewhere.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, until));
            }
        }

        var (cursor, cursorETag) = await table.ReadCursorAsync(cancellationToken).ConfigureAwait(false);
        var last = Bucket(cutoff);
        var found = new List<DueEntry>();
        string? advanceTo = null;
        var leadingEmpty = true;
        // Rows of items running here or held elsewhere come first and are skipped, so a page holds a little more than asked.
        var pageSize = (int)Math.Min(1000, (long)limit + inFlight.Count + heldElsewhere.Count);
        for (var bucket = cursor; string.CompareOrdinal(bucket, last) <= 0 && found.Count < limit; bucket = NextBucket(bucket))
        {
            var any = false;
            var pastCutoff = false;
            await foreach (var entry in table.QueryBucketAsync(bucket, pageSize, cancellationToken).ConfigureAwait(false))
            {
                any = true;
                if (entry.EligibleAt > cutoff)
                {
                    pastCutoff = true;
                    break;
                }

                if (Wanted(entry))
                {
                    found.Add(entry);
                    if (found.Count >= limit)
                    {
                        break;
                    }
                }
            }

            if (leadingEmpty && !any && BucketStart(bucket).AddHours(1) <= now - WatermarkMargin)
            {
                advanceTo = NextBucket(bucket);
            }
            else
            {
                leadingEmpty = false;
            }

            if (pastCutoff)
            {
                break;
            }
        }

        if (advanceTo is not null)
        {
            await table.AdvanceCursorAsync(advanceTo, cursorETag, cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    private bool Wanted(DueEntry entry)
    {
        if (inFlight.ContainsKey(entry.ItemId) || heldElsewhere.ContainsKey(entry.ItemId) || throttle.IsPaused(entry.PacingKey))
        {
            return false;
        }

        if (!kinds.Contains(entry.Kind))
        {
            if (unknownKindsLogged.TryAdd(entry.Kind, 0))
            {
                LogUnknownKind(logger, entry.Kind);
            }

            return false;
        }

        return true;
    }

    private async Task<RunResult> ProcessAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        if (entry.PacingKey is { } pacingKey)
        {
            await pacer.WaitForTurnAsync(pacingKey, cancellationToken).ConfigureAwait(false);
        }

        if (throttle.IsPaused(entry.PacingKey))
        {
            return RunResult.Skipped;
        }

        var item = await table.GetItemAsync(entry.ItemId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (item is null || !item.Points(entry))
        {
            // Left by a crash between two writes, or by a move the item made since: the item row decides.
            await table.DeleteDueAsync(entry, cancellationToken).ConfigureAwait(false);
            return RunResult.Skipped;
        }

        if (item.State != ScheduledWorkState.Pending)
        {
            // A finished item's due row is its purge date; "run now" never purges early.
            if (entry.EligibleAt <= now)
            {
                await PurgeAsync(item, entry, cancellationToken).ConfigureAwait(false);
            }

            return RunResult.Skipped;
        }

        if (item.IsLeasedAt(now))
        {
            heldElsewhere[item.Id] = item.LeaseExpiresAt!.Value;
            return RunResult.Skipped;
        }

        var attempt = item.Attempts + 1;
        if (attempt > options.MaxAttempts)
        {
            // The last holder died or timed out on the last attempt.
            return await FinishAsync(item, item.ETag!, entry, ScheduledWorkState.Failed, "MaxAttemptsReached", cancellationToken).ConfigureAwait(false);
        }

        var claimed = item with { Attempts = attempt, LeaseOwner = InstanceId, LeaseExpiresAt = now + options.LeaseDuration };
        string claimETag;
        try
        {
            claimETag = await table.ReplaceItemAsync(claimed, item.ETag!, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            heldElsewhere[item.Id] = now + options.LeaseDuration;
            return RunResult.Skipped;
        }

        using var telemetry = Telemetry.ScheduledWorkTelemetry.Start(claimed.Kind, attempt, now - claimed.DueAt);
        var outcome = await RunHandlerAsync(claimed, cancellationToken).ConfigureAwait(false);
        telemetry.Finished(outcome);
        if (outcome is null)
        {
            await ReleaseAsync(claimed, claimETag).ConfigureAwait(false);
            return RunResult.Released;
        }

        now = time.GetUtcNow();
        switch (outcome)
        {
            case DoneOutcome:
                throttle.Succeeded(item.PacingKey);
                return await FinishAsync(claimed, claimETag, entry, ScheduledWorkState.Done, null, cancellationToken).ConfigureAwait(false);
            case FailedOutcome failed:
                throttle.Succeeded(item.PacingKey);
                LogFailed(logger, item.Id, item.Kind, failed.ReasonCode);
                return await FinishAsync(claimed, claimETag, entry, ScheduledWorkState.Failed, failed.ReasonCode, cancellationToken).ConfigureAwait(false);
            case ThrottledOutcome throttled:
                var resumeAt = throttle.Throttled(item.PacingKey, throttled.RetryAfter);
                LogThrottled(logger, item.Id, item.Kind, resumeAt);
                // A 429 says nothing about the item, so it does not spend an attempt.
                return await MoveAsync(claimed with { Attempts = attempt - 1 }, claimETag, entry, resumeAt, RunResult.Throttled, cancellationToken).ConfigureAwait(false);
            case RetryOutcome retry when attempt >= options.MaxAttempts:
                LogFailed(logger, item.Id, item.Kind, retry.ReasonCode);
                return await FinishAsync(claimed, claimETag, entry, ScheduledWorkState.Failed, "MaxAttemptsReached", cancellationToken).ConfigureAwait(false);
            case RetryOutcome retry:
                throttle.Succeeded(item.PacingKey);
                LogRetry(logger, item.Id, item.Kind, retry.ReasonCode, attempt);
                return await MoveAsync(claimed with { ReasonCode = retry.ReasonCode }, claimETag, entry, retry.When, RunResult.Retried, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>The handler's outcome; a throw or timeout becomes a retry with back-off; null when the host is stopping.</summary>
    private async Task<WorkOutcome?> RunHandlerAsync(StoredItem item, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(options.HandlerTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        var workItem = new ScheduledWorkItem(item.Id, item.Kind, item.Payload, item.DueAt, item.Attempts, item.PacingKey);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredKeyedService<IScheduledWorkHandler>(item.Kind);
            return await handler.HandleAsync(workItem, linked.Token).ConfigureAwait(false)
                ?? WorkOutcome.RetryAt(time.GetUtcNow() + RetryDelay(item.Attempts), "HandlerReturnedNoOutcome");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return WorkOutcome.RetryAt(time.GetUtcNow() + RetryDelay(item.Attempts), "HandlerTimedOut");
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The type only: exception messages can carry data the logs must not.
            LogHandlerThrew(logger, item.Id, item.Kind, e.GetType().Name);
            return WorkOutcome.RetryAt(time.GetUtcNow() + RetryDelay(item.Attempts), "HandlerException");
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var ticks = options.RetryBaseDelay.Ticks << Math.Min(attempt - 1, 20);
        return TimeSpan.FromTicks(Math.Min(ticks, options.RetryMaxDelay.Ticks));
    }

    /// <summary>Stores a final state and files the item's purge date as its due row.</summary>
    private async Task<RunResult> FinishAsync(StoredItem item, string ifMatch, DueEntry entry, ScheduledWorkState state, string? reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purge = await table.InsertDueAsync(item.Id, item.Kind, item.PacingKey, now + options.CompletedRetention, entry, cancellationToken).ConfigureAwait(false);
        var finished = item.Released().PointingAt(purge) with { State = state, FinishedAt = now, ReasonCode = reason };
        if (!await TryReplaceAsync(finished, ifMatch, cancellationToken).ConfigureAwait(false))
        {
            return RunResult.Skipped;
        }

        await table.DeleteDueAsync(entry, cancellationToken).ConfigureAwait(false);
        return state == ScheduledWorkState.Done ? RunResult.Done : RunResult.Failed;
    }

    /// <summary>Hands the item back, due again at <paramref name="at"/>.</summary>
    private async Task<RunResult> MoveAsync(StoredItem item, string ifMatch, DueEntry entry, DateTimeOffset at, RunResult result, CancellationToken cancellationToken)
    {
        var next = await table.InsertDueAsync(item.Id, item.Kind, item.PacingKey, at, entry, cancellationToken).ConfigureAwait(false);
        if (!await TryReplaceAsync(item.Released().PointingAt(next), ifMatch, cancellationToken).ConfigureAwait(false))
        {
            return RunResult.Skipped;
        }

        await table.DeleteDueAsync(entry, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>On shutdown: gives the item back at once, attempt refunded, so another instance need not wait for the lease.</summary>
    private async Task ReleaseAsync(StoredItem claimed, string ifMatch)
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout, time);
        try
        {
            await TryReplaceAsync(claimed.Released() with { Attempts = claimed.Attempts - 1 }, ifMatch, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StorageException or OperationCanceledException)
        {
            // The lease expires instead.
        }
    }

    private async Task<bool> TryReplaceAsync(StoredItem item, string ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await table.ReplaceItemAsync(item, ifMatch, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageException e) when (e.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            // Our lease ran out and another holder took the item: its outcome stands, and the handler's idempotency by item
            // id kept the effect single.
            LogLeaseLost(logger, item.Id, item.Kind);
            return false;
        }
    }

    private async Task PurgeAsync(StoredItem item, DueEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteItemAsync(item.Id, item.ETag!, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Conflict)
        {
            return;
        }

        await table.DeleteDueAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    private enum RunResult
    {
        Done,
        Retried,
        Throttled,
        Failed,
        Skipped,
        Released,
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Looking for scheduled work failed ({Failure}, {Failures} in a row); backing off")]
    private static partial void LogLookFailed(ILogger logger, string failure, int failures);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Scheduled work {ItemId} ({Kind}): storage failed ({ErrorKind}); its lease will expire and it runs again")]
    private static partial void LogItemStorageFailure(ILogger logger, string itemId, string kind, StorageErrorKind errorKind);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Scheduled work of kind {Kind} has no handler in this instance; left for an instance that has one")]
    private static partial void LogUnknownKind(ILogger logger, string kind);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Scheduled work {ItemId} ({Kind}) failed: {ReasonCode}")]
    private static partial void LogFailed(ILogger logger, string itemId, string kind, string reasonCode);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Scheduled work {ItemId} ({Kind}) throttled; its pacing key resumes at {ResumeAt:o}")]
    private static partial void LogThrottled(ILogger logger, string itemId, string kind, DateTimeOffset resumeAt);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "Scheduled work {ItemId} ({Kind}) will be retried ({ReasonCode}, attempt {Attempt})")]
    private static partial void LogRetry(ILogger logger, string itemId, string kind, string reasonCode, int attempt);

    [LoggerMessage(EventId = 306, Level = LogLevel.Error, Message = "Scheduled work {ItemId} ({Kind}): the handler threw {ExceptionType}")]
    private static partial void LogHandlerThrew(ILogger logger, string itemId, string kind, string exceptionType);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Scheduled work {ItemId} ({Kind}): the lease ran out before the outcome was stored; another holder has it")]
    private static partial void LogLeaseLost(ILogger logger, string itemId, string kind);
}
