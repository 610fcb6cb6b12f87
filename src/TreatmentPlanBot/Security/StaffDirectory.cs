using System.Text.Json;
using BotCore.Storage;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Security;

/// <summary>
/// The clinic's staff and their roles, one partition per tenant. The first admin comes from the settings
/// (<see cref="ClinicOptions.BootstrapAdmins"/>), so a new clinic can enrol everyone else from Teams.
/// Inside a turn (<see cref="BeginTurn"/>) each entry is read from storage at most once: the handler, its dialogs and
/// the access gate share that read. Nothing outlives the turn, so a change made on any instance is seen by the next turn.
/// </summary>
public sealed class StaffDirectory(ITableStore store, IOptions<ClinicOptions> options)
{
    public const string TableName = "Staff";

    private static readonly AsyncLocal<TurnReads?> Turn = new();

    /// <summary>
    /// Starts sharing reads for the calls that flow from here (one attempt of one turn); dispose to stop. A re-run of
    /// the turn after a lost race begins again, so it reads fresh.
    /// </summary>
    public static IDisposable BeginTurn()
    {
        var previous = Turn.Value;
        Turn.Value = new TurnReads();
        return new TurnScope(previous);
    }

    /// <summary>The staff member, or null when the user is not enrolled. A bootstrap admin is always at least an admin.</summary>
    public Task<Versioned<StaffMember>?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        Turn.Value is { } reads ? reads.FindAsync((tenantId, userId), () => ReadAsync(tenantId, userId, cancellationToken)) : ReadAsync(tenantId, userId, cancellationToken);

    private async Task<Versioned<StaffMember>?> ReadAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(tenantId), TableKey.Escape(userId), cancellationToken).ConfigureAwait(false);
        var member = entity is null ? null : JsonSerializer.Deserialize<StaffMember>(TableDocument.Read(entity), RecordJson.Options);
        if (IsBootstrapAdmin(userId))
        {
            var admin = member ?? new StaffMember(tenantId, userId, "Administrator", StaffRoles.None);
            member = admin with { Roles = admin.Roles | StaffRoles.Admin };
        }

        return member is null ? null : new Versioned<StaffMember>(member, entity?.ETag ?? string.Empty);
    }

    /// <summary>Adds or replaces a staff member (an empty <paramref name="ifMatch"/> means "not stored yet").</summary>
    public async Task<string> SaveAsync(StaffMember member, string? ifMatch, CancellationToken cancellationToken)
    {
        Forget(member);
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = ToEntity(member);
        return string.IsNullOrEmpty(ifMatch)
            ? await table.InsertAsync(entity, cancellationToken).ConfigureAwait(false)
            : await table.ReplaceAsync(entity, ifMatch, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        [.. (await ListVersionedAsync(tenantId, cancellationToken).ConfigureAwait(false)).Select(v => v.Value)];

    /// <summary>The stored staff entries with their ETags (bootstrap admins appear only once stored).</summary>
    public async Task<IReadOnlyList<Versioned<StaffMember>>> ListVersionedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        return await table.QueryAllAsync(TableKey.Escape(tenantId), cancellationToken: cancellationToken)
            .Select(e => new Versioned<StaffMember>(JsonSerializer.Deserialize<StaffMember>(TableDocument.Read(e), RecordJson.Options)!, e.ETag ?? string.Empty))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces <paramref name="member"/> only if the entries in <paramref name="unchanged"/> still have the ETags they
    /// were read with: one entity-group transaction, as the tenant's staff share a partition. This is how a rule over
    /// several people (the tenant keeps at least one admin) holds when two admins change roles at the same moment.
    /// <see cref="StorageErrorKind.Conflict"/> when any of them changed.
    /// </summary>
    public async Task SaveKeepingUnchangedAsync(StaffMember member, string ifMatch, IReadOnlyList<Versioned<StaffMember>> unchanged, CancellationToken cancellationToken)
    {
        Forget(member);
        foreach (var other in unchanged)
        {
            Forget(other.Value);
        }

        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var operations = new List<TableOperation> { TableOperation.Replace(ToEntity(member), ifMatch) };
        operations.AddRange(unchanged.Select(u => TableOperation.Replace(ToEntity(u.Value), u.ETag)));
        await table.SubmitBatchAsync(operations, cancellationToken).ConfigureAwait(false);
    }

    public bool IsBootstrapAdmin(string userId) =>
        options.Value.BootstrapAdmins.Contains(userId, StringComparer.OrdinalIgnoreCase);

    private static TableEntity ToEntity(StaffMember member) =>
        TableDocument.Create(TableKey.Escape(member.TenantId), TableKey.Escape(member.UserId),
            JsonSerializer.SerializeToNode(member, RecordJson.Options)!,
            new Dictionary<string, object?> { ["Roles"] = (int)member.Roles });

    // A write in this turn makes the turn's copy stale, whether the write succeeds or loses a race: read again.
    private static void Forget(StaffMember member) => Turn.Value?.Forget((member.TenantId, member.UserId));

    /// <summary>One turn's reads, by the keys exactly as stored (table keys are case-sensitive).</summary>
    private sealed class TurnReads
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string TenantId, string UserId), Task<Versioned<StaffMember>?>> entries = new();

        public async Task<Versioned<StaffMember>?> FindAsync((string, string) key, Func<Task<Versioned<StaffMember>?>> read)
        {
            var shared = entries.GetOrAdd(key, _ => read());
            try
            {
                return await shared.ConfigureAwait(false);
            }
            catch
            {
                // A failed read is not shared: the next caller in the turn tries storage again.
                entries.TryRemove(new KeyValuePair<(string, string), Task<Versioned<StaffMember>?>>(key, shared));
                throw;
            }
        }

        public void Forget((string, string) key) => entries.TryRemove(key, out _);
    }

    private sealed class TurnScope(TurnReads? previous) : IDisposable
    {
        public void Dispose() => Turn.Value = previous;
    }
}
