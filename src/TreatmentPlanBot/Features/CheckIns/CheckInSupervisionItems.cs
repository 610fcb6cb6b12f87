using TreatmentPlanBot.Features.Supervision;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>The supervisor's card: check-ins missed, declined or not delivered in the last four weeks, and check-ins the client stopped.</summary>
internal sealed class CheckInSupervisionItems : ISupervisionItemSource
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(28);

    public async Task<IReadOnlyList<SupervisionItem>> ItemsAsync(SupervisionClient client, CancellationToken cancellationToken)
    {
        var items = new List<SupervisionItem>();
        var missed = await CheckInSchedules.MissedSinceAsync(client.View, client.Now - Window, cancellationToken).ConfigureAwait(false);
        if (missed.Count > 0)
        {
            items.Add(new SupervisionItem(missed.Count >= 2 ? SupervisionUrgency.Attention : SupervisionUrgency.Soon,
                $"{missed.Count} check-in{(missed.Count == 1 ? string.Empty : "s")} missed in the last four weeks"));
        }

        if ((await client.View.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false))?.Value is { Active: false, StoppedBecause: { } because })
        {
            items.Add(new SupervisionItem(SupervisionUrgency.Soon, $"Check-ins stopped: {because.TrimEnd('.')}"));
        }

        return items;
    }
}
