using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Features.Assessment;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Instruments;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// A check-in answered to the end: each measure scored by the same engine as in session, stored as an assessment
/// marked remote (id <c>checkin-{checkIn}-{instrument}</c>, with its risk event in the same transaction when it was not
/// raised already), recorded as progress on the objectives that measure tracks, the check-in closed as answered, the next
/// one scheduled and the caseload refreshed. Ids come from the check-in, so a re-run stores nothing twice.
/// </summary>
internal sealed class CheckInCompletion(
    InstrumentLibrary library,
    ClientFiles files,
    CheckInSchedules schedules,
    RemoteRisk risk,
    CaseloadRefresher caseload,
    TreatmentPlanBot.Features.Reviews.OutcomeWatch watch,
    Microsoft.Extensions.Logging.ILogger<CheckInCompletion> logger,
    TimeProvider time)
{
    public const string Thanks = "Thank you, that's everything for this check-in. Your answers are with your clinician. Take care until next time.";

    public async Task CompleteAsync(ITurnContext turn, CheckInRun run, CancellationToken cancellationToken)
    {
        var caller = Caller.From(turn.Activity)!;
        var opened = await files.OpenForCheckInAsync(caller, run.ClientId, "check-in answers", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            await turn.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = opened.File;
        var stored = await file.FindCheckInAsync(run.CheckInId, cancellationToken).ConfigureAwait(false);
        if (stored is { Value.Status: CheckInStatus.Answered })
        {
            await turn.SendActivityAsync(Thanks, cancellationToken).ConfigureAwait(false);
            return;
        }

        var clock = await schedules.ClientClockAsync(file, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        foreach (var (instrumentId, answers) in run.Answers)
        {
            var record = await StoreAsync(turn, file, run, library.Get(instrumentId), answers, caller, cancellationToken).ConfigureAwait(false);
            ids.Add(record.Id);
            if (record.Total is { } total)
            {
                foreach (var objectiveId in await file.ObjectivesMeasuredByAsync(instrumentId, cancellationToken).ConfigureAwait(false))
                {
                    var progress = new ObjectiveProgress(objectiveId, total, clock.DateOf(record.AdministeredAt), $"{instrumentId} check-in", caller.UserId, record.AdministeredAt) { ReadingId = record.Id };
                    try
                    {
                        await file.AddProgressAsync(progress, cancellationToken).ConfigureAwait(false);
                    }
                    catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
                    {
                    }
                }
            }
        }

        await CloseAsync(file, run.CheckInId, ids, cancellationToken).ConfigureAwait(false);
        await caseload.RefreshAsync(run.ClientId, cancellationToken).ConfigureAwait(false);
        await turn.SendActivityAsync(Thanks, cancellationToken).ConfigureAwait(false);

        // A remote score counts like one in session: off track, the clinician hears about it once (in their own chat).
        try
        {
            await watch.EvaluateAsync(file.Enrolment, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            logger.LogWarning("Outcome watch for client {ClientId} not evaluated after a check-in ({Kind})", run.ClientId, exception.Kind);
        }
    }

    private async Task<AssessmentRecord> StoreAsync(ITurnContext turn, CheckInFile file, CheckInRun run, InstrumentDefinition definition, AdministeredAnswers answers, Caller caller, CancellationToken cancellationToken)
    {
        var id = $"checkin-{run.CheckInId}-{definition.Id}";
        if (await file.FindAssessmentAsync(id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var result = ScoringEngine.Score(definition, AdministeredAnswers.ResponsesOf(answers.Answers));
        var record = new AssessmentRecord(
            id, definition.Id, definition.Id, answers.Answers, result.Total, result.Band, result.Positive,
            [.. result.RiskFlags.Select(f => new RecordedRiskFlag(AssessmentCompletion.Level(f.Level), f.Message))],
            [.. result.MissingItems.Select(m => m.Number)],
            time.GetUtcNow(), caller.UserId, AssessmentMode.ClientRemote);
        var raisedAlready = answers.RaisedEarly is { } early
            && result.RiskFlags.All(f => early.Rules.Contains(f.Source) || (f.Level == RiskLevel.NonAcute && early.Level == Risk.RiskLevels.Acute));
        var riskEvent = result.RiskFlags.Count == 0 || raisedAlready ? null
            : risk.NewEvent($"risk-{id}", definition, AssessmentCompletion.Level(result.HighestRisk!.Value), AssessmentCompletion.Flagged(definition, answers.Answers, result.RiskFlags), caller);
        try
        {
            await file.AddRemoteAssessmentAsync(record, riskEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            return await file.FindAssessmentAsync(id, cancellationToken).ConfigureAwait(false) ?? record;
        }

        if (riskEvent is not null)
        {
            await risk.RespondAsync(turn, file, riskEvent, cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>Closes the check-in as answered (once), cancels its reminder and expiry, and schedules the next.</summary>
    public async Task CloseAsync(CheckInFile file, string checkInId, IReadOnlyList<string> assessmentIds, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await file.FindCheckInAsync(checkInId, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Value.Status == CheckInStatus.Answered)
            {
                return;
            }

            // Answers that arrive after expiry or a stop still count: the client gave them.
            var answered = stored.Value with { Status = CheckInStatus.Answered, ClosedAt = time.GetUtcNow(), AssessmentIds = assessmentIds };
            try
            {
                await file.SaveCheckInAsync(answered, stored.ETag, cancellationToken).ConfigureAwait(false);
                await schedules.CancelFollowUpsAsync(file.ClientId, checkInId, cancellationToken).ConfigureAwait(false);
                await schedules.ScheduleAfterAsync(file, answered, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
            }
        }
    }
}
