using System.Globalization;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Outcomes;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Supervision;

/// <summary>Open risk events (urgent), and those raised in the last <see cref="RecentDays"/> days and acknowledged.</summary>
public sealed class RiskEventItems : ISupervisionItemSource
{
    public const int RecentDays = 14;

    public Task<IReadOnlyList<SupervisionItem>> ItemsAsync(SupervisionClient client, CancellationToken cancellationToken)
    {
        var items = client.RiskEvents
            .Where(r => r.AcknowledgedAt is null || r.RaisedAt >= client.Now.AddDays(-RecentDays))
            .OrderByDescending(r => r.RaisedAt)
            .Select(r => r.AcknowledgedAt is null
                ? new SupervisionItem(SupervisionUrgency.Urgent, $"Risk ({r.Level}{Remote(r)}): open since {Day(r.RaisedAt)}, not yet acknowledged by the clinician.")
                : new SupervisionItem(SupervisionUrgency.Attention, $"Risk event ({r.Level}{Remote(r)}) on {Day(r.RaisedAt)}, acknowledged {Day(r.AcknowledgedAt.Value)}."))
            .ToList();
        return Task.FromResult<IReadOnlyList<SupervisionItem>>(items);
    }

    // The level and where it was raised; the description can quote the client, so it stays on the plan.
    private static string Remote(Records.RiskEvent risk) => risk.Remote ? ", in a check-in" : string.Empty;

    internal static string Day(DateTimeOffset at) => ObjectiveMeasures.Display(DateOnly.FromDateTime(at.UtcDateTime));
}

/// <summary>
/// Each measure's latest score with its band and the direction since the score before, and the outcome rules
/// (<see cref="OutcomeCalculator"/>): a reliable deterioration is urgent, not on track needs attention.
/// </summary>
public sealed class OutcomeItems(OutcomeCalculator outcomes, IMeasureCatalog catalog) : ISupervisionItemSource
{
    public Task<IReadOnlyList<SupervisionItem>> ItemsAsync(SupervisionClient client, CancellationToken cancellationToken)
    {
        var items = new List<SupervisionItem>();
        foreach (var measure in client.Assessments.Where(a => a.Total is not null).GroupBy(a => a.InstrumentId, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var scores = measure.OrderBy(a => a.AdministeredAt).ToList();
            var latest = scores[^1];
            var higherIsWorse = catalog.Find(measure.Key)?.HigherIsWorse ?? true;
            var change = scores.Count < 2 ? null : Direction(latest.Total!.Value - scores[^2].Total!.Value, higherIsWorse, scores[^2]);
            var band = latest.Band is null ? string.Empty : $" ({latest.Band.ToLowerInvariant()})";
            var outcome = outcomes.Assess(measure.Key, [.. scores.Select(a => new MeasureScore(DateOnly.FromDateTime(a.AdministeredAt.UtcDateTime), a.Total!.Value))], client.Today);
            var deteriorated = outcome.ReliableDeterioration == true;
            items.Add(new SupervisionItem(
                deteriorated ? SupervisionUrgency.Urgent : SupervisionUrgency.Routine,
                $"{latest.InstrumentId}: {latest.Total}{band} on {RiskEventItems.Day(latest.AdministeredAt)}{change}{(deteriorated ? "; reliably worse than at baseline" : string.Empty)}."));
            if (outcome.NotOnTrack is { } signal && !deteriorated)
            {
                items.Add(new SupervisionItem(SupervisionUrgency.Attention, $"Not on track: {signal.Reason}"));
            }
        }

        return Task.FromResult<IReadOnlyList<SupervisionItem>>(items);
    }

    private static string Direction(int change, bool higherIsWorse, Records.AssessmentRecord previous)
    {
        var since = $"{previous.Total} on {RiskEventItems.Day(previous.AdministeredAt)}";
        if (change == 0)
        {
            return $", unchanged from {since}";
        }

        var better = higherIsWorse ? change < 0 : change > 0;
        return string.Create(CultureInfo.InvariantCulture, $", {(change < 0 ? "down" : "up")} {Math.Abs(change)} from {since} ({(better ? "better" : "worse")})");
    }
}

/// <summary>The plan's review: overdue needs attention, due within <see cref="SoonDays"/> days is coming up.</summary>
public sealed class ReviewItems : ISupervisionItemSource
{
    public const int SoonDays = 14;

    public Task<IReadOnlyList<SupervisionItem>> ItemsAsync(SupervisionClient client, CancellationToken cancellationToken)
    {
        IReadOnlyList<SupervisionItem> items = client.Plan is not { Status: not (PlanStatus.Completed or PlanStatus.Discharged) } plan || ReviewDue(plan) is not { } due
            ? []
            : due < client.Today ? [new(SupervisionUrgency.Attention, $"Review overdue since {ObjectiveMeasures.Display(due)}.")]
            : due <= client.Today.AddDays(SoonDays) ? [new(SupervisionUrgency.Soon, $"Review due on {ObjectiveMeasures.Display(due)}.")]
            : [];
        return Task.FromResult(items);
    }

    /// <summary>When the plan is next reviewed: the one place to change when plans carry an editable review date.</summary>
    internal static DateOnly? ReviewDue(TreatmentPlan plan) => plan.NextReviewDue();
}
