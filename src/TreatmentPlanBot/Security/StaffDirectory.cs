using System.Text.Json;
using BotCore.Storage;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Security;

/// <summary>
/// The clinic's staff and their roles, one partition per tenant. The first admin comes from the settings
/// (<see cref="ClinicOptions.BootstrapAdmins"/>), so a new clinic can enrol everyone else from Teams.
/// </summary>
public sealed class StaffDirectory(ITableStore store, IOptions<ClinicOptions> options)
{
    public const string TableName = "Staff";

    /// <summary>The staff member, or null when the user is not enrolled. A bootstrap admin is always at least an admin.</summary>
    public async Task<Versioned<StaffMember>?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken)
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
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = TableDocument.Create(TableKey.Escape(member.TenantId), TableKey.Escape(member.UserId),
            JsonSerializer.SerializeToNode(member, RecordJson.Options)!,
            new Dictionary<string, object?> { ["Roles"] = (int)member.Roles });
        return string.IsNullOrEmpty(ifMatch)
            ? await table.InsertAsync(entity, cancellationToken).ConfigureAwait(false)
            : await table.ReplaceAsync(entity, ifMatch, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var members = new List<StaffMember>();
        string? continuation = null;
        do
        {
            var page = await table.QueryAsync(TableKey.Escape(tenantId), null, 1000, continuation, cancellationToken).ConfigureAwait(false);
            members.AddRange(page.Entities.Select(e => JsonSerializer.Deserialize<StaffMember>(TableDocument.Read(e), RecordJson.Options)!));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return members;
    }

    private bool IsBootstrapAdmin(string userId) =>
        options.Value.BootstrapAdmins.Contains(userId, StringComparer.OrdinalIgnoreCase);
}
