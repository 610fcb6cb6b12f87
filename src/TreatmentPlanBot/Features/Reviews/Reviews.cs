using BotCore.Time;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>One client's review state: when the plan is next reviewed, whether that is past, and what the outcome watch raised.</summary>
public sealed record ReviewState(string ClientId, string DisplayName, DateOnly NextReviewDue, bool Overdue, DateOnly? LastReviewed, IReadOnlyList<OutcomeAlert> NotOnTrack);

/// <summary>
/// Reviews due and overdue, and clients not on track, for a list of clients (e.g. a supervisor's digest): each read
/// through <see cref="ClientFiles"/> as the caller (the clinician of record or their supervisor), so clients the caller
/// may not read are left out, and each read is audited.
/// </summary>
public sealed class Reviews(ClientFiles files, OutcomeWatch watch)
{
    /// <param name="clock">The caller's clock: "overdue" is past their own today.</param>
    public async Task<IReadOnlyList<ReviewState>> DueForAsync(Caller caller, IEnumerable<string> clientIds, LocalClock clock, CancellationToken cancellationToken)
    {
        var states = new List<ReviewState>();
        foreach (var clientId in clientIds.Distinct(StringComparer.Ordinal))
        {
            var opened = await files.OpenClinicalViewAsync(caller, clientId, "reviews due", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed || await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { Value: var plan }
                || plan.Status is PlanStatus.Completed or PlanStatus.Discharged)
            {
                continue;
            }

            var due = plan.NextReviewDue();
            var alerts = await watch.AlertsAsync(clientId, cancellationToken).ConfigureAwait(false);
            states.Add(new ReviewState(clientId, opened.File.Enrolment.DisplayName, due, due < clock.Today,
                plan.Reviews.Count == 0 ? null : plan.Reviews.Max(r => r.ReviewedOn), [.. alerts.Where(a => !a.Cleared)]));
        }

        return [.. states.OrderBy(s => s.NextReviewDue)];
    }
}
