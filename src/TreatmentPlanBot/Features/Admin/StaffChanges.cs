using BotCore.Storage;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

public enum StaffChangeStatus
{
    Done,
    /// <summary>Nothing to do: the directory already says so (a second click, or a change someone else made).</summary>
    AlreadySo,
    Refused,
    /// <summary>The change is allowed but has consequences the admin must confirm first.</summary>
    NeedsConfirmation,
}

public sealed record StaffChangeOutcome(StaffChangeStatus Status, string Message);

/// <summary>
/// Changes to the staff directory, with the clinic's guard rails: the tenant keeps at least one admin, a supervisor
/// holds the supervisor role, and taking the clinician role from someone with clients needs confirmation. Each change
/// is audited, applied with the entry's ETag (a concurrent change is re-read and the change re-applied), and is
/// idempotent per incoming activity: <c>changeId</c> is the activity id, so a turn that runs again reports the change it
/// made instead of "already so", and a double click finds nothing left to do.
/// </summary>
public sealed class StaffChanges(
    StaffDirectory staff,
    AccessRequests accessRequests,
    CaseloadIndex caseload,
    AuditLog audit,
    IOptions<ClinicOptions> options,
    IEnumerable<ISupervisorAssignments> assignments)
{
    private const int Attempts = 3;

    public const string ChangedMeanwhile =
        "Someone else changed this person's staff entry at the same moment, so nothing was changed. Say **staff** to see the current list and try again.";

    public Task<StaffChangeOutcome> GrantAsync(Caller admin, string changeId, string userId, StaffRoles role, CancellationToken cancellationToken) =>
        ApplyAsync(admin, $"{changeId}|grant|{role}|{userId}", userId, $"grant {role}", async () =>
        {
            var current = await staff.FindAsync(admin.TenantId, userId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                var request = await accessRequests.FindAsync(admin.TenantId, userId, cancellationToken).ConfigureAwait(false);
                if (request is null)
                {
                    return Decision.Stop(StaffChangeStatus.Refused, "I don't know that person: they are not staff and have not written to me. Ask them to say hello to me in Teams first, then try again.");
                }

                var member = new StaffMember(admin.TenantId, userId, request.DisplayName, role) { PersonalChat = request.PersonalChat };
                return Decision.Save(member, string.Empty,
                    $"{request.DisplayName} is now staff with the {StaffRoleWords.Word(role)} role. They can say **help** to see what they can do.",
                    afterSave: () => accessRequests.RemoveAsync(admin.TenantId, userId, cancellationToken));
            }

            var name = current.Value.DisplayName;
            return current.Value.Has(role)
                ? Decision.Already($"{name} now has the {StaffRoleWords.Word(role)} role.", $"{name} already has the {StaffRoleWords.Word(role)} role, so nothing was changed.")
                : Decision.Save(current.Value with { Roles = current.Value.Roles | role }, current.ETag, $"{name} now has the {StaffRoleWords.Word(role)} role.");
        }, cancellationToken);

    /// <param name="confirmed">The admin has seen and accepted the consequences (clients on the person's caseload).</param>
    public Task<StaffChangeOutcome> RemoveRoleAsync(Caller admin, string changeId, string userId, StaffRoles role, bool confirmed, CancellationToken cancellationToken) =>
        ApplyAsync(admin, $"{changeId}|remove|{role}|{userId}", userId, $"remove {role}", async () =>
        {
            var current = await staff.FindAsync(admin.TenantId, userId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return Decision.Stop(StaffChangeStatus.Refused, "That person is not staff, so there is no role to remove.");
            }

            var member = current.Value;
            var word = StaffRoleWords.Word(role);
            if (!member.Has(role))
            {
                return Decision.Already($"{member.DisplayName} no longer has the {word} role.", $"{member.DisplayName} doesn't have the {word} role, so nothing was changed.");
            }

            if (role == StaffRoles.Admin && staff.IsBootstrapAdmin(userId))
            {
                return Decision.Stop(StaffChangeStatus.Refused,
                    $"{member.DisplayName} is an admin through the clinic's settings (Clinic:BootstrapAdmins), so that role can only be removed there. Nothing was changed.");
            }

            var updated = member with { Roles = member.Roles & ~role };
            var done = $"{member.DisplayName} no longer has the {word} role.";
            if (role == StaffRoles.Clinician && !confirmed)
            {
                var clients = (await caseload.ListAsync(admin.TenantId, userId, cancellationToken).ConfigureAwait(false)).Count;
                if (clients > 0)
                {
                    return Decision.Stop(StaffChangeStatus.NeedsConfirmation,
                        $"{member.DisplayName} has {clients} {(clients == 1 ? "client" : "clients")} on their caseload. Without the clinician role they can no longer open those records. " +
                        "The clients stay assigned to them until they are reassigned (reassigning clients will come in a later update). Remove the clinician role anyway?");
                }
            }

            if (role == StaffRoles.Supervisor)
            {
                done += await StillSupervisedAsync(admin.TenantId, member, cancellationToken).ConfigureAwait(false);
            }

            if (role != StaffRoles.Admin || options.Value.BootstrapAdmins.Count > 0)
            {
                return Decision.Save(updated, current.ETag, done);
            }

            // Another admin's entry goes into the same transaction unchanged: if that admin loses the role meanwhile,
            // the ETag no longer matches and the rule is checked again, so two admins cannot remove each other at once.
            var otherAdmin = (await staff.ListVersionedAsync(admin.TenantId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(m => m.Value.Has(StaffRoles.Admin) && !string.Equals(m.Value.UserId, userId, StringComparison.OrdinalIgnoreCase));
            return otherAdmin is null
                ? Decision.Stop(StaffChangeStatus.Refused,
                    $"{member.DisplayName} is the clinic's only admin, so I can't remove the admin role: no one would be left to manage staff. Make someone else an admin first (**staff add [name] as admin**). Nothing was changed.")
                : Decision.Save(updated, current.ETag, done, keepUnchanged: otherAdmin);
        }, cancellationToken);

    public Task<StaffChangeOutcome> AssignSupervisorAsync(Caller admin, string changeId, string clinicianId, string supervisorId, CancellationToken cancellationToken) =>
        ApplyAsync(admin, $"{changeId}|supervisor|{supervisorId}|{clinicianId}", clinicianId, $"supervisor {supervisorId}", async () =>
        {
            var clinician = await staff.FindAsync(admin.TenantId, clinicianId, cancellationToken).ConfigureAwait(false);
            var supervisor = await staff.FindAsync(admin.TenantId, supervisorId, cancellationToken).ConfigureAwait(false);
            if (clinician is null || supervisor is null)
            {
                return Decision.Stop(StaffChangeStatus.Refused, "Both people must be staff: a clinician and a supervisor. Say **staff** to see who is. Nothing was changed.");
            }

            var name = clinician.Value.DisplayName;
            var supervisorName = supervisor.Value.DisplayName;
            if (string.Equals(clinicianId, supervisorId, StringComparison.OrdinalIgnoreCase))
            {
                return Decision.Stop(StaffChangeStatus.Refused, $"{name} can't supervise themselves. Nothing was changed.");
            }

            if (!clinician.Value.Has(StaffRoles.Clinician))
            {
                return Decision.Stop(StaffChangeStatus.Refused,
                    $"{name} doesn't have the clinician role, and supervisors are assigned to clinicians. Add it first (**staff add {name} as clinician**). Nothing was changed.");
            }

            if (!supervisor.Value.Has(StaffRoles.Supervisor))
            {
                return Decision.Stop(StaffChangeStatus.Refused,
                    $"{supervisorName} doesn't have the supervisor role. Add it first (**staff add {supervisorName} as supervisor**), then assign them. Nothing was changed.");
            }

            var done = $"{supervisorName} now supervises {name}, and will receive the progress cards and risk alerts about {name}'s clients.";
            if (string.Equals(clinician.Value.SupervisorId, supervisorId, StringComparison.OrdinalIgnoreCase))
            {
                return Decision.Already(done, $"{supervisorName} already supervises {name}, so nothing was changed.");
            }

            // The supervisor's entry goes into the transaction unchanged, so a role removed meanwhile is noticed.
            return Decision.Save(clinician.Value with { SupervisorId = supervisorId }, clinician.ETag, done, SupervisorAssigned(admin.TenantId, supervisorId, cancellationToken), keepUnchanged: supervisor);
        }, cancellationToken);

    /// <summary>
    /// Stores a bootstrap admin's entry the first time they manage staff, with their Teams name and chat, so they are
    /// listed by name and reachable like everyone else.
    /// </summary>
    public async Task RecordBootstrapAdminAsync(Caller admin, StaffMember member, string etag, BotCore.Schema.ConversationReference personalChat, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(etag) || !staff.IsBootstrapAdmin(admin.UserId))
        {
            return;
        }

        await audit.WriteStaffChangeAsync(admin, $"bootstrap|{admin.UserId}", admin.UserId, "record admin from settings", cancellationToken).ConfigureAwait(false);
        try
        {
            var name = string.IsNullOrWhiteSpace(admin.DisplayName) ? member.DisplayName : admin.DisplayName.Trim();
            await staff.SaveAsync(member with { DisplayName = name, PersonalChat = personalChat }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
        }
    }

    private Func<Task> SupervisorAssigned(string tenantId, string supervisorId, CancellationToken cancellationToken) => async () =>
    {
        foreach (var assignment in assignments)
        {
            await assignment.SupervisorAssignedAsync(tenantId, supervisorId, cancellationToken).ConfigureAwait(false);
        }
    };

    // Their clinicians keep pointing at them until reassigned; say who, so no one's risk alerts go unread.
    private async Task<string> StillSupervisedAsync(string tenantId, StaffMember supervisor, CancellationToken cancellationToken)
    {
        var clinicians = (await staff.ListAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Where(m => string.Equals(m.SupervisorId, supervisor.UserId, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.DisplayName)
            .Order(StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return clinicians.Count == 0
            ? string.Empty
            : $" Attention: they are still named as supervisor of {string.Join(", ", clinicians)}, who need a new supervisor (**staff supervisor [clinician] is [supervisor]**).";
    }

    private async Task<StaffChangeOutcome> ApplyAsync(Caller admin, string auditKey, string subjectId, string change, Func<Task<Decision>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var decision = await decide().ConfigureAwait(false);
            if (decision.Status == StaffChangeStatus.AlreadySo)
            {
                // Already so because this very activity made the change in an earlier run of the turn?
                return await audit.HasStaffChangeAsync(admin.TenantId, auditKey, cancellationToken).ConfigureAwait(false)
                    ? new StaffChangeOutcome(StaffChangeStatus.Done, decision.DoneMessage!)
                    : new StaffChangeOutcome(StaffChangeStatus.AlreadySo, decision.Message);
            }

            if (decision.Member is null)
            {
                return new StaffChangeOutcome(decision.Status, decision.Message);
            }

            await audit.WriteStaffChangeAsync(admin, auditKey, subjectId, change, cancellationToken).ConfigureAwait(false);
            try
            {
                if (decision.KeepUnchanged is { } unchanged)
                {
                    await staff.SaveKeepingUnchangedAsync(decision.Member, decision.ETag, [unchanged], cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await staff.SaveAsync(decision.Member, decision.ETag, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.AlreadyExists or StorageErrorKind.NotFound)
            {
                continue;
            }

            if (decision.AfterSave is { } afterSave)
            {
                await afterSave().ConfigureAwait(false);
            }

            return new StaffChangeOutcome(StaffChangeStatus.Done, decision.Message);
        }

        return new StaffChangeOutcome(StaffChangeStatus.Refused, ChangedMeanwhile);
    }

    private sealed record Decision(StaffChangeStatus Status, string Message)
    {
        public StaffMember? Member { get; init; }

        public string ETag { get; init; } = string.Empty;

        public Versioned<StaffMember>? KeepUnchanged { get; init; }

        public string? DoneMessage { get; init; }

        public Func<Task>? AfterSave { get; init; }

        public static Decision Stop(StaffChangeStatus status, string message) => new(status, message);

        public static Decision Already(string doneMessage, string alreadyMessage) => new(StaffChangeStatus.AlreadySo, alreadyMessage) { DoneMessage = doneMessage };

        public static Decision Save(StaffMember member, string etag, string doneMessage, Func<Task>? afterSave = null, Versioned<StaffMember>? keepUnchanged = null) =>
            new(StaffChangeStatus.Done, doneMessage) { Member = member, ETag = etag, AfterSave = afterSave, KeepUnchanged = keepUnchanged };
    }
}
