using System.Collections.Concurrent;
using BotCore.Scheduling;
using BotCore.Storage;

namespace BotCore.Tests.Scheduling;

/// <summary>
/// What the test handler did, across every host of a test: each invocation in order (a global sequence number at its
/// start and end), and each effect. The effect is what a real handler does to stay exactly-once: an insert keyed by the
/// item id into the "Effects" table, where a second insert finds the first and is suppressed.
/// </summary>
public sealed class WorkLedger
{
    public const string Kind = "test-effect";
    public const string EffectsTable = "Effects";
    private const string EffectPartition = "effect";

    private long sequence;
    private int effectsApplied;
    private int duplicatesSuppressed;

    public ConcurrentQueue<Invocation> Invocations { get; } = new();

    /// <summary>Decides a run's outcome; null means Done. Runs before the effect.</summary>
    public Func<ScheduledWorkItem, string, CancellationToken, Task<WorkOutcome>>? Script { get; set; }

    /// <summary>Called after an effect was stored and before Done is returned: the crash window, where a test can kill its host.</summary>
    public Action<ScheduledWorkItem, string>? AfterEffect { get; set; }

    public int EffectsApplied => Volatile.Read(ref effectsApplied);

    public int DuplicatesSuppressed => Volatile.Read(ref duplicatesSuppressed);

    public int InvocationsOf(string id) => Invocations.Count(i => i.ItemId == id);

    internal Invocation Begin(ScheduledWorkItem item, string host)
    {
        var invocation = new Invocation(item.Id, host, item.Attempt, Interlocked.Increment(ref sequence));
        Invocations.Enqueue(invocation);
        return invocation;
    }

    internal void End(Invocation invocation, WorkOutcome? outcome)
    {
        invocation.Outcome = outcome;
        invocation.EndSequence = Interlocked.Increment(ref sequence);
    }

    internal async Task ApplyEffectAsync(ITableStore store, ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(EffectsTable, cancellationToken);
        try
        {
            await table.InsertAsync(new TableEntity(EffectPartition, TableKey.Escape(item.Id), new Dictionary<string, object?> { ["Attempt"] = item.Attempt }), cancellationToken);
            Interlocked.Increment(ref effectsApplied);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.AlreadyExists)
        {
            Interlocked.Increment(ref duplicatesSuppressed);
        }
    }

    /// <summary>The item ids with a stored effect, read back from storage.</summary>
    public static async Task<List<string>> StoredEffectsAsync(ITableStore store)
    {
        var table = await store.GetTableAsync(EffectsTable);
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await table.QueryAsync(EffectPartition, continuationToken: continuation);
            ids.AddRange(page.Entities.Select(e => TableKey.Unescape(e.RowKey)));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return ids;
    }

    public sealed class Invocation(string itemId, string host, int attempt, long startSequence)
    {
        public string ItemId { get; } = itemId;

        public string Host { get; } = host;

        public int Attempt { get; } = attempt;

        public long StartSequence { get; } = startSequence;

        public long? EndSequence { get; set; }

        public WorkOutcome? Outcome { get; set; }
    }
}

/// <summary>Which host a handler runs in.</summary>
public sealed record HostLabel(string Name);

/// <summary>The test handler: script, then the idempotent effect, then the crash-window hook.</summary>
public sealed class LedgerHandler(WorkLedger ledger, ITableStore store, HostLabel host) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var invocation = ledger.Begin(item, host.Name);
        try
        {
            var outcome = ledger.Script is { } script ? await script(item, host.Name, cancellationToken) : WorkOutcome.Done;
            if (outcome is DoneOutcome)
            {
                await ledger.ApplyEffectAsync(store, item, cancellationToken);
                ledger.AfterEffect?.Invoke(item, host.Name);
            }

            ledger.End(invocation, outcome);
            return outcome;
        }
        catch
        {
            ledger.End(invocation, null);
            throw;
        }
    }
}
