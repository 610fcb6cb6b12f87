using System.Text.Json;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Security;

/// <summary>
/// Someone who messaged the bot but is not staff: admins name people by display name, rarely by Entra object id,
/// so the bot remembers who asked. No client data is involved.
/// </summary>
public sealed record AccessRequest(string TenantId, string UserId, string DisplayName, DateTimeOffset FirstSeen, DateTimeOffset LastSeen)
{
    /// <summary>Their personal chat with the bot, carried over to the staff entry when a role is granted.</summary>
    public ConversationReference? PersonalChat { get; init; }
}

/// <summary>People waiting for access, one partition per tenant, one row per user.</summary>
public sealed class AccessRequests(ITableStore store, TimeProvider time)
{
    public const string TableName = "AccessRequests";

    /// <summary>
    /// Remembers an unknown sender, writing at most once per user per day: this runs on their every message, and a
    /// point read is cheaper than a write.
    /// </summary>
    public async Task NoteAsync(Caller caller, ConversationReference personalChat, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var known = await FindAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false);
        if (known is not null && known.LastSeen.UtcDateTime.Date == now.UtcDateTime.Date)
        {
            return;
        }

        var name = string.IsNullOrWhiteSpace(caller.DisplayName) ? known?.DisplayName ?? "Name not shared by Teams" : caller.DisplayName.Trim();
        var request = new AccessRequest(caller.TenantId, caller.UserId, name, known?.FirstSeen ?? now, now) { PersonalChat = personalChat };
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        await table.UpsertAsync(TableDocument.Create(TableKey.Escape(caller.TenantId), TableKey.Escape(caller.UserId),
            JsonSerializer.SerializeToNode(request, RecordJson.Options)!), cancellationToken).ConfigureAwait(false);
    }

    public async Task<AccessRequest?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(tenantId), TableKey.Escape(userId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : JsonSerializer.Deserialize<AccessRequest>(TableDocument.Read(entity), RecordJson.Options);
    }

    /// <summary>Everyone waiting in the tenant, most recently seen first.</summary>
    public async Task<IReadOnlyList<AccessRequest>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var requests = await table.QueryAllAsync(TableKey.Escape(tenantId), cancellationToken: cancellationToken)
            .Select(e => JsonSerializer.Deserialize<AccessRequest>(TableDocument.Read(e), RecordJson.Options)!)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. requests.OrderByDescending(r => r.LastSeen)];
    }

    /// <summary>Forgets the request once the person is staff.</summary>
    public async Task RemoveAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        await table.DeleteAsync(TableKey.Escape(tenantId), TableKey.Escape(userId), "*", cancellationToken).ConfigureAwait(false);
    }
}
