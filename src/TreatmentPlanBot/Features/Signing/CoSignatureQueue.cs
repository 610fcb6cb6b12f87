using Microsoft.Extensions.Options;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>A plan version the clinician signed that waits for the supervisor's co-signature.</summary>
public sealed record AwaitingCoSignature(string ClientId, string ClientDisplayName, string ClinicianId, int Version, DateTimeOffset ClinicianSignedAt);

/// <summary>
/// "Plans awaiting co-signature for supervisor X": the supervisees' clients whose current plan version the clinician has
/// signed and the supervisor has not, when the clinic requires co-signatures. Each plan is read as the supervisor
/// through <see cref="ClientFiles.OpenClinicalViewAsync"/> (checked and audited), so nothing outside their supervision
/// is listed. For the supervisor's digest.
/// </summary>
public sealed class CoSignatureQueue(ClientFiles files, StaffDirectory staff, CaseloadIndex caseload, IOptions<PlanSigningOptions> options)
{
    public async Task<IReadOnlyList<AwaitingCoSignature>> AwaitingAsync(Caller supervisor, CancellationToken cancellationToken)
    {
        if (!options.Value.SupervisorCoSignRequired)
        {
            return [];
        }

        var awaiting = new List<AwaitingCoSignature>();
        var supervisees = (await staff.ListAsync(supervisor.TenantId, cancellationToken).ConfigureAwait(false))
            .Where(m => string.Equals(m.SupervisorId, supervisor.UserId, StringComparison.OrdinalIgnoreCase) && m.Has(StaffRoles.Clinician));
        foreach (var clinician in supervisees)
        {
            foreach (var entry in await caseload.ListAsync(supervisor.TenantId, clinician.UserId, cancellationToken).ConfigureAwait(false))
            {
                var opened = await files.OpenClinicalViewAsync(supervisor, entry.ClientId, "co-signature queue", cancellationToken).ConfigureAwait(false);
                if (opened.File is null || await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { Value: var plan })
                {
                    continue;
                }

                if (PlanSigning.SignatureOf(plan, SignerRole.Clinician) is { } signed && !plan.IsSignedBy(SignerRole.Supervisor)
                    && plan.Status is not (PlanStatus.Completed or PlanStatus.Discharged))
                {
                    awaiting.Add(new AwaitingCoSignature(entry.ClientId, opened.File.Enrolment.DisplayName, clinician.UserId, plan.Version, signed.SignedAt));
                }
            }
        }

        return [.. awaiting.OrderBy(a => a.ClinicianSignedAt)];
    }
}
