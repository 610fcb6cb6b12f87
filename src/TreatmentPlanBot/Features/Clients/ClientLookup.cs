using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Features.Clients;

/// <summary>
/// Finds a clinician's own clients by id or name. It searches only their caseload, so another clinician's client
/// can never be found this way, whatever is typed.
/// </summary>
public sealed class ClientLookup(CaseloadIndex caseload)
{
    public async Task<IReadOnlyList<CaseloadEntry>> FindAsync(string tenantId, string clinicianId, string query, CancellationToken cancellationToken)
    {
        var clients = await caseload.ListAsync(tenantId, clinicianId, cancellationToken).ConfigureAwait(false);
        var trimmed = query.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }

        var byId = clients.Where(c => string.Equals(c.ClientId, trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byId.Count > 0)
        {
            return byId;
        }

        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var matches = clients.Where(c => words.All(w => c.DisplayName.Contains(w, StringComparison.CurrentCultureIgnoreCase))).ToList();
        var exact = matches.Where(c => string.Equals(c.DisplayName, trimmed, StringComparison.CurrentCultureIgnoreCase)).ToList();
        return exact.Count == 1 ? exact : matches;
    }
}
