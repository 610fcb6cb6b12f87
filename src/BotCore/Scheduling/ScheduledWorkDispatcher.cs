using System.Collections.Concurrent;
using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static BotCore.Scheduling.ScheduledWorkTable;
using RunResult = BotCore.Scheduling.ScheduledWorkItemProcessor.RunResult;

namespace BotCore.Scheduling;

/// <summary>
/// Finds due items, claims each with an ETag-conditional write of a lease on its item row, runs its handler and stores the
/// outcome under the same ETag. The claim protocol and why each item's effect happens once are in README.md. This class
/// looks (the polling loop and the scan of due rows); <see cref="ScheduledWorkItemProcessor"/> handles each item it finds.
/// </summary>
public sealed partial class ScheduledWorkDispatcher
{
    private readonly ScheduledWorkTable table;
    private readonly ScheduledWorkKinds kinds;
    private readonly TimeProvider time;
    private readonly ScheduledWorkOptions options;
    private readonly ILogger logger;
    private readonly ThrottleGate throttle;
    private readonly ScheduledWorkItemProcessor processor;
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
        this.time = time;
        this.options = options.Value;
        this.logger = logger;
        throttle = new ThrottleGate(time, this.options.ThrottleBackoff, this.options.MaxThrottleBackoff);
        slots = new SemaphoreSlim(this.options.MaxConcurrency, this.options.MaxConcurrency);
        processor = new ScheduledWorkItemProcessor(
            table, scopes, time, this.options, throttle, InstanceId, (id, until) => heldElsewhere[id] = until, logger);
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
                    results.Add(await processor.ProcessAsync(entry, token).ConfigureAwait(false));
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
            await processor.ProcessAsync(entry, stoppingToken).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Looking for scheduled work failed ({Failure}, {Failures} in a row); backing off")]
    private static partial void LogLookFailed(ILogger logger, string failure, int failures);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Scheduled work {ItemId} ({Kind}): storage failed ({ErrorKind}); its lease will expire and it runs again")]
    private static partial void LogItemStorageFailure(ILogger logger, string itemId, string kind, StorageErrorKind errorKind);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Scheduled work of kind {Kind} has no handler in this instance; left for an instance that has one")]
    private static partial void LogUnknownKind(ILogger logger, string kind);
}
