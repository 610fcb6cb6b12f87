using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Security;

/// <summary>What someone wants to do with a client's record.</summary>
public enum ClientAction
{
    /// <summary>Open the record: plan, assessments, progress (not the clinician-only overview).</summary>
    Read,
    /// <summary>Read the trauma-informed overview (clinician only).</summary>
    ReadClinicianOnly,
    /// <summary>Change the record: screening, assessments, plan edits, progress.</summary>
    Write,
    SignAsClinician,
    CoSign,
    SignAsClient,
    /// <summary>Enrol, reassign or discharge (admin work: no clinical content).</summary>
    ManageEnrolment,
}

public enum ClientRelationship
{
    None,
    ClinicianOfRecord,
    Supervisor,
    Self,
    Admin,
}

public sealed record AccessDecision(bool Allowed, ClientRelationship Relationship, ClientEnrolment? Enrolment, string? Reason)
{
    /// <summary>The words a user sees when access is refused: never whether the client exists.</summary>
    public const string RefusalMessage = "I can't open that client's record for you. Only their clinician, the clinician's supervisor and the client can.";
}

/// <summary>
/// The one gate to a client's record: every read and write checks the caller's role and relationship, happens
/// only in a personal chat, and is written to the audit log, allowed or not.
/// </summary>
public sealed class ClientAccess(ClientRecords records, StaffDirectory staff, AuditLog audit)
{
    public async Task<AccessDecision> AuthorizeAsync(Caller caller, string clientId, ClientAction action, string record, CancellationToken cancellationToken)
    {
        var decision = await DecideAsync(caller, clientId, action, cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(caller, action.ToString(), clientId, record, decision.Allowed, decision.Reason, cancellationToken).ConfigureAwait(false);
        return decision;
    }

    private async Task<AccessDecision> DecideAsync(Caller caller, string clientId, ClientAction action, CancellationToken cancellationToken)
    {
        if (!caller.InPersonalChat)
        {
            return new AccessDecision(false, ClientRelationship.None, null, "not a personal chat");
        }

        var enrolment = (await records.GetEnrolmentAsync(clientId, cancellationToken).ConfigureAwait(false))?.Value;
        if (enrolment is null || !string.Equals(enrolment.TenantId, caller.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return new AccessDecision(false, ClientRelationship.None, null, "no such client in this tenant");
        }

        var relationship = await RelationshipAsync(caller, enrolment, cancellationToken).ConfigureAwait(false);
        var allowed = Allows(relationship, action);
        return new AccessDecision(allowed, relationship, allowed ? enrolment : null, allowed ? null : $"{relationship} may not {action}");
    }

    private async Task<ClientRelationship> RelationshipAsync(Caller caller, ClientEnrolment enrolment, CancellationToken cancellationToken)
    {
        if (enrolment.ClientUserId is { } clientUser && string.Equals(clientUser, caller.UserId, StringComparison.OrdinalIgnoreCase))
        {
            return ClientRelationship.Self;
        }

        var member = (await staff.FindAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false))?.Value;
        if (member is null)
        {
            return ClientRelationship.None;
        }

        if (member.Has(StaffRoles.Clinician) && string.Equals(enrolment.ClinicianId, caller.UserId, StringComparison.OrdinalIgnoreCase))
        {
            return ClientRelationship.ClinicianOfRecord;
        }

        if (member.Has(StaffRoles.Supervisor))
        {
            var clinician = (await staff.FindAsync(enrolment.TenantId, enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value;
            if (clinician?.SupervisorId is { } supervisorId && string.Equals(supervisorId, caller.UserId, StringComparison.OrdinalIgnoreCase))
            {
                return ClientRelationship.Supervisor;
            }
        }

        return member.Has(StaffRoles.Admin) ? ClientRelationship.Admin : ClientRelationship.None;
    }

    // Clinical content stays with the people in the client's care; admins manage enrolment without reading it.
    private static bool Allows(ClientRelationship relationship, ClientAction action) => (relationship, action) switch
    {
        (ClientRelationship.ClinicianOfRecord, not ClientAction.CoSign and not ClientAction.SignAsClient) => true,
        (ClientRelationship.Supervisor, ClientAction.Read or ClientAction.CoSign) => true,
        (ClientRelationship.Self, ClientAction.Read or ClientAction.SignAsClient) => true,
        (ClientRelationship.Admin, ClientAction.ManageEnrolment) => true,
        _ => false,
    };
}
