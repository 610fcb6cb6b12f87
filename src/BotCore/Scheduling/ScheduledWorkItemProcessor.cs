using BotCore.Connector;
using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static BotCore.Scheduling.ScheduledWorkTable;

namespace BotCore.Scheduling;

/// <summary>
/// Runs one due item the dispatcher found: waits for its pacing key's turn, claims it, runs its handler and stores the
/// outcome. What it guarantees (README.md, "Claim protocol"):
/// <list type="bullet">
/// <item>A lease by ETag: the claim replaces the item row conditional on the ETag just read, so of any number of
/// instances that read the same version exactly one holds the item; the others skip it until its lease ends.</item>
/// <item>Exactly-once finish: the outcome is written with the claim's ETag, so a holder whose lease ran out and was
/// taken over stores nothing ("lease lost"); every move files the new due row before the item and deletes the old one
/// after, so a crash leaves at worst a stale hint.</item>
/// <item>Back-off: a handler that throws, times out (<see cref="ScheduledWorkOptions.HandlerTimeout"/>) or returns no
/// outcome is retried after <see cref="ScheduledWorkOptions.RetryBaseDelay"/>, doubling up to
/// <see cref="ScheduledWorkOptions.RetryMaxDelay"/>; after <see cref="ScheduledWorkOptions.MaxAttempts"/> it fails with
/// MaxAttemptsReached. A 429 pauses the pacing key and re-files the item without spending an attempt.</item>
/// <item>Refund on shutdown: a handler cancelled because the host is stopping hands its item back at once, attempt
/// refunded, instead of leaving it to the lease.</item>
/// </list>
/// It logs under the dispatcher's category, so log filters and event ids are those of <see cref="ScheduledWorkDispatcher"/>.
/// </summary>
internal sealed partial class ScheduledWorkItemProcessor
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly ScheduledWorkTable table;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly ScheduledWorkOptions options;
    private readonly ThrottleGate throttle;
    private readonly string instanceId;
    private readonly Action<string, DateTimeOffset> noteHeldElsewhere;
    private readonly ILogger logger;
    private readonly SlidingWindowPacer pacer;

    /// <param name="throttle">The dispatcher's back-off, which its scan also consults.</param>
    /// <param name="instanceId">Written as the lease owner (diagnostics only).</param>
    /// <param name="noteHeldElsewhere">Told the item id and until when another instance holds an item, so scans skip it.</param>
    public ScheduledWorkItemProcessor(
        ScheduledWorkTable table,
        IServiceScopeFactory scopes,
        TimeProvider time,
        ScheduledWorkOptions options,
        ThrottleGate throttle,
        string instanceId,
        Action<string, DateTimeOffset> noteHeldElsewhere,
        ILogger logger)
    {
        this.table = table;
        this.scopes = scopes;
        this.time = time;
        this.options = options;
        this.throttle = throttle;
        this.instanceId = instanceId;
        this.noteHeldElsewhere = noteHeldElsewhere;
        this.logger = logger;
        pacer = new SlidingWindowPacer(time, (TimeSpan.FromSeconds(1), options.MaxItemsPerSecondPerPacingKey));
    }

    /// <summary>
    /// Claims and runs the item behind <paramref name="entry"/> if it is still pending there and nobody holds it, and stores
    /// what came of it. Storage failures other than a lost ETag race propagate: a lease taken by then simply expires.
    /// </summary>
    public async Task<RunResult> ProcessAsync(DueEntry entry, CancellationToken cancellationToken)
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
            noteHeldElsewhere(item.Id, item.LeaseExpiresAt!.Value);
            return RunResult.Skipped;
        }

        var attempt = item.Attempts + 1;
        if (attempt > options.MaxAttempts)
        {
            // The last holder died or timed out on the last attempt.
            return await FinishAsync(item, item.ETag!, entry, ScheduledWorkState.Failed, "MaxAttemptsReached", cancellationToken).ConfigureAwait(false);
        }

        var claimed = item with { Attempts = attempt, LeaseOwner = instanceId, LeaseExpiresAt = now + options.LeaseDuration };
        string claimETag;
        try
        {
            claimETag = await table.ReplaceItemAsync(claimed, item.ETag!, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            noteHeldElsewhere(item.Id, now + options.LeaseDuration);
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

    /// <summary>What one <see cref="ProcessAsync"/> came to, counted by "run now".</summary>
    internal enum RunResult
    {
        Done,
        Retried,
        Throttled,
        Failed,
        Skipped,
        Released,
    }

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
