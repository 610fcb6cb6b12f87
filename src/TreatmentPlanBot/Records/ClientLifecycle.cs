namespace TreatmentPlanBot.Records;

/// <summary>A client handed over from one clinician to another (ids only).</summary>
public sealed record ClientReassigned(string TenantId, string ClientId, string FromClinicianId, string ToClinicianId, string ByUserId, DateTimeOffset At);

/// <summary>A client's plan closed: discharged, or referred on (ids only).</summary>
public sealed record ClientClosed(string TenantId, string ClientId, string ClinicianId, ClosureKind Kind, DateTimeOffset At);

/// <summary>
/// Hears that a client changed hands or was closed, after the change is stored. Features that keep work for a client
/// (pending check-ins, reminders) implement it to move or stop that work; every registration is called, in turn, and a
/// listener's failure is logged without undoing the change. Register with
/// <c>services.AddSingleton&lt;IClientLifecycleListener, YourListener&gt;()</c>. Calls may repeat (a re-run turn): be idempotent.
/// </summary>
public interface IClientLifecycleListener
{
    Task ClientReassignedAsync(ClientReassigned change, CancellationToken cancellationToken);

    Task ClientClosedAsync(ClientClosed change, CancellationToken cancellationToken);
}
