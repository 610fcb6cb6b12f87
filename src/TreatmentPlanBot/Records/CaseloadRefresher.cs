using BotCore.Time;
using Microsoft.Extensions.Logging;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Outcomes;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Templates;

namespace TreatmentPlanBot.Records;

/// <summary>
/// Rebuilds a client's caseload line from their file. Called after every change to the file; because it
/// rewrites the whole line from the source records, a refresh that failed once is healed by the next.
/// </summary>
public sealed class CaseloadRefresher(ClientRecords records, CaseloadIndex caseload, TemplateLibrary areas, Clocks clocks, IEnumerable<IPlanObserver> observers, ILogger<CaseloadRefresher> logger)
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
        var profile = (await records.GetProfileAsync(clientId, cancellationToken).ConfigureAwait(false))?.Value;
        var schedule = (await records.CheckIns.GetScheduleAsync(clientId, cancellationToken).ConfigureAwait(false))?.Value;
        var checkIns = await records.CheckIns.ListAsync(clientId, cancellationToken).ConfigureAwait(false);
        var today = clocks.Fallback.Today;
        var entry = Build(enrolment, plan, assessments, risks, today) with
        {
            OtherNames = profile is null ? null : OtherNames(enrolment.DisplayName, profile.Name),
            CheckInsNote = CheckInsNote(schedule, checkIns),
            Authorisation = Authorisation(profile?.Insurance, plan, today),
        };
        await caseload.UpsertAsync(enrolment.TenantId, enrolment.ClinicianId, entry, cancellationToken).ConfigureAwait(false);
        if (plan is not null)
        {
            foreach (var observer in observers)
            {
                await observer.PlanChangedAsync(enrolment, plan, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private CaseloadAuthorisation? Authorisation(InsuranceAuthorisation? insurance, TreatmentPlan? plan, DateOnly today)
    {
        if (insurance is null)
        {
            return null;
        }

        // Thresholds do not matter here: the caseload card judges "running low" and "expiring soon" on the day it is shown.
        var standing = AuthorisationStanding.Of(insurance, plan, FrequenciesOf(plan, areas), new AuthorisationThresholds(0, 0), today);
        return new CaseloadAuthorisation(insurance.SessionsUsed, insurance.SessionsAuthorised, insurance.Expiry, standing.Outlook.SessionsRunOutAround, standing.Outlook.Covered);
    }

    /// <summary>The session frequencies of the plan's problem areas, from their templates.</summary>
    public static IReadOnlyList<SessionFrequency> FrequenciesOf(TreatmentPlan? plan, TemplateLibrary areas) =>
        [.. (plan?.Problems ?? []).Select(p => p.AreaId is { } id ? areas.Find(id)?.SessionFrequency : null).OfType<SessionFrequency>()];

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
            // The id ("PHQ-9"), as every line shows it: older records carry the measure's full name there.
            latest?.InstrumentId,
            latest?.Total,
            latest?.Band,
            latest?.AdministeredAt,
            openRisk?.RaisedAt,
            plan?.NextReviewDue(),
            overdue)
        {
            LatestFromCheckIn = latest?.Mode == AssessmentMode.ClientRemote,
        };
    }

    /// <summary>The given and preferred names with the family name, other than the display name: "assess Sky" finds Alex "Sky" Example.</summary>
    internal static IReadOnlyList<string>? OtherNames(string displayName, TreatmentPlanning.Clients.PersonName name)
    {
        var names = new[] { $"{name.Given} {name.Family}", name.Preferred is { Length: > 0 } preferred ? $"{preferred} {name.Family}" : null }
            .OfType<string>()
            .Where(n => !string.Equals(n, displayName, StringComparison.CurrentCultureIgnoreCase))
            .Distinct(StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return names.Count == 0 ? null : names;
    }

    /// <summary>
    /// Check-ins the clinician should act on, in words: stopped by the client, the latest not delivered (blocked), and
    /// those missed (expired or declined) since the last one answered. Null when there is nothing to say.
    /// </summary>
    internal static string? CheckInsNote(CheckInSchedule? schedule, IReadOnlyList<CheckIn> checkIns)
    {
        var notes = new List<string>();
        if (schedule is { Active: false, StoppedBecause: { } because })
        {
            notes.Add($"Check-ins stopped: {because}");
        }

        var closed = checkIns.Where(c => !c.IsOpen && c.Status != CheckInStatus.Withdrawn).ToList();
        if (closed.LastOrDefault() is { Status: CheckInStatus.Undelivered } undelivered)
        {
            notes.Add($"Last check-in not delivered: {Reason(undelivered.DeliveryProblem)}");
        }

        var sinceAnswered = closed.Skip(closed.FindLastIndex(c => c.Status == CheckInStatus.Answered) + 1).ToList();
        var missed = sinceAnswered.Count(c => c.Status == CheckInStatus.Expired);
        var declined = sinceAnswered.Count(c => c.Status == CheckInStatus.Declined);
        if (missed + declined > 0)
        {
            var parts = new[] { missed > 0 ? $"{missed} missed" : null, declined > 0 ? $"{declined} declined" : null }.OfType<string>();
            notes.Add($"Check-ins: {string.Join(", ", parts)} since the last one answered");
        }

        return notes.Count == 0 ? null : string.Join(". ", notes.Select(n => n.TrimEnd('.'))) + ".";
    }

    // The notifier's sentence starts with the kind's lead ("not sent: "); the caseload says that already.
    private static string Reason(string? problem) =>
        problem is null ? "the client could not be reached" : problem.StartsWith("not sent: ", StringComparison.Ordinal) ? problem["not sent: ".Length..] : problem;
}
