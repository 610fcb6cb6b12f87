using System.Text.Json;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Reviews;

public sealed record ScoredAt(string AssessmentId, MeasureScore Score);

public sealed record ScoreSeries(string MeasureId, IReadOnlyList<ScoredAt> Scores);

/// <summary>What the watch remembers per client and measure: the score that last raised the not-on-track card.</summary>
public sealed record OutcomeAlert(string MeasureId, string TriggerAssessmentId, DateOnly TriggerDate, int TriggerScore, bool Deterioration, bool Cleared);

/// <summary>
/// Watches a client's scores for the outcome rules' not-on-track signal (no reliable improvement after the configured
/// weeks, or a reliable deterioration) and tells the clinician of record once, with the three ways forward. Once: the
/// score that raised it is remembered per measure (table <c>OutcomeWatch</c>, written by ETag before sending, so of two
/// instances only the one whose write wins sends), and the card is sent again only when the client got back on track
/// and then off it, or deteriorated (again) reliably beyond the score that raised the last card.
/// Call <see cref="EvaluateAsync"/> after every new score: in-session assessments do; remote check-ins should.
/// </summary>
public sealed class OutcomeWatch(ClientFiles files, OutcomeCalculator outcomes, ITableStore store, PersonalChats chats, Clocks clocks, Notifier notifier, ILogger<OutcomeWatch> logger)
{
    public const string TableName = "OutcomeWatch";

    /// <summary>Evaluates every measure of the client's with two or more scores, as their clinician of record; returns the ids of the cards sent.</summary>
    public async Task<IReadOnlyList<string>> EvaluateAsync(ClientEnrolment client, CancellationToken cancellationToken)
    {
        var opened = await files.OpenClinicalViewAsync(new Caller(client.TenantId, client.ClinicianId, null, InPersonalChat: true), client.ClientId, "outcome watch", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return [];
        }

        var zone = (await chats.FindAsync(client.TenantId, client.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.TimeZoneId;
        var clock = clocks.For(zone);
        var sent = new List<string>();
        foreach (var series in Series(await opened.File.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false), clock))
        {
            var outcome = outcomes.Assess(series.MeasureId, [.. series.Scores.Select(s => s.Score)], clock.Today);
            var latest = series.Scores[^1];
            var stored = await FindAsync(client.ClientId, series.MeasureId, cancellationToken).ConfigureAwait(false);
            OutcomeAlert? next = outcome.NotOnTrack is not { } signal
                ? stored is { Value.Cleared: false } ? stored.Value with { Cleared = true } : null
                : Fires(stored?.Value, signal, series.MeasureId, latest.Score)
                    ? new OutcomeAlert(series.MeasureId, latest.AssessmentId, latest.Score.Date, latest.Score.Score, signal.Deterioration, false)
                    : null;
            if (next is null || !await TryWriteAsync(client.ClientId, next, stored?.ETag, cancellationToken).ConfigureAwait(false) || next.Cleared)
            {
                continue;
            }

            var notification = NotOnTrackNotification.For(client, next);
            await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Not-on-track card {NotificationId} for client {ClientId}", notification.Id, client.ClientId);
            sent.Add(notification.Id);
        }

        return sent;
    }

    /// <summary>The alerts remembered for a client (for a digest: which measures are not on track, since which score).</summary>
    public async Task<IReadOnlyList<OutcomeAlert>> AlertsAsync(string clientId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        return await table.QueryAllAsync(TableKey.Escape(clientId), cancellationToken: cancellationToken)
            .Select(e => TableDocument.Read(e).Deserialize<OutcomeAlert>(RecordJson.Options)!)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Scores per measure, oldest first, with the assessment that gave each; measures with fewer than two are left out.</summary>
    public static IReadOnlyList<ScoreSeries> Series(IReadOnlyList<AssessmentRecord> assessments, LocalClock clock) =>
        [.. assessments
            .Where(a => a.Total is not null)
            .OrderBy(a => a.AdministeredAt)
            .GroupBy(a => a.InstrumentId, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() >= 2)
            .Select(g => new ScoreSeries(g.Key, [.. g.Select(a => new ScoredAt(a.Id, new MeasureScore(clock.DateOf(a.AdministeredAt), a.Total!.Value)))]))];

    private bool Fires(OutcomeAlert? last, NotOnTrackSignal signal, string measureId, MeasureScore latest) =>
        last is null or { Cleared: true }
        || (signal.Deterioration && !last.Deterioration)
        || (signal.Deterioration && outcomes.Assess(measureId, [new MeasureScore(last.TriggerDate, last.TriggerScore), latest], latest.Date).ReliableDeterioration == true);

    private async Task<Versioned<OutcomeAlert>?> FindAsync(string clientId, string measureId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(clientId), TableKey.Escape(measureId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new Versioned<OutcomeAlert>(TableDocument.Read(entity).Deserialize<OutcomeAlert>(RecordJson.Options)!, entity.ETag!);
    }

    private async Task<bool> TryWriteAsync(string clientId, OutcomeAlert alert, string? etag, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = TableDocument.Create(TableKey.Escape(clientId), TableKey.Escape(alert.MeasureId), JsonSerializer.SerializeToNode(alert, RecordJson.Options)!);
        try
        {
            _ = etag is null
                ? await table.InsertAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.ReplaceAsync(entity, etag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.AlreadyExists or StorageErrorKind.NotFound)
        {
            // Another instance evaluated the same score and wrote first: it sends.
            return false;
        }
    }
}
