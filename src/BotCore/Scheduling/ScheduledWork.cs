using System.Text.Json;

namespace BotCore.Scheduling;

/// <summary>
/// Runs the due items of one kind. Registered with <c>AddScheduledWorkHandler&lt;T&gt;(kind)</c>; resolved in a scope of its
/// own per item.
/// </summary>
/// <remarks>
/// An item's effect must be idempotent by <see cref="ScheduledWorkItem.Id"/>: the scheduler guarantees one live holder
/// at a time, but a holder can die after its effect and before its outcome is stored, and then the item runs again
/// after the lease expires. Record what was done under the item id (for example a "sent" row keyed by it) and check
/// it first. The token is cancelled when the host stops or the handler runs past <c>Scheduler:HandlerTimeout</c>,
/// which ends well before the lease does; stop then.
/// </remarks>
public interface IScheduledWorkHandler
{
    Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken);
}

/// <summary>A due item as a handler sees it.</summary>
/// <param name="Id">The caller's stable id; also the idempotency key of the item's effect.</param>
/// <param name="Payload">JSON written when the item was scheduled: ids only, never personal data.</param>
/// <param name="DueAt">When the caller asked for it to run.</param>
/// <param name="Attempt">1 on the first run; throttled runs are not counted.</param>
/// <param name="PacingKey">Whose send limits the item counts against (for example a tenant id), if any.</param>
public sealed record ScheduledWorkItem(string Id, string Kind, string Payload, DateTimeOffset DueAt, int Attempt, string? PacingKey)
{
    public T ReadPayload<T>() =>
        JsonSerializer.Deserialize<T>(Payload, ScheduledWorkJson.Options)
        ?? throw new JsonException($"The payload of scheduled work '{Kind}' is null.");
}

/// <summary>What became of a run. Use the factory members: <see cref="Done"/>, <see cref="RetryAt"/>, <see cref="Throttled"/>, <see cref="Failed"/>.</summary>
public abstract record WorkOutcome
{
    private protected WorkOutcome()
    {
    }

    /// <summary>The effect happened (or had already happened under this id). The item is finished.</summary>
    public static WorkOutcome Done { get; } = new DoneOutcome();

    /// <summary>A transient failure: run again at <paramref name="when"/>. Counts as an attempt; after the last attempt the item fails.</summary>
    public static WorkOutcome RetryAt(DateTimeOffset when, string reasonCode) => new RetryOutcome(when, reasonCode);

    /// <summary>
    /// The service said 429. The item runs again later without spending an attempt, and every item with the same pacing key
    /// waits at least <paramref name="retryAfter"/> (longer while 429s keep coming).
    /// </summary>
    public static WorkOutcome Throttled(TimeSpan? retryAfter = null) => new ThrottledOutcome(retryAfter);

    /// <summary>Permanently failed (for example the user blocked the bot); kept with the reason code and never run again.</summary>
    public static WorkOutcome Failed(string reasonCode) => new FailedOutcome(reasonCode);
}

public sealed record DoneOutcome : WorkOutcome;

public sealed record RetryOutcome(DateTimeOffset When, string ReasonCode) : WorkOutcome;

public sealed record ThrottledOutcome(TimeSpan? RetryAfter) : WorkOutcome;

public sealed record FailedOutcome(string ReasonCode) : WorkOutcome;

public enum ScheduledWorkState
{
    /// <summary>Waiting for its due time, running, or waiting to be retried.</summary>
    Pending,
    Done,
    Failed,
    Cancelled,
}

/// <summary>A stored item as the scheduler sees it.</summary>
public sealed record ScheduledWorkStatus(
    string Id,
    string Kind,
    ScheduledWorkState State,
    DateTimeOffset DueAt,
    int Attempts,
    bool IsLeased,
    DateTimeOffset? FinishedAt,
    string? ReasonCode);

public enum ScheduleResult
{
    Scheduled,
    /// <summary>An item with this id exists (pending or finished and not yet purged); it was kept unchanged.</summary>
    AlreadyExists,
}

/// <summary>What one pass over due work did (the Development "run now" returns it).</summary>
public sealed record DueWorkRun(int Found, int Done, int Retried, int Throttled, int Failed, int Skipped);

internal static class ScheduledWorkJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
