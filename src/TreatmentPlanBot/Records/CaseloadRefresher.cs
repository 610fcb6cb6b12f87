using BotCore.Time;
using Microsoft.Extensions.Logging;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Records;

/// <summary>
/// Rebuilds a client's caseload line from their file. Called after every change to the file; because it
/// rewrites the whole line from the source records, a refresh that failed once is healed by the next.
/// </summary>
public sealed class CaseloadRefresher(ClientRecords records, CaseloadIndex caseload, Clocks clocks, ILogger<CaseloadRefresher> logger)
{
    /// <summary>
    /// Best effort: the change that called it is already stored, and the line heals on the next change, so a storage
    /// failure here is logged and never fails (or delays the safety response of) the caller. False when it failed.
    /// </summary>
    public async Task<bool> RefreshAsync(string clientId, CancellationToken cancellationToken)
    {
        try
        {
            await RebuildAsync(clientId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BotCore.Storage.StorageException exception)
        {
            logger.LogWarning("Caseload line of client {ClientId} not refreshed ({Kind})", clientId, exception.Kind);
            return false;
        }
    }

    /// <summary>After a handover: the line leaves the former clinician's caseload and is rebuilt under the new one. Best effort, as <see cref="RefreshAsync"/>.</summary>
    public async Task<bool> MoveAsync(string tenantId, string fromClinicianId, string clientId, CancellationToken cancellationToken)
    {
        try
        {
            await caseload.RemoveAsync(tenantId, fromClinicianId, clientId, cancellationToken).ConfigureAwait(false);
        }
        catch (BotCore.Storage.StorageException exception)
        {
            logger.LogWarning("Caseload line of client {ClientId} not removed from the former clinician ({Kind})", clientId, exception.Kind);
        }

        return await RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
    }

    private async Task RebuildAsync(string clientId, CancellationToken cancellationToken)
    {
        var enrolment = (await records.GetEnrolmentAsync(clientId, cancellationToken).ConfigureAwait(false))?.Value;
        if (enrolment is null)
        {
            return;
        }

        var plan = (await records.GetPlanAsync(clientId, cancellationToken).ConfigureAwait(false))?.Value;
        var assessments = await records.ListAssessmentsAsync(clientId, cancellationToken).ConfigureAwait(false);
        var risks = await records.ListRiskEventsAsync(clientId, cancellationToken).ConfigureAwait(false);
        await caseload.UpsertAsync(enrolment.TenantId, enrolment.ClinicianId, Build(enrolment, plan, assessments, risks, clocks.Fallback.Today), cancellationToken).ConfigureAwait(false);
    }

    internal static CaseloadEntry Build(ClientEnrolment enrolment, TreatmentPlan? plan, IReadOnlyList<AssessmentRecord> assessments, IReadOnlyList<RiskEvent> risks, DateOnly today)
    {
        var latest = assessments.Where(a => a.Total is not null).MaxBy(a => a.AdministeredAt);
        var openRisk = risks.Where(r => r.AcknowledgedAt is null).MinBy(r => r.RaisedAt);
        var overdue = plan?.Objectives.Count(o =>
            o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress
            && o.AnticipatedCompletion is { } due && due < today) ?? 0;
        return new CaseloadEntry(
            enrolment.ClientId,
            enrolment.DisplayName,
            enrolment.Status,
            latest?.InstrumentName,
            latest?.Total,
            latest?.Band,
            latest?.AdministeredAt,
            openRisk?.RaisedAt,
            plan?.NextReviewDue(),
            overdue);
    }
}
