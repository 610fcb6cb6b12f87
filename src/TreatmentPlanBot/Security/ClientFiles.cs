using System.Diagnostics.CodeAnalysis;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Security;

/// <summary>What someone wants to do with a client's record: the verb written to the audit log.</summary>
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
    /// <summary>The client answering (or stopping) their own check-ins: remote answers, their risk events, progress.</summary>
    AnswerCheckIn,
    /// <summary>Leave a supervision note on the plan (the clinician of record's supervisor).</summary>
    AddSupervisionNote,
    /// <summary>The client answers what they were asked in their own chat (session feedback).</summary>
    AnswerAsClient,
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
/// The outcome of opening a client's file: the handle the caller's relationship allows, or a refusal (with the
/// neutral <see cref="AccessDecision.RefusalMessage"/> to show). Both were audited when the file was opened.
/// </summary>
public sealed record Opened<TFile>(TFile? File, AccessDecision Decision) where TFile : ClientFile
{
    [MemberNotNullWhen(true, nameof(File))]
    public bool Allowed => File is not null;
}

/// <summary>
/// The one way into a client's file. Each open method checks the caller (personal chat, tenant, their relationship
/// to the client), writes the decision to the audit log, allowed or not, and hands back only the file the
/// relationship allows: the clinician of record's whole file, a read-only clinical view for the clinician's
/// supervisor, the client's own plan for the client, the enrolment for an admin. Features never hold
/// <see cref="ClientRecords"/>: a handle is the only way to a record, so the check cannot be forgotten.
/// </summary>
public sealed class ClientFiles(ClientRecords records, StaffDirectory staff, AuditLog audit)
{
    /// <summary>
    /// The clinician of record's whole file (read and write, the clinician-only overview included).
    /// <paramref name="action"/> is what the audit records: Write, Read, ReadClinicianOnly or SignAsClinician.
    /// </summary>
    public Task<Opened<ClinicianFile>> OpenAsClinicianAsync(Caller caller, string clientId, ClientAction action, string record, CancellationToken cancellationToken) =>
        OpenAsync(caller, clientId, Checked(action, ClientAction.Write, ClientAction.Read, ClientAction.ReadClinicianOnly, ClientAction.SignAsClinician), record,
            r => r == ClientRelationship.ClinicianOfRecord,
            (e, r) => new ClinicianFile(records, caller, e, r), cancellationToken);

    /// <summary>
    /// A read-only clinical view (plan, assessments, progress, risk events, screenings, the profile without its
    /// clinician-only parts) for the clinician of record or their supervisor. <paramref name="action"/>: Read or CoSign.
    /// </summary>
    public Task<Opened<ClinicalView>> OpenClinicalViewAsync(Caller caller, string clientId, string record, CancellationToken cancellationToken, ClientAction action = ClientAction.Read) =>
        OpenAsync(caller, clientId, Checked(action, ClientAction.Read, ClientAction.CoSign), record,
            r => r is ClientRelationship.ClinicianOfRecord or ClientRelationship.Supervisor,
            (e, r) => ClinicalView.Open(records, caller, e, r), cancellationToken);

    /// <summary>The clinician of record's supervisor's view, with the one thing they write: a supervision note (audited as AddSupervisionNote).</summary>
    public Task<Opened<SupervisorFile>> OpenAsSupervisorAsync(Caller caller, string clientId, string record, CancellationToken cancellationToken) =>
        OpenAsync(caller, clientId, ClientAction.AddSupervisionNote, record,
            r => r == ClientRelationship.Supervisor,
            (e, r) => new SupervisorFile(records, caller, e, r), cancellationToken);

    /// <summary>The client's own file: the client-facing view of their plan. <paramref name="action"/>: Read, SignAsClient or AnswerAsClient.</summary>
    public Task<Opened<OwnFile>> OpenOwnAsync(Caller caller, string clientId, string record, CancellationToken cancellationToken, ClientAction action = ClientAction.Read) =>
        OpenAsync(caller, clientId, Checked(action, ClientAction.Read, ClientAction.SignAsClient, ClientAction.AnswerAsClient), record,
            r => r == ClientRelationship.Self,
            (e, r) => new OwnFile(records, caller, e, r) { OpenedFor = action }, cancellationToken);

    /// <summary>
    /// The plan, to sign it as <paramref name="role"/>: the client for themself (SignAsClient), the clinician of record
    /// (SignAsClinician), or the clinician's supervisor (CoSign). The handle signs only the version the signer was shown.
    /// </summary>
    public Task<Opened<SigningFile>> OpenToSignAsync(Caller caller, string clientId, TreatmentPlanning.Plans.SignerRole role, string record, CancellationToken cancellationToken)
    {
        var (action, relationship) = role switch
        {
            TreatmentPlanning.Plans.SignerRole.Client => (ClientAction.SignAsClient, ClientRelationship.Self),
            TreatmentPlanning.Plans.SignerRole.Clinician => (ClientAction.SignAsClinician, ClientRelationship.ClinicianOfRecord),
            _ => (ClientAction.CoSign, ClientRelationship.Supervisor),
        };
        return OpenAsync(caller, clientId, action, record, r => r == relationship, (e, r) => new SigningFile(records, caller, e, r, role), cancellationToken);
    }

    /// <summary>The client's own file for answering or stopping their check-ins (<see cref="CheckInFile"/>): Self only.</summary>
    public Task<Opened<CheckInFile>> OpenForCheckInAsync(Caller caller, string clientId, string record, CancellationToken cancellationToken) =>
        OpenAsync(caller, clientId, ClientAction.AnswerCheckIn, record,
            r => r == ClientRelationship.Self,
            (e, r) => new CheckInFile(records, caller, e, r), cancellationToken);

    /// <summary>
    /// The clinician of record's file for scheduled check-in work (sending, reminding, expiring): there is no turn, and the
    /// work is done for the clinician, so it is opened as them and audited with "(scheduled)" on the record.
    /// </summary>
    public async Task<Opened<ClinicianFile>> OpenForScheduledWorkAsync(string tenantId, string clientId, string record, CancellationToken cancellationToken)
    {
        var enrolment = (await records.GetEnrolmentAsync(clientId, cancellationToken).ConfigureAwait(false))?.Value;
        var clinician = enrolment is not null && string.Equals(enrolment.TenantId, tenantId, StringComparison.OrdinalIgnoreCase) ? enrolment.ClinicianId : "scheduler";
        return await OpenAsClinicianAsync(new Caller(tenantId, clinician, null, InPersonalChat: true), clientId, ClientAction.Write, $"{record} (scheduled)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The enrolment only (status, clinician of record, the client's Teams account): admins, the clinician of record, and
    /// the clinician's supervisor (who hands a supervisee's client over to another clinician).
    /// </summary>
    public Task<Opened<EnrolmentFile>> OpenEnrolmentAsync(Caller caller, string clientId, string record, CancellationToken cancellationToken) =>
        OpenAsync(caller, clientId, ClientAction.ManageEnrolment, record,
            r => r is ClientRelationship.Admin or ClientRelationship.ClinicianOfRecord or ClientRelationship.Supervisor,
            (e, r) => new EnrolmentFile(records, caller, e, r), cancellationToken);

    /// <summary>
    /// Whether <paramref name="caller"/> may read this client's record, without opening it (e.g. may an alert name the
    /// client to this person). Audited as a Read, like any other decision.
    /// </summary>
    public async Task<AccessDecision> MayReadAsync(Caller caller, string clientId, string record, CancellationToken cancellationToken)
    {
        var decision = await DecideAsync(caller, clientId, ClientAction.Read, _ => true, cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(caller, nameof(ClientAction.Read), clientId, record, decision.Allowed, decision.Reason, cancellationToken).ConfigureAwait(false);
        return decision;
    }

    /// <summary>
    /// Creates a new client's file at screening (enrolment and profile in one transaction), the caller becoming their
    /// clinician of record, and opens it for them. Only a clinician in a personal chat may, for a new client of their
    /// own in their own tenant. Safe to repeat: a file this same creation already made is opened, not made again.
    /// </summary>
    public async Task<Opened<ClinicianFile>> CreateAsync(Caller caller, ClientEnrolment enrolment, ClientProfile profile, string record, CancellationToken cancellationToken)
    {
        var clinician = caller.InPersonalChat ? (await staff.FindAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false))?.Value : null;
        var reason = !caller.InPersonalChat ? "not a personal chat"
            : clinician?.Has(StaffRoles.Clinician) != true ? "only a clinician creates a client"
            : !string.Equals(enrolment.TenantId, caller.TenantId, StringComparison.OrdinalIgnoreCase) || !string.Equals(enrolment.ClinicianId, caller.UserId, StringComparison.OrdinalIgnoreCase) || profile.ClientId != enrolment.ClientId
                ? "a new client's clinician of record is the clinician creating them"
                : null;
        if (reason is not null)
        {
            await audit.WriteAsync(caller, nameof(ClientAction.Write), enrolment.ClientId, record, false, reason, cancellationToken).ConfigureAwait(false);
            return new Opened<ClinicianFile>(null, new AccessDecision(false, ClientRelationship.None, null, reason));
        }

        try
        {
            await records.CreateAsync(enrolment, profile, cancellationToken).ConfigureAwait(false);
        }
        catch (BotCore.Storage.StorageException exception) when (exception.Kind == BotCore.Storage.StorageErrorKind.AlreadyExists)
        {
            // Made by an earlier run of the same creation; whether it is this caller's is decided below, as for any file.
        }

        return await OpenAsClinicianAsync(caller, enrolment.ClientId, ClientAction.Write, record, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Opened<TFile>> OpenAsync<TFile>(
        Caller caller,
        string clientId,
        ClientAction action,
        string record,
        Func<ClientRelationship, bool> handleFits,
        Func<ClientEnrolment, ClientRelationship, TFile> open,
        CancellationToken cancellationToken)
        where TFile : ClientFile
    {
        var decision = await DecideAsync(caller, clientId, action, handleFits, cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(caller, action.ToString(), clientId, record, decision.Allowed, decision.Reason, cancellationToken).ConfigureAwait(false);
        return new Opened<TFile>(decision.Allowed ? open(decision.Enrolment!, decision.Relationship) : null, decision);
    }

    private async Task<AccessDecision> DecideAsync(Caller caller, string clientId, ClientAction action, Func<ClientRelationship, bool> handleFits, CancellationToken cancellationToken)
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
        var allowed = Allows(relationship, action) && handleFits(relationship);
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
        (ClientRelationship.ClinicianOfRecord, not ClientAction.CoSign and not ClientAction.SignAsClient and not ClientAction.AnswerAsClient and not ClientAction.AddSupervisionNote) => true,
        (ClientRelationship.Supervisor, ClientAction.Read or ClientAction.CoSign or ClientAction.AddSupervisionNote or ClientAction.ManageEnrolment) => true,
        (ClientRelationship.Self, ClientAction.Read or ClientAction.SignAsClient or ClientAction.AnswerAsClient or ClientAction.AnswerCheckIn) => true,
        (ClientRelationship.Admin, ClientAction.ManageEnrolment) => true,
        _ => false,
    };

    private static ClientAction Checked(ClientAction action, params ClientAction[] fitting) =>
        fitting.Contains(action) ? action : throw new ArgumentOutOfRangeException(nameof(action), action, "This kind of file is not opened for that.");
}
