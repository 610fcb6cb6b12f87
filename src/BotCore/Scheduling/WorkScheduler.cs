using System.Text.Json;
using System.Text.RegularExpressions;
using BotCore.Storage;
using Microsoft.Extensions.Options;

namespace BotCore.Scheduling;

/// <summary>
/// Stores work to be done later. Scheduling is idempotent by id: an id that exists (pending, or finished within
/// <see cref="ScheduledWorkOptions.CompletedRetention"/>) is kept as it is. Payloads carry ids only, never personal data:
/// they sit in storage for weeks and handlers read what they need when they run.
/// </summary>
public sealed class WorkScheduler
{
    /// <summary>Longest item id; escaped it still fits a row key with the due time in front.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Longest payload JSON, in characters. Ids only fit easily; a larger payload is a sign of data that belongs elsewhere.</summary>
    public const int MaxPayloadLength = 8192;

    private readonly ScheduledWorkTable table;
    private readonly ScheduledWorkKinds kinds;
    private readonly ScheduledWorkDispatcher dispatcher;
    private readonly TimeProvider time;
    private readonly ScheduledWorkOptions options;

    internal WorkScheduler(ScheduledWorkTable table, ScheduledWorkKinds kinds, ScheduledWorkDispatcher dispatcher, TimeProvider time, IOptions<ScheduledWorkOptions> options)
    {
        this.table = table;
        this.kinds = kinds;
        this.dispatcher = dispatcher;
        this.time = time;
        this.options = options.Value;
    }

    /// <summary>
    /// Stores an item of <paramref name="kind"/> to run at <paramref name="dueAt"/> (now if in the past), unless an item with
    /// <paramref name="id"/> already exists. <paramref name="pacingKey"/> (for example the tenant id) groups items that share
    /// a send limit.
    /// </summary>
    public async Task<ScheduleResult> ScheduleAsync<TPayload>(
        string id,
        string kind,
        DateTimeOffset dueAt,
        TPayload payload,
        string? pacingKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"A scheduled item id is at most {MaxIdLength} characters.", nameof(id));
        }

        if (!kinds.Contains(kind))
        {
            throw new ArgumentException($"No handler is registered for scheduled work of kind '{kind}'.", nameof(kind));
        }

        if (pacingKey is { Length: 0 or > 256 })
        {
            throw new ArgumentException("A pacing key is 1 to 256 characters.", nameof(pacingKey));
        }

        var json = JsonSerializer.Serialize(payload, ScheduledWorkJson.Options);
        if (json.Length > MaxPayloadLength)
        {
            throw new ArgumentException($"A scheduled item's payload is at most {MaxPayloadLength} characters of JSON; store ids, not data.", nameof(payload));
        }

        // The due row goes first: a crash between the two writes leaves a stale pointer (cleaned when met), never an item
        // that no due row leads to.
        var due = await table.InsertDueAsync(id, kind, pacingKey, dueAt, replaces: null, cancellationToken).ConfigureAwait(false);
        var item = new ScheduledWorkTable.StoredItem(
            id, kind, json, pacingKey, dueAt, ScheduledWorkState.Pending, Attempts: 0, LeaseOwner: null, LeaseExpiresAt: null,
            due.Partition, due.Row, FinishedAt: null, ReasonCode: null, ETag: null);
        try
        {
            await table.InsertItemAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.AlreadyExists)
        {
            return ScheduleResult.AlreadyExists;
        }

        if (due.EligibleAt <= time.GetUtcNow() + options.PollInterval)
        {
            dispatcher.Wake();
        }

        return ScheduleResult.Scheduled;
    }

    /// <summary>
    /// Stops a pending item that is not running now. False when there is no such item, it already finished, or a holder is
    /// running it at this moment (its handler decides; cancel again or make the handler check).
    /// </summary>
    public async Task<bool> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        while (true)
        {
            var item = await table.GetItemAsync(id, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (item is null || item.State != ScheduledWorkState.Pending || item.IsLeasedAt(now))
            {
                return false;
            }

            var current = new ScheduledWorkTable.DueEntry(item.DuePartition, item.DueRow, id, item.Kind, item.PacingKey, item.DueAt, ETag: null);
            var purge = await table.InsertDueAsync(id, item.Kind, item.PacingKey, now + options.CompletedRetention, current, cancellationToken).ConfigureAwait(false);
            var cancelled = item.Released().PointingAt(purge) with { State = ScheduledWorkState.Cancelled, FinishedAt = now, ReasonCode = "Cancelled" };
            try
            {
                await table.ReplaceItemAsync(cancelled, item.ETag!, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException e) when (e.Kind == StorageErrorKind.Conflict)
            {
                // Claimed or changed meanwhile: look again.
                continue;
            }

            await table.DeleteDueAsync(current, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>The stored item, or null if there is none (never scheduled, or finished and purged).</summary>
    public async Task<ScheduledWorkStatus?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var item = await table.GetItemAsync(id, cancellationToken).ConfigureAwait(false);
        return item?.ToStatus(time.GetUtcNow());
    }
}

/// <summary>The kinds that have a handler in this process.</summary>
internal sealed partial class ScheduledWorkKinds
{
    private readonly HashSet<string> kinds;

    public ScheduledWorkKinds(IEnumerable<ScheduledWorkKindRegistration> registrations)
    {
        kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (!kinds.Add(registration.Kind))
            {
                throw new InvalidOperationException($"Two handlers are registered for scheduled work of kind '{registration.Kind}'.");
            }
        }
    }

    public bool Contains(string kind) => kinds.Contains(kind);

    public static void Validate(string kind)
    {
        if (!KindPattern().IsMatch(kind))
        {
            throw new ArgumentException($"A scheduled work kind is 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit; '{kind}' is not.", nameof(kind));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex KindPattern();
}

internal sealed record ScheduledWorkKindRegistration(string Kind);
