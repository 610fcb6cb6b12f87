using BotCore.Time;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>
/// Saves the session form. The session's row and, when it counts, the profile with one more session used are one
/// transaction, so a session is counted exactly once: a second press finds its row and changes nothing.
/// </summary>
public sealed class SessionRecorder(
    ClientFiles files,
    SessionCards cards,
    PlanCardBuilder plans,
    CaseloadRefresher caseload,
    AuthorisationReminders reminders,
    IEnumerable<ISessionFollowUp> followUps)
{
    public async Task<CardActionResult> SaveAsync(CardActionContext context, string clientId, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller;
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "session", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        if (context.GetString("sessionId") is not { Length: > 0 } sessionId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        var file = opened.File;
        var clock = context.Turn.Clock();
        var plan = (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var (form, tasks) = SessionForms.Typed(context);
        var (session, errors) = SessionForms.Read(sessionId, form, tasks, plan, caller.UserId, clock.UtcNow, clock.Today);
        if (session is null)
        {
            var profile = (await file.GetProfileAsync(cancellationToken).ConfigureAwait(false))?.Value;
            return cards.SessionForm(clientId, sessionId, file.Enrolment.DisplayName, plan, profile, clock.Today, form, tasks, errors);
        }

        var (stored, fresh) = await StoreAsync(file, session, cancellationToken).ConfigureAwait(false);
        await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
        var notice = fresh ? Recorded(stored) : $"This session ({SessionWords.Describe(stored)}) was already recorded (Save was pressed before); nothing was added twice.";
        var insurance = (await file.GetProfileAsync(cancellationToken).ConfigureAwait(false))?.Value.Insurance;
        if (insurance is not null && stored.CountedAgainst is { } against && against == (insurance.Id ?? "authorisation"))
        {
            var standing = cards.Standing(insurance, plan, clock.Today);
            notice += $" It counts against the authorisation: {standing.SessionsLeft} of {insurance.SessionsAuthorised} authorised sessions left.";
            await reminders.ScheduleAsync(file.Enrolment, insurance, standing, clock, cancellationToken).ConfigureAwait(false);
        }
        else if (stored.Attendance == SessionAttendance.Attended)
        {
            notice += insurance is null ? " No insurance authorisation is recorded, so it was not counted against one." : " It falls outside the authorisation's dates, so it was not counted against it.";
        }

        if (stored.Attendance == SessionAttendance.Attended)
        {
            var recorded = new SessionRecorded(file.Enrolment.TenantId, clientId, file.Enrolment.ClinicianId, stored.Id, stored.HeldOn, stored.NextSessionOn);
            foreach (var followUp in followUps)
            {
                await followUp.SessionRecordedAsync(recorded, cancellationToken).ConfigureAwait(false);
            }
        }

        return plan is null
            ? CardActionResult.Say(notice)
            : await plans.RenderAsync(caller, clock, clientId, 1, null, notice, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session as stored, and whether this call stored it (false: an earlier press did).</summary>
    private static async Task<(SessionRecord Stored, bool Fresh)> StoreAsync(ClinicianFile file, SessionRecord session, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await file.FindSessionAsync(session.Id, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return (existing, false);
            }

            var profile = await file.GetProfileAsync(cancellationToken).ConfigureAwait(false);
            var insurance = profile?.Value.Insurance;
            var counts = session.Attendance == SessionAttendance.Attended && insurance is not null && insurance.Covers(session.HeldOn);
            var toStore = counts ? session with { CountedAgainst = insurance!.Id ?? "authorisation" } : session;
            try
            {
                await file.AddSessionAsync(toStore, counts ? profile!.Value.RecordSessionUsed() : null, profile?.ETag, cancellationToken).ConfigureAwait(false);
                return (toStore, true);
            }
            catch (StorageException exception) when (exception.Kind is StorageErrorKind.AlreadyExists or StorageErrorKind.Conflict && attempt < 4)
            {
                // Another press stored it (found above next time), or the profile changed meanwhile: read again and retry.
            }
        }
    }

    private static string Recorded(SessionRecord session) =>
        $"Session recorded: {SessionWords.Describe(session)}."
        + (session.NextSessionOn is { } next ? $" Next session {ObjectiveMeasures.Display(next)}." : string.Empty);
}

/// <summary>How a session is named in what the clinician reads.</summary>
public static class SessionWords
{
    public static string Describe(SessionRecord session) => $"{ObjectiveMeasures.Display(session.HeldOn)}, {SessionForms.Attendance(session.Attendance)}";
}
