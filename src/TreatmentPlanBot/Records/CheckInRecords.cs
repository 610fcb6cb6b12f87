using System.Text.Json;
using System.Text.Json.Serialization;
using BotCore.Storage;

namespace TreatmentPlanBot.Records;

[JsonConverter(typeof(JsonStringEnumConverter<CheckInCadence>))]
public enum CheckInCadence
{
    Weekly,
    Fortnightly,
    /// <summary>The day before each session: needs the client's next session date (not known yet: see CheckIns/README).</summary>
    DayBeforeSession,
}

/// <summary>
/// What a client is asked between sessions and how often, set by their clinician. <see cref="Measures"/> are instrument
/// ids (PHQ-9, GAD-7...). <see cref="NextCheckInId"/> is the one check-in the scheduler may send next: a due item for any
/// other id (the schedule changed since) sends nothing.
/// </summary>
public sealed record CheckInSchedule(string ClientId, IReadOnlyList<string> Measures, CheckInCadence Cadence, string SetBy, DateTimeOffset SetAt)
{
    /// <summary>False once stopped (by the client saying stop, the clinician, or the plan closing).</summary>
    public bool Active { get; init; } = true;

    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Who stopped them, in words the clinician reads ("the client", "the clinician", "the plan was closed").</summary>
    public string? StoppedBecause { get; init; }

    public string? NextCheckInId { get; init; }

    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>Set for <see cref="CheckInCadence.DayBeforeSession"/> when no next session is known, so nothing is scheduled.</summary>
    public bool WaitingForSessionDate { get; init; }

    /// <summary>Objectives measured by a 0-10 rating that the client rates in each check-in (objective ids).</summary>
    public IReadOnlyList<string> Ratings { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<CheckInStatus>))]
public enum CheckInStatus
{
    /// <summary>Scheduled to go out (or going out): not yet in the client's chat.</summary>
    Due,
    Sent,
    Answered,
    /// <summary>Not answered before it expired: a missed check-in.</summary>
    Expired,
    /// <summary>The client pressed "Not this time".</summary>
    Declined,
    /// <summary>It could not be delivered (the client blocked or removed the bot, or cannot be reached).</summary>
    Undelivered,
    /// <summary>Check-ins were stopped before this one was answered.</summary>
    Withdrawn,
}

/// <summary>One check-in sent to a client: its id (<c>ci-{yyyyMMddHHmm}</c> of its due time) is what every button and stored answer refers to.</summary>
public sealed record CheckIn(string Id, string ClientId, IReadOnlyList<string> Measures, DateTimeOffset DueAt, DateTimeOffset ExpiresAt, CheckInStatus Status)
{
    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    /// <summary>When it was answered, declined, expired or withdrawn.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The assessments stored from the answers (marked remote).</summary>
    public IReadOnlyList<string> AssessmentIds { get; init; } = [];

    /// <summary>Why it did not reach the client, in the notifier's words.</summary>
    public string? DeliveryProblem { get; init; }

    /// <summary>Objectives measured by a 0-10 rating that this check-in asks the client to rate (objective ids).</summary>
    public IReadOnlyList<string> Ratings { get; init; } = [];

    /// <summary>The client's 0-10 ratings by objective id, once sent (each also stored as progress on its objective).</summary>
    public IReadOnlyDictionary<string, int>? RatingAnswers { get; init; }

    public DateTimeOffset? RatingsAnsweredAt { get; init; }

    public bool IsOpen => Status is CheckInStatus.Due or CheckInStatus.Sent;

    /// <summary>A check-in the clinician should know was not answered.</summary>
    public bool IsMissed => Status is CheckInStatus.Expired or CheckInStatus.Declined or CheckInStatus.Undelivered;
}

/// <summary>
/// Check-ins in the client's partition of the client table: the schedule (row <c>checkin-schedule</c>) and each check-in
/// (<c>checkin|{id}</c>). Reached only through the file handles of <see cref="Security.ClientFiles"/>.
/// </summary>
public sealed class CheckInRecords(ITableStore store)
{
    private const string ScheduleRow = "checkin-schedule";
    private const string CheckInPrefix = "checkin|";

    public Task<Versioned<CheckInSchedule>?> GetScheduleAsync(string clientId, CancellationToken cancellationToken) =>
        GetAsync<CheckInSchedule>(clientId, ScheduleRow, cancellationToken);

    /// <summary>Inserts (<paramref name="ifMatch"/> null) or replaces by ETag; a stale ETag is a <see cref="StorageErrorKind.Conflict"/>.</summary>
    public Task<string> SaveScheduleAsync(CheckInSchedule schedule, string? ifMatch, CancellationToken cancellationToken) =>
        SaveAsync(schedule.ClientId, ScheduleRow, schedule, ifMatch, cancellationToken);

    public Task<Versioned<CheckIn>?> GetAsync(string clientId, string checkInId, CancellationToken cancellationToken) =>
        GetAsync<CheckIn>(clientId, CheckInPrefix + TableKey.Escape(checkInId), cancellationToken);

    public Task<string> SaveAsync(CheckIn checkIn, string? ifMatch, CancellationToken cancellationToken) =>
        SaveAsync(checkIn.ClientId, CheckInPrefix + TableKey.Escape(checkIn.Id), checkIn, ifMatch, cancellationToken);

    /// <summary>Every check-in of the client, oldest first.</summary>
    public async Task<IReadOnlyList<CheckIn>> ListAsync(string clientId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(ClientRecords.TableName, cancellationToken).ConfigureAwait(false);
        var items = await table.QueryAllAsync(TableKey.Escape(clientId), CheckInPrefix, cancellationToken: cancellationToken)
            .Select(e => TableDocument.Read(e).Deserialize<CheckIn>(RecordJson.Options)!)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. items.OrderBy(c => c.DueAt)];
    }

    private async Task<Versioned<T>?> GetAsync<T>(string clientId, string row, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(ClientRecords.TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(clientId), row, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new Versioned<T>(TableDocument.Read(entity).Deserialize<T>(RecordJson.Options)!, entity.ETag!);
    }

    private async Task<string> SaveAsync<T>(string clientId, string row, T value, string? ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(ClientRecords.TableName, cancellationToken).ConfigureAwait(false);
        var entity = TableDocument.Create(TableKey.Escape(clientId), row, JsonSerializer.SerializeToNode(value, RecordJson.Options)!);
        return ifMatch is null
            ? await table.InsertAsync(entity, cancellationToken).ConfigureAwait(false)
            : await table.ReplaceAsync(entity, ifMatch, cancellationToken).ConfigureAwait(false);
    }
}
