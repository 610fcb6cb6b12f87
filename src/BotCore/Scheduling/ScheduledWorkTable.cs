using System.Globalization;
using BotCore.Storage;

namespace BotCore.Scheduling;

/// <summary>
/// The "ScheduledWork" table. Three kinds of row (layout and reasoning in README.md):
/// <list type="bullet">
/// <item>item rows, <c>item-{escaped id}</c> / <c>item</c>: the authoritative state of one item, lease included;</item>
/// <item>due rows, <c>due-{yyyyMMddHH}</c> / <c>{yyyyMMddHHmmssfffffff}_{escaped id}</c>: an hour bucket of pointers sorted by
/// when the item becomes due, so finding due work is a scan of one or two small partitions;</item>
/// <item>the cursor, <c>cursor</c> / <c>due</c>: the oldest bucket that may still hold due rows.</item>
/// </list>
/// Due rows are hints: a row whose item no longer points at it is stale and is deleted when met.
/// </summary>
internal sealed class ScheduledWorkTable(ITableStore store, TimeProvider time)
{
    public const string TableName = "ScheduledWork";

    /// <summary>
    /// The cursor only passes an hour bucket that ended this long ago. Items are filed no earlier than the scheduling
    /// instance's current hour, so this covers clock skew between instances and a slow schedule call.
    /// </summary>
    public static readonly TimeSpan WatermarkMargin = TimeSpan.FromMinutes(5);

    private const string ItemPrefix = "item-";
    private const string ItemRowKey = "item";
    private const string DuePrefix = "due-";
    private const string CursorPartition = "cursor";
    private const string CursorRowKey = "due";
    private const string BucketFormat = "yyyyMMddHH";
    private const string DueRowFormat = "yyyyMMddHHmmssfffffff";

    private readonly SemaphoreSlim gate = new(1, 1);
    private ITable? table;

    public async ValueTask<ITable> TableAsync(CancellationToken cancellationToken)
    {
        if (table is not null)
        {
            return table;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (table is null)
            {
                var created = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
                await EnsureCursorAsync(created, cancellationToken).ConfigureAwait(false);
                table = created;
            }

            return table;
        }
        finally
        {
            gate.Release();
        }
    }

    public static string Bucket(DateTimeOffset at) => DuePrefix + at.UtcDateTime.ToString(BucketFormat, CultureInfo.InvariantCulture);

    public static string NextBucket(string bucket) => Bucket(BucketStart(bucket).AddHours(1));

    public static DateTimeOffset BucketStart(string bucket) =>
        new(DateTime.ParseExact(bucket.AsSpan(DuePrefix.Length), BucketFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static string ItemPartition(string id) => ItemPrefix + TableKey.Escape(id);

    public async Task<StoredItem?> GetItemAsync(string id, CancellationToken cancellationToken)
    {
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = await t.GetAsync(ItemPartition(id), ItemRowKey, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : StoredItem.From(id, entity);
    }

    public async Task<string> InsertItemAsync(StoredItem item, CancellationToken cancellationToken)
    {
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await t.InsertAsync(item.ToEntity(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the item only if it is unchanged since <paramref name="ifMatch"/>. Throws Conflict or NotFound otherwise.</summary>
    public async Task<string> ReplaceItemAsync(StoredItem item, string ifMatch, CancellationToken cancellationToken)
    {
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await t.ReplaceAsync(item.ToEntity(), ifMatch, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteItemAsync(string id, string ifMatch, CancellationToken cancellationToken)
    {
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        await t.DeleteAsync(ItemPartition(id), ItemRowKey, ifMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Files a due row for item <paramref name="id"/> at <paramref name="eligibleAt"/> (never before now, so it cannot land
    /// behind the cursor), distinct from the row it <paramref name="replaces"/>, which the caller deletes next. An existing
    /// identical row is kept.
    /// </summary>
    public async Task<DueEntry> InsertDueAsync(string id, string kind, string? pacingKey, DateTimeOffset eligibleAt, DueEntry? replaces, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (eligibleAt < now)
        {
            eligibleAt = now;
        }

        if (replaces is not null && eligibleAt <= replaces.EligibleAt)
        {
            eligibleAt = replaces.EligibleAt.AddTicks(1);
        }

        var entry = new DueEntry(Bucket(eligibleAt), eligibleAt.UtcDateTime.ToString(DueRowFormat, CultureInfo.InvariantCulture) + "_" + TableKey.Escape(id), id, kind, pacingKey, eligibleAt, ETag: null);
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var etag = await t.InsertAsync(entry.ToEntity(), cancellationToken).ConfigureAwait(false);
            entry = entry with { ETag = etag };
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.AlreadyExists)
        {
        }

        // The cursor passes only buckets that ended WatermarkMargin ago; a call that took half that since reading the clock
        // could meet a cursor already past its bucket, so it pulls the cursor back (always safe: only more is scanned).
        if (time.GetUtcNow() - now > WatermarkMargin / 2)
        {
            await LowerCursorAsync(entry.Partition, cancellationToken).ConfigureAwait(false);
        }

        return entry;
    }

    /// <summary>Deletes a due row if it is unchanged (any version when <see cref="DueEntry.ETag"/> is null); a missing row is fine.</summary>
    public async Task DeleteDueAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await t.DeleteAsync(entry.Partition, entry.Row, entry.ETag ?? "*", cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
        }
    }

    /// <summary>The cursor's bucket and ETag.</summary>
    public async Task<(string Bucket, string ETag)> ReadCursorAsync(CancellationToken cancellationToken)
    {
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        var cursor = await t.GetAsync(CursorPartition, CursorRowKey, cancellationToken).ConfigureAwait(false);
        if (cursor is null)
        {
            await EnsureCursorAsync(t, cancellationToken).ConfigureAwait(false);
            cursor = await t.GetAsync(CursorPartition, CursorRowKey, cancellationToken).ConfigureAwait(false)
                ?? throw new StorageException(StorageErrorKind.Unavailable, $"The {TableName} cursor vanished.");
        }

        return (cursor.GetString("Bucket")!, cursor.ETag!);
    }

    /// <summary>Moves the cursor forward if nobody changed it since it was read; a lost race leaves it where it is.</summary>
    public async Task AdvanceCursorAsync(string bucket, string ifMatch, CancellationToken cancellationToken)
    {
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await t.ReplaceAsync(CursorEntity(bucket), ifMatch, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
        }
    }

    /// <summary>A bucket's rows in due order, read <paramref name="pageSize"/> at a time as the caller reads on.</summary>
    public async IAsyncEnumerable<DueEntry> QueryBucketAsync(string bucket, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var t = await TableAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entity in t.QueryAllAsync(bucket, null, pageSize, cancellationToken).ConfigureAwait(false))
        {
            yield return DueEntry.From(entity);
        }
    }

    private async Task LowerCursorAsync(string bucket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (current, etag) = await ReadCursorAsync(cancellationToken).ConfigureAwait(false);
            if (string.CompareOrdinal(current, bucket) <= 0)
            {
                return;
            }

            var t = await TableAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await t.ReplaceAsync(CursorEntity(bucket), etag, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageException e) when (e.Kind == StorageErrorKind.Conflict)
            {
            }
        }
    }

    private async Task EnsureCursorAsync(ITable t, CancellationToken cancellationToken)
    {
        if (await t.GetAsync(CursorPartition, CursorRowKey, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            // Nothing can be filed before the current hour of any instance, give or take the margin.
            await t.InsertAsync(CursorEntity(Bucket(time.GetUtcNow() - WatermarkMargin)), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.AlreadyExists)
        {
        }
    }

    private static TableEntity CursorEntity(string bucket) =>
        new(CursorPartition, CursorRowKey, new Dictionary<string, object?> { ["Bucket"] = bucket });

    /// <summary>An item row. Lease fields are set while a holder runs it.</summary>
    internal sealed record StoredItem(
        string Id,
        string Kind,
        string Payload,
        string? PacingKey,
        DateTimeOffset DueAt,
        ScheduledWorkState State,
        int Attempts,
        string? LeaseOwner,
        DateTimeOffset? LeaseExpiresAt,
        string DuePartition,
        string DueRow,
        DateTimeOffset? FinishedAt,
        string? ReasonCode,
        string? ETag)
    {
        public bool IsLeasedAt(DateTimeOffset now) => LeaseExpiresAt is { } expiry && expiry > now;

        public bool Points(DueEntry entry) => DuePartition == entry.Partition && DueRow == entry.Row;

        public StoredItem PointingAt(DueEntry entry) => this with { DuePartition = entry.Partition, DueRow = entry.Row };

        public StoredItem Released() => this with { LeaseOwner = null, LeaseExpiresAt = null };

        public ScheduledWorkStatus ToStatus(DateTimeOffset now) =>
            new(Id, Kind, State, DueAt, Attempts, State == ScheduledWorkState.Pending && IsLeasedAt(now), FinishedAt, ReasonCode);

        public TableEntity ToEntity() => new(ItemPartition(Id), ItemRowKey, new Dictionary<string, object?>
        {
            ["Kind"] = Kind,
            ["Payload"] = Payload,
            ["PacingKey"] = PacingKey,
            ["DueAt"] = DueAt,
            ["State"] = State.ToString(),
            ["Attempts"] = Attempts,
            ["LeaseOwner"] = LeaseOwner,
            ["LeaseExpiresAt"] = LeaseExpiresAt,
            ["DuePartition"] = DuePartition,
            ["DueRow"] = DueRow,
            ["FinishedAt"] = FinishedAt,
            ["ReasonCode"] = ReasonCode,
        });

        public static StoredItem From(string id, TableEntity e) => new(
            id,
            e.GetString("Kind")!,
            e.GetString("Payload") ?? "{}",
            e.GetString("PacingKey"),
            (DateTimeOffset)e.Properties["DueAt"]!,
            Enum.Parse<ScheduledWorkState>(e.GetString("State")!),
            (int)e.Properties["Attempts"]!,
            e.GetString("LeaseOwner"),
            e.Properties.TryGetValue("LeaseExpiresAt", out var lease) ? (DateTimeOffset?)lease : null,
            e.GetString("DuePartition")!,
            e.GetString("DueRow")!,
            e.Properties.TryGetValue("FinishedAt", out var finished) ? (DateTimeOffset?)finished : null,
            e.GetString("ReasonCode"),
            e.ETag);
    }

    /// <summary>A due row: item <see cref="ItemId"/> should be looked at from <see cref="EligibleAt"/>.</summary>
    internal sealed record DueEntry(string Partition, string Row, string ItemId, string Kind, string? PacingKey, DateTimeOffset EligibleAt, string? ETag)
    {
        public TableEntity ToEntity() => new(Partition, Row, new Dictionary<string, object?>
        {
            ["ItemId"] = ItemId,
            ["Kind"] = Kind,
            ["PacingKey"] = PacingKey,
            ["EligibleAt"] = EligibleAt,
        });

        public static DueEntry From(TableEntity e) => new(
            e.PartitionKey,
            e.RowKey,
            e.GetString("ItemId")!,
            e.GetString("Kind")!,
            e.GetString("PacingKey"),
            (DateTimeOffset)e.Properties["EligibleAt"]!,
            e.ETag);
    }
}
