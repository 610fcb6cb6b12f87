using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Clients;

/// <summary>
/// Finds clients by id or name among the caller's own caseload and, for a supervisor, their supervisees' caseloads.
/// Nobody else's clients can be found this way, whatever is typed; what the caller may then do with a client found
/// is still decided by <see cref="ClientFiles"/>.
/// </summary>
public sealed class ClientLookup(CaseloadIndex caseload, StaffDirectory staff)
{
    /// <param name="wholeClinic">For an admin: every clinician's clients in the tenant (handing a client over).</param>
    public async Task<IReadOnlyList<CaseloadEntry>> FindAsync(TurnUser user, string query, CancellationToken cancellationToken, bool wholeClinic = false)
    {
        var trimmed = query.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }

        var clients = new List<CaseloadEntry>(await caseload.ListAsync(user.Caller.TenantId, user.Caller.UserId, cancellationToken).ConfigureAwait(false));
        if (user.Is(StaffRoles.Supervisor) || (wholeClinic && user.Is(StaffRoles.Admin)))
        {
            var everyone = wholeClinic && user.Is(StaffRoles.Admin);
            var supervisees = (await staff.ListAsync(user.Caller.TenantId, cancellationToken).ConfigureAwait(false))
                .Where(m => (everyone || string.Equals(m.SupervisorId, user.Caller.UserId, StringComparison.OrdinalIgnoreCase)) && m.UserId != user.Caller.UserId);
            foreach (var supervisee in supervisees)
            {
                clients.AddRange(await caseload.ListAsync(user.Caller.TenantId, supervisee.UserId, cancellationToken).ConfigureAwait(false));
            }
        }

        var byId = clients.Where(c => string.Equals(c.ClientId, trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byId.Count > 0)
        {
            return byId;
        }

        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // A client may be listed under a preferred name and asked for by their given one, or the reverse: search both.
        var matches = clients.Where(c => NamesOf(c).Any(n => words.All(w => n.Contains(w, StringComparison.CurrentCultureIgnoreCase)))).ToList();
        var exact = matches.Where(c => NamesOf(c).Any(n => string.Equals(n, trimmed, StringComparison.CurrentCultureIgnoreCase))).ToList();
        return exact.Count == 1 ? exact : matches;
    }

    private static IEnumerable<string> NamesOf(CaseloadEntry client) => [client.DisplayName, .. client.OtherNames ?? []];
}
