using Microsoft.Extensions.Options;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>A client whose authorisation needs attention, with the words for it.</summary>
public sealed record AuthorisationAttention(string ClientId, string DisplayName, InsuranceAuthorisation Authorisation, AuthorisationStanding Standing, string Summary);

/// <summary>
/// Authorisations as others need them. For the supervisor's digest: <see cref="RunningOutForAsync"/> lists, of the
/// clients given, those whose authorisation runs low, ends within the warning days, has expired, or does not cover the
/// plan's open objectives. Each client is opened through the gate as <paramref name="caller"/> (read-only, audited):
/// clients the caller may not read are left out without a word.
/// </summary>
public sealed class Authorisations(ClientFiles files, SessionCards cards, IOptions<SessionsOptions> options)
{
    public AuthorisationThresholds Thresholds => options.Value.Thresholds;

    public async Task<IReadOnlyList<AuthorisationAttention>> RunningOutForAsync(Caller caller, IEnumerable<string> clientIds, DateOnly today, CancellationToken cancellationToken)
    {
        var found = new List<AuthorisationAttention>();
        foreach (var clientId in clientIds.Distinct(StringComparer.Ordinal))
        {
            var opened = await files.OpenClinicalViewAsync(caller, clientId, "authorisation", cancellationToken).ConfigureAwait(false);
            if (opened.File is not { } view || (await view.GetSharedProfileAsync(cancellationToken).ConfigureAwait(false))?.Insurance is not { } insurance)
            {
                continue;
            }

            var plan = (await view.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
            var standing = cards.Standing(insurance, plan, today);
            if (standing.NeedsAttention)
            {
                var summary = AuthorisationWords.Ending(standing) ?? AuthorisationWords.Projection(standing);
                found.Add(new AuthorisationAttention(clientId, view.Enrolment.DisplayName, insurance, standing, summary));
            }
        }

        return found;
    }
}
