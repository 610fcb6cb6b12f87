using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

/// <summary>Someone an admin may mean: a staff member, or a person waiting for access.</summary>
public sealed record StaffCandidate(string UserId, string DisplayName, StaffRoles Roles, DateTimeOffset? WaitingSince)
{
    public bool IsStaff => WaitingSince is null;
}

/// <summary>
/// Finds the person an admin names, by their exact Entra object id or by display name among the tenant's staff and,
/// when asked, the people waiting for access. Only people known to the bot can be found: someone who never wrote
/// to it has no name here to match.
/// </summary>
public sealed class StaffPeople(StaffDirectory staff, AccessRequests accessRequests)
{
    public async Task<IReadOnlyList<StaffCandidate>> FindAsync(string tenantId, string query, bool includeWaiting, CancellationToken cancellationToken)
    {
        var trimmed = query.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }

        var everyone = await EveryoneAsync(tenantId, includeWaiting, cancellationToken).ConfigureAwait(false);
        var byId = everyone.Where(p => string.Equals(p.UserId, trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byId.Count > 0)
        {
            return byId;
        }

        // A bootstrap admin not yet stored is known only by id.
        if (staff.IsBootstrapAdmin(trimmed) && await staff.FindAsync(tenantId, trimmed, cancellationToken).ConfigureAwait(false) is { } admin)
        {
            return [new StaffCandidate(admin.Value.UserId, admin.Value.DisplayName, admin.Value.Roles, null)];
        }

        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var matches = everyone.Where(p => words.All(w => p.DisplayName.Contains(w, StringComparison.CurrentCultureIgnoreCase))).ToList();
        var exact = matches.Where(p => string.Equals(p.DisplayName, trimmed, StringComparison.CurrentCultureIgnoreCase)).ToList();
        return exact.Count == 1 ? exact : matches;
    }

    /// <summary>Staff by name, then the people waiting, most recently seen first.</summary>
    public async Task<IReadOnlyList<StaffCandidate>> EveryoneAsync(string tenantId, bool includeWaiting, CancellationToken cancellationToken)
    {
        var members = await staff.ListAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var people = members
            .OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(m => new StaffCandidate(m.UserId, m.DisplayName, staff.IsBootstrapAdmin(m.UserId) ? m.Roles | StaffRoles.Admin : m.Roles, null))
            .ToList();
        if (includeWaiting)
        {
            var staffIds = people.Select(p => p.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var waiting = await accessRequests.ListAsync(tenantId, cancellationToken).ConfigureAwait(false);
            people.AddRange(waiting.Where(w => !staffIds.Contains(w.UserId)).Select(w => new StaffCandidate(w.UserId, w.DisplayName, StaffRoles.None, w.FirstSeen)));
        }

        return people;
    }
}
