using TreatmentPlanBot.Features.Supervision;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>The supervisor's card: an insurance authorisation running low, ending soon, or not covering the plan's objectives.</summary>
internal sealed class AuthorisationSupervisionItems(SessionCards cards) : ISupervisionItemSource
{
    public async Task<IReadOnlyList<SupervisionItem>> ItemsAsync(SupervisionClient client, CancellationToken cancellationToken)
    {
        if ((await client.View.GetSharedProfileAsync(cancellationToken).ConfigureAwait(false))?.Insurance is not { } insurance)
        {
            return [];
        }

        var standing = cards.Standing(insurance, client.Plan, client.Today);
        return standing.NeedsAttention
            ? [new SupervisionItem(SupervisionUrgency.Attention, AuthorisationWords.Ending(standing) ?? AuthorisationWords.Projection(standing))]
            : [];
    }
}
