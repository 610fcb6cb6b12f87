using System.Globalization;
using BotCore.Scheduling;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>The scheduler's payload for a check-in's send, reminder and expiry: ids only.</summary>
public sealed record CheckInDue(string TenantId, string ClientId, string CheckInId);

/// <summary>
/// A client's check-in schedule: setting it, the next check-in's due time on the client's own clock, stopping and
/// starting again, and what was missed. Every method takes an opened file, so access was checked (and audited) by
/// whoever opened it. Other slices call <see cref="StopForClientAsync"/> (closing a plan), <see cref="SessionPlannedAsync"/>
/// (a next session date for "the day before each session") and <see cref="MissedSinceAsync"/> (the supervisor digest).
/// </summary>
public sealed class CheckInSchedules(WorkScheduler scheduler, PersonalChats chats, Clocks clocks, IOptions<CheckInOptions> options, TimeProvider time)
{
    public const string SendKind = "checkin-send";
    public const string ReminderKind = "checkin-reminder";
    public const string ExpiryKind = "checkin-expiry";

    /// <summary>Sets what is asked and how often, replacing any earlier choice (by ETag), and schedules the next check-in.</summary>
    public async Task<CheckInSchedule> SetAsync(ClinicianFile file, IReadOnlyList<string> measures, IReadOnlyList<string> ratings, CheckInCadence cadence, string? ifMatch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var schedule = new CheckInSchedule(file.ClientId, measures, cadence, file.OpenedBy.UserId, now) { Ratings = ratings };
        return await SaveAndScheduleAsync(file, schedule, ifMatch, from: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After a check-in closes (answered, declined, expired, undelivered): the one after it, if check-ins are on.</summary>
    public async Task ScheduleAfterAsync(ICheckInWriter file, CheckIn closed, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await file.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false);
            if (stored is not { Value.Active: true } || stored.Value.NextCheckInId != closed.Id)
            {
                return;
            }

            try
            {
                await SaveAndScheduleAsync(file, stored.Value, stored.ETag, closed.DueAt, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
            }
        }
    }

    /// <summary>
    /// Stops check-ins (the client said stop, the clinician stopped them, the plan was closed): the schedule is kept,
    /// marked stopped with <paramref name="because"/>, and the open check-in is withdrawn. False when none were running.
    /// </summary>
    public async Task<bool> StopForClientAsync(ICheckInWriter file, string because, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await file.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false);
            if (stored is not { Value.Active: true })
            {
                return false;
            }

            try
            {
                await file.SaveCheckInScheduleAsync(stored.Value with { Active = false, StoppedAt = time.GetUtcNow(), StoppedBecause = because, NextCheckInId = null, NextDueAt = null }, stored.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
                continue;
            }

            if (stored.Value.NextCheckInId is { } next)
            {
                await CancelWorkAsync(file.ClientId, next, cancellationToken).ConfigureAwait(false);
                await WithdrawAsync(file, next, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        throw new StorageException(StorageErrorKind.Conflict, "The check-in schedule kept changing while stopping it.");
    }

    /// <summary>Starts stopped check-ins again with the same measures and cadence. False when there is nothing to restart.</summary>
    public async Task<bool> StartAgainAsync(ICheckInWriter file, CancellationToken cancellationToken)
    {
        var stored = await file.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false);
        if (stored is not { Value.Active: false })
        {
            return false;
        }

        var restarted = stored.Value with { Active = true, StoppedAt = null, StoppedBecause = null };
        await SaveAndScheduleAsync(file, restarted, stored.ETag, from: null, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// For "the day before each session": the client's next session is on <paramref name="sessionDate"/> (their date). The
    /// sessions feature calls this when a session is booked; until then such a schedule waits and says so.
    /// </summary>
    public async Task SessionPlannedAsync(ICheckInWriter file, DateOnly sessionDate, CancellationToken cancellationToken)
    {
        var stored = await file.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false);
        if (stored is { Value: { Active: true, Cadence: CheckInCadence.DayBeforeSession } schedule })
        {
            var clock = await ClientClockAsync(file, cancellationToken).ConfigureAwait(false);
            await ScheduleAtAsync(file, schedule, stored.ETag, clock.At(sessionDate.AddDays(-1), TimeOnly.FromTimeSpan(options.Value.SendAt)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Check-ins missed (expired, declined, undelivered) that were due at or after <paramref name="since"/>: for the clinician and the digest.</summary>
    public static async Task<IReadOnlyList<CheckIn>> MissedSinceAsync(ClinicalView file, DateTimeOffset since, CancellationToken cancellationToken) =>
        [.. (await file.ListCheckInsAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.IsMissed && c.DueAt >= since)];

    /// <summary>A new check-in row for a due item (status Due), expiring after the configured time.</summary>
    public CheckIn NewCheckIn(CheckInSchedule schedule, string checkInId, DateTimeOffset dueAt) =>
        new(checkInId, schedule.ClientId, schedule.Measures, dueAt, dueAt + options.Value.ExpiresAfter, CheckInStatus.Due) { Ratings = schedule.Ratings };

    /// <summary>Reminder (if before expiry) and expiry of a sent check-in; ids from the check-in's, so scheduling again changes nothing.</summary>
    public async Task ScheduleFollowUpsAsync(string tenantId, CheckIn checkIn, CancellationToken cancellationToken)
    {
        var due = new CheckInDue(tenantId, checkIn.ClientId, checkIn.Id);
        var remindAt = checkIn.DueAt + options.Value.RemindAfter;
        if (remindAt < checkIn.ExpiresAt)
        {
            await scheduler.ScheduleAsync(WorkId(ReminderKind, checkIn.ClientId, checkIn.Id), ReminderKind, remindAt, due, tenantId, cancellationToken).ConfigureAwait(false);
        }

        await scheduler.ScheduleAsync(WorkId(ExpiryKind, checkIn.ClientId, checkIn.Id), ExpiryKind, checkIn.ExpiresAt, due, tenantId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Once answered or declined, its reminder and expiry have nothing left to do.</summary>
    public async Task CancelFollowUpsAsync(string clientId, string checkInId, CancellationToken cancellationToken)
    {
        await scheduler.CancelAsync(WorkId(ReminderKind, clientId, checkInId), cancellationToken).ConfigureAwait(false);
        await scheduler.CancelAsync(WorkId(ExpiryKind, clientId, checkInId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The client's own clock: the time zone their Teams client last reported, else the clinic's.</summary>
    public async Task<LocalClock> ClientClockAsync(ICheckInWriter file, CancellationToken cancellationToken)
    {
        var chat = file.Enrolment.ClientUserId is { } user ? (await chats.FindAsync(file.Enrolment.TenantId, user, cancellationToken).ConfigureAwait(false))?.Value : null;
        return clocks.For(chat?.TimeZoneId);
    }

    public static string WorkId(string kind, string clientId, string checkInId) => $"{kind}|{clientId}|{checkInId}";

    private async Task<CheckInSchedule> SaveAndScheduleAsync(ICheckInWriter file, CheckInSchedule schedule, string? ifMatch, DateTimeOffset? from, CancellationToken cancellationToken)
    {
        if (schedule.Cadence == CheckInCadence.DayBeforeSession)
        {
            // No session dates are kept yet: nothing to schedule until SessionPlannedAsync hears of one.
            var waiting = schedule with { WaitingForSessionDate = true, NextCheckInId = null, NextDueAt = null };
            await ReplacePendingAsync(file, schedule, waiting, ifMatch, cancellationToken).ConfigureAwait(false);
            return waiting;
        }

        var clock = await ClientClockAsync(file, cancellationToken).ConfigureAwait(false);
        var sendAt = TimeOnly.FromTimeSpan(options.Value.SendAt);

        // The first comes the next morning (client's time); each later one a week or two after the one before.
        var date = from is { } previous
            ? clock.DateOf(previous).AddDays(schedule.Cadence == CheckInCadence.Fortnightly ? 14 : 7)
            : clock.Today.AddDays(1);
        var earliest = time.GetUtcNow();
        while (clock.At(date, sendAt) <= earliest && from is not null)
        {
            date = date.AddDays(schedule.Cadence == CheckInCadence.Fortnightly ? 14 : 7);
        }

        return await ScheduleAtAsync(file, schedule, ifMatch, clock.At(date, sendAt), cancellationToken).ConfigureAwait(false);
    }

    private async Task<CheckInSchedule> ScheduleAtAsync(ICheckInWriter file, CheckInSchedule schedule, string? ifMatch, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var id = $"ci-{dueAt.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
        var next = schedule with { WaitingForSessionDate = false, NextCheckInId = id, NextDueAt = dueAt };
        await ReplacePendingAsync(file, schedule, next, ifMatch, cancellationToken).ConfigureAwait(false);
        await scheduler.ScheduleAsync(WorkId(SendKind, file.ClientId, id), SendKind, dueAt, new CheckInDue(file.Enrolment.TenantId, file.ClientId, id), file.Enrolment.TenantId, cancellationToken).ConfigureAwait(false);
        return next;
    }

    // Saves the schedule first (a crash after it leaves a schedule whose next item is missing; setting it again heals),
    // then drops the check-in the old schedule had waiting, if it is a different one.
    private async Task ReplacePendingAsync(ICheckInWriter file, CheckInSchedule before, CheckInSchedule after, string? ifMatch, CancellationToken cancellationToken)
    {
        var previous = ifMatch is null ? null : (await file.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false))?.Value.NextCheckInId;
        await file.SaveCheckInScheduleAsync(after, ifMatch, cancellationToken).ConfigureAwait(false);
        if (previous is not null && previous != after.NextCheckInId && previous != before.NextCheckInId)
        {
            await CancelWorkAsync(file.ClientId, previous, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CancelWorkAsync(string clientId, string checkInId, CancellationToken cancellationToken)
    {
        await scheduler.CancelAsync(WorkId(SendKind, clientId, checkInId), cancellationToken).ConfigureAwait(false);
        await CancelFollowUpsAsync(clientId, checkInId, cancellationToken).ConfigureAwait(false);
    }

    private async Task WithdrawAsync(ICheckInWriter file, string checkInId, CancellationToken cancellationToken)
    {
        var stored = await file.FindCheckInAsync(checkInId, cancellationToken).ConfigureAwait(false);
        if (stored is { Value.IsOpen: true })
        {
            try
            {
                await file.SaveCheckInAsync(stored.Value with { Status = CheckInStatus.Withdrawn, ClosedAt = time.GetUtcNow() }, stored.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
                // Answered meanwhile: the answers stand.
            }
        }
    }
}
