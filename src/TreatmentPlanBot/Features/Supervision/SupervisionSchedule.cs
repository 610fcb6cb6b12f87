using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using BotCore.Scheduling;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Features.Supervision;

/// <summary>Settings section <c>Supervision</c>: when a supervisor's weekly card comes unless they choose otherwise.</summary>
public sealed class SupervisionOptions
{
    public const string SectionName = "Supervision";

    /// <summary>The day of the week, in the supervisor's own time zone.</summary>
    public DayOfWeek DefaultDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The hour, "HH:mm", in the supervisor's own time zone.</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$")]
    public string DefaultTime { get; set; } = "08:00";
}

/// <summary>A supervisor's choice of when the weekly card comes, and the one scheduled run that is next.</summary>
public sealed record SupervisionSettings(string TenantId, string SupervisorId, DayOfWeek Day, TimeOnly At, string? TimeZoneId, string? NextItemId);

/// <summary>The scheduler's payload: ids and the day the card is for.</summary>
public sealed record SupervisionCardDue(string TenantId, string SupervisorId, DateOnly Date);

/// <summary>
/// The weekly card's schedule: one pending item per supervisor (<c>supervision-card|{tenant}|{supervisor}|{date}</c>, so
/// scheduling again changes nothing), each run scheduling the next. The hour is the supervisor's wall-clock hour in their
/// own zone (<see cref="LocalClock.At"/>: a time a DST change skips moves on by the gap, a repeated one is the first).
/// Table <c>SupervisionSettings</c>: one partition per tenant, one row per supervisor.
/// </summary>
public sealed class SupervisionSchedule(ITableStore store, WorkScheduler scheduler, PersonalChats chats, Clocks clocks, TimeProvider time, IOptions<SupervisionOptions> options)
{
    public const string TableName = "SupervisionSettings";
    public const string Kind = "supervision-card";

    public async Task<Versioned<SupervisionSettings>> GetAsync(string tenantId, string supervisorId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(tenantId), TableKey.Escape(supervisorId), cancellationToken).ConfigureAwait(false);
        if (entity is not null)
        {
            return new(JsonSerializer.Deserialize<SupervisionSettings>(TableDocument.Read(entity), RecordJson.Options)!, entity.ETag ?? string.Empty);
        }

        var zone = (await chats.FindAsync(tenantId, supervisorId, cancellationToken).ConfigureAwait(false))?.Value.TimeZoneId;
        return new(new SupervisionSettings(tenantId, supervisorId, options.Value.DefaultDay, TimeOnly.ParseExact(options.Value.DefaultTime, "HH:mm", CultureInfo.InvariantCulture), zone, null), string.Empty);
    }

    /// <summary>Makes sure the supervisor's next weekly card is scheduled (when they gain supervisees, or say "supervision").</summary>
    public async Task EnsureAsync(string tenantId, string supervisorId, string? timeZoneId, CancellationToken cancellationToken)
    {
        var settings = await GetAsync(tenantId, supervisorId, cancellationToken).ConfigureAwait(false);
        var pending = settings.Value.NextItemId is { } id && await scheduler.GetAsync(id, cancellationToken).ConfigureAwait(false) is { State: ScheduledWorkState.Pending };
        if (!pending || (settings.Value.TimeZoneId is null && timeZoneId is not null))
        {
            await ChangeAsync(settings, settings.Value with { TimeZoneId = settings.Value.TimeZoneId ?? timeZoneId }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>New day, hour or zone: the pending run is cancelled and the next one scheduled from now.</summary>
    public async Task<SupervisionSettings> ChangeAsync(Versioned<SupervisionSettings> current, SupervisionSettings changed, CancellationToken cancellationToken)
    {
        var next = Next(changed, time.GetUtcNow());
        var id = ItemId(changed, next);
        if (await scheduler.GetAsync(id, cancellationToken).ConfigureAwait(false) is { State: ScheduledWorkState.Cancelled })
        {
            // Changed away and back again: the cancelled item keeps its id for a while, so this run needs its own.
            id += "|" + time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        var updated = changed with { NextItemId = id };
        if (current.Value.NextItemId is { } old && old != updated.NextItemId)
        {
            await scheduler.CancelAsync(old, cancellationToken).ConfigureAwait(false);
        }

        await scheduler.ScheduleAsync(updated.NextItemId, Kind, ClockOf(updated).At(next, updated.At),
            new SupervisionCardDue(updated.TenantId, updated.SupervisorId, next), updated.TenantId, cancellationToken).ConfigureAwait(false);
        await SaveAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>After the card for <paramref name="date"/>: the week after (never the same date again, whatever the look-ahead).</summary>
    public async Task ScheduleAfterAsync(string tenantId, string supervisorId, DateOnly date, CancellationToken cancellationToken)
    {
        var current = await GetAsync(tenantId, supervisorId, cancellationToken).ConfigureAwait(false);
        var clock = ClockOf(current.Value);
        var after = clock.At(date, current.Value.At).AddMinutes(1);
        var next = Next(current.Value, after > time.GetUtcNow() ? after : time.GetUtcNow());
        var updated = current.Value with { NextItemId = ItemId(current.Value, next) };
        await scheduler.ScheduleAsync(updated.NextItemId, Kind, clock.At(next, updated.At),
            new SupervisionCardDue(tenantId, supervisorId, next), tenantId, cancellationToken).ConfigureAwait(false);
        await SaveAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
    }

    public LocalClock ClockOf(SupervisionSettings settings) => clocks.For(settings.TimeZoneId);

    /// <summary>"every Monday at 08:00 (Europe/London)".</summary>
    public string Describe(SupervisionSettings settings) =>
        $"This card comes every {settings.Day} at {settings.At.ToString("HH:mm", CultureInfo.InvariantCulture)} ({ClockOf(settings).Zone.Id}). To change it, say supervision settings and a day and time, e.g. supervision settings Tuesday 07:30.";

    /// <summary>The first date on the chosen weekday whose chosen hour, in the supervisor's zone, is after <paramref name="after"/>.</summary>
    public DateOnly Next(SupervisionSettings settings, DateTimeOffset after)
    {
        var clock = ClockOf(settings);
        var date = clock.DateOf(after);
        date = date.AddDays(((int)settings.Day - (int)date.DayOfWeek + 7) % 7);
        return clock.At(date, settings.At) > after ? date : date.AddDays(7);
    }

    private static string ItemId(SupervisionSettings settings, DateOnly date) =>
        $"{Kind}|{settings.TenantId}|{settings.SupervisorId}|{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T{settings.At.ToString("HHmm", CultureInfo.InvariantCulture)}";

    private async Task SaveAsync(SupervisionSettings settings, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = TableDocument.Create(TableKey.Escape(settings.TenantId), TableKey.Escape(settings.SupervisorId), JsonSerializer.SerializeToNode(settings, RecordJson.Options)!);
        try
        {
            _ = string.IsNullOrEmpty(ifMatch)
                ? await table.InsertAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.ReplaceAsync(entity, ifMatch, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.AlreadyExists)
        {
            // Another turn or run saved the same supervisor's settings first; its schedule stands (items are idempotent by id).
        }
    }
}
