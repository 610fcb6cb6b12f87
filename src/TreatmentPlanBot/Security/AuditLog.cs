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

/// <summary>
/// The audit log: one partition per client (so "who has touched this record" is one query), rows in time order.
/// An audit write that fails stops the access it describes: an unaudited read of a client record must not happen.
/// </summary>
public sealed class AuditLog(ITableStore store, TimeProvider time, ILogger<AuditLog> logger)
{
    public const string TableName = "Audit";

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
        var entries = new List<AuditEntry>();
        string? continuation = null;
        do
        {
            var page = await table.QueryAsync(TableKey.Escape(clientId), null, 1000, continuation, cancellationToken).ConfigureAwait(false);
            entries.AddRange(page.Entities.Select(e => new AuditEntry(
                (DateTimeOffset)e.Properties["At"]!,
                e.GetString("TenantId")!,
                e.GetString("ActorId")!,
                e.GetString("Action")!,
                clientId,
                e.GetString("Record")!,
                (bool)e.Properties["Allowed"]!,
                e.GetString("Reason"))));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return entries;
    }
}
