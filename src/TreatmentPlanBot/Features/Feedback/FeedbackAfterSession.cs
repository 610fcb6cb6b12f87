using TreatmentPlanBot.Features.Sessions;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Feedback;

/// <summary>
/// An attended session, recorded with <c>session [client]</c>, asks the client for their feedback the same way
/// <c>session done [client]</c> does: one request per session id, so a second press of Save sends nothing twice.
/// </summary>
internal sealed class FeedbackAfterSession(SessionFeedback feedback) : ISessionFollowUp
{
    public Task SessionRecordedAsync(SessionRecorded session, CancellationToken cancellationToken) =>
        feedback.RequestAsync(new Caller(session.TenantId, session.ClinicianId, null, InPersonalChat: true), session.ClientId, session.HeldOn, session.SessionId, cancellationToken);
}
