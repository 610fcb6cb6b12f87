namespace TreatmentPlanBot.Features.Sessions;

/// <summary>An attended session that was just stored: ids and dates only.</summary>
public sealed record SessionRecorded(string TenantId, string ClientId, string ClinicianId, string SessionId, DateOnly HeldOn, DateOnly? NextSessionOn);

/// <summary>
/// What follows an attended session (end-of-session feedback from the client, check-ins the day before the next one).
/// Register implementations with <c>services.AddSingleton&lt;ISessionFollowUp, T&gt;()</c>; each is called after every
/// attended session is stored. It runs inside the clinician's button press, which Teams answers within a few seconds:
/// do storage work only (schedule with <c>WorkScheduler</c>, ids from <see cref="SessionRecorded.SessionId"/>) and
/// send from the scheduled work. It may be called more than once for one session (a second press of the same Save
/// finds the session stored and calls again, so a follow-up lost to a failure is not lost for good): be idempotent
/// by the session id.
/// </summary>
public interface ISessionFollowUp
{
    Task SessionRecordedAsync(SessionRecorded session, CancellationToken cancellationToken);
}
