using Microsoft.Extensions.Options;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Features.Supervision;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>The supervisor's card: a plan version the clinician signed that waits for the supervisor's co-signature (when the clinic requires one).</summary>
internal sealed class CoSignatureSupervisionItems(IOptions<PlanSigningOptions> options) : ISupervisionItemSource
{
    public Task<IReadOnlyList<SupervisionItem>> ItemsAsync(SupervisionClient client, CancellationToken cancellationToken)
    {
        IReadOnlyList<SupervisionItem> items = options.Value.SupervisorCoSignRequired
            && client.Plan is { Status: not (PlanStatus.Completed or PlanStatus.Discharged) } plan
            && PlanSigning.SignatureOf(plan, SignerRole.Clinician) is { } signed
            && !plan.IsSignedBy(SignerRole.Supervisor)
                ? [new SupervisionItem(SupervisionUrgency.Attention, $"Plan version {plan.Version} awaits your co-signature (the clinician signed {ObjectiveMeasures.Display(DateOnly.FromDateTime(signed.SignedAt.UtcDateTime))})")]
                : [];
        return Task.FromResult(items);
    }
}
