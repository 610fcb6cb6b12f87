namespace TreatmentPlanBot.Security;

/// <summary>
/// Told when someone becomes a clinician's supervisor (an admin's change, or the demo clinic's seeding), so work that
/// follows from supervising (the weekly progress card) starts without the staff directory knowing about it.
/// </summary>
public interface ISupervisorAssignments
{
    Task SupervisorAssignedAsync(string tenantId, string supervisorId, CancellationToken cancellationToken);
}
