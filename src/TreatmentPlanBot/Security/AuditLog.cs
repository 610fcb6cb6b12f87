using System.Globalization;
using BotCore.Storage;
using Microsoft.Extensions.Logging;

namespace TreatmentPlanBot.Security;

/// <summary>One access to a client record: who, what, when, which record, and whether it was allowed.</summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string TenantId,
    string ActorId,
    string Action,
    string ClientId,
    string Record,
    bool Allowed,
    string? Reason = null);

/// <summary>One change to the clinic's staff: who made it, to whom, and what ("grant Clinician", "supervisor staff-9").</summary>
public sealed record StaffAuditEntry(DateTimeOffset At, string TenantId, string ActorId, string SubjectId, string Change);

/// <summary>
/// The audit log: one partition per client (so "who has touched this record" is one query), rows in time order.
/// An audit write that fails stops the access it describes: an unaudited read of a client record must not happen.
/// </summary>
public sealed class AuditLog(ITableStore store, TimeProvider time, ILogger<AuditLog> logger)
{
    public const string TableName = "Audit";

    /// <summary>Staff changes, one partition per tenant: kept apart so no client id can ever share their partition.</summary>
    public const string StaffTableName = "StaffAudit";

    public async Task WriteAsync(Caller caller, string action, string clientId, string record, bool allowed, string? reason, CancellationToken cancellationToken)
    {
        var entry = new AuditEntry(time.GetUtcNow(), caller.TenantId, caller.UserId, action, clientId, record, allowed, reason);
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var row = $"{entry.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff", CultureInfo.InvariantCulture)}|{Guid.NewGuid():N}";
        await table.InsertAsync(new TableEntity(TableKey.Escape(clientId), row, new Dictionary<string, object?>
        {
            ["At"] = entry.At,
            ["TenantId"] = entry.TenantId,
            ["ActorId"] = entry.ActorId,
            ["Action"] = entry.Action,
            ["Record"] = entry.Record,
            ["Allowed"] = entry.Allowed,
            ["Reason"] = entry.Reason,
        }), cancellationToken).ConfigureAwait(false);

        if (!allowed)
        {
            logger.LogWarning("Access denied: actor {ActorId} action {Action} client {ClientId} record {Record} reason {Reason}",
                caller.UserId, action, clientId, record, reason);
        }
    }

    /// <summary>The client's audit trail, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string clientId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        return await table.QueryAllAsync(TableKey.Escape(clientId), cancellationToken: cancellationToken)
            .Select(e => new AuditEntry(
                (DateTimeOffset)e.Properties["At"]!,
                e.GetString("TenantId")!,
                e.GetString("ActorId")!,
                e.GetString("Action")!,
                clientId,
                e.GetString("Record")!,
                (bool)e.Properties["Allowed"]!,
                e.GetString("Reason")))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }
    /// <summary>
    /// Records a change to the staff directory in the tenant's partition of the staff audit, before the change is stored (as
    /// for client records: no unaudited change). <paramref name="changeId"/> is derived from the incoming activity, so
    /// a turn that runs again writes the same row once.
    /// </summary>
    public async Task WriteStaffChangeAsync(Caller actor, string changeId, string subjectId, string change, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(StaffTableName, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.InsertAsync(new TableEntity(StaffPartition(actor.TenantId), TableKey.Escape(changeId), new Dictionary<string, object?>
            {
                ["At"] = time.GetUtcNow(),
                ["TenantId"] = actor.TenantId,
                ["ActorId"] = actor.UserId,
                ["SubjectId"] = subjectId,
                ["Change"] = change,
            }), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
        }

        logger.LogInformation("Staff change {Change} by {ActorId} for {SubjectId}", change, actor.UserId, subjectId);
    }

    /// <summary>Whether the change with this id was already recorded (a turn running again, not a new request).</summary>
    public async Task<bool> HasStaffChangeAsync(string tenantId, string changeId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(StaffTableName, cancellationToken).ConfigureAwait(false);
        return await table.GetAsync(StaffPartition(tenantId), TableKey.Escape(changeId), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>The tenant's staff changes, oldest first.</summary>
    public async Task<IReadOnlyList<StaffAuditEntry>> ListStaffChangesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(StaffTableName, cancellationToken).ConfigureAwait(false);
        var entries = await table.QueryAllAsync(StaffPartition(tenantId), cancellationToken: cancellationToken)
            .Select(e => new StaffAuditEntry(
                (DateTimeOffset)e.Properties["At"]!, e.GetString("TenantId")!, e.GetString("ActorId")!, e.GetString("SubjectId")!, e.GetString("Change")!))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries.OrderBy(e => e.At)];
    }

    private static string StaffPartition(string tenantId) => TableKey.Escape(tenantId);
}
