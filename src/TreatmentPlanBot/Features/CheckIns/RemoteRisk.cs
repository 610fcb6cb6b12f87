using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Assessment;
using TreatmentPlanBot.Features.Risk;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Instruments;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// A risk answer in a check-in, with no clinician in the room. In the same turn the client reads the crisis line and
/// the clinic's after-hours instruction in plain words, and that their clinician is being told; the clinician of record
/// and their supervisor get the risk alert through the notifier (the clinic's admins if neither can be reached); the risk
/// event is recorded once (its id from the check-in and the rules that fired) and acknowledged later like any other.
/// </summary>
internal sealed class RemoteRisk(
    ClientFiles files,
    Notifier notifier,
    StaffDirectory staff,
    CaseloadRefresher caseload,
    IOptions<ClinicOptions> clinic,
    TimeProvider time,
    ILogger<RemoteRisk> logger) : IEarlyRiskResponder
{
    /// <summary>Before the last question (PHQ-9 item 9 comes before item 10): recorded and answered at once.</summary>
    public async Task<AdministeredAnswers> RaiseEarlyRiskAsync(ITurnContext turn, AdministrationOptions session, InstrumentDefinition definition, AdministeredAnswers answers, CancellationToken cancellationToken, bool stopping = false)
    {
        var flags = ScoringEngine.Score(definition, answers.Responses()).RiskFlags
            .Where(f => (stopping || !f.Source.StartsWith("triage:", StringComparison.Ordinal)) && answers.RaisedEarly?.Rules.Contains(f.Source) != true)
            .ToList();
        if (flags.Count == 0)
        {
            return answers;
        }

        var riskEventId = $"risk-{session.SessionId}-{string.Join("+", flags.Select(f => f.Source).Distinct().Order(StringComparer.Ordinal))}";
        var level = AssessmentCompletion.Level(flags.Max(f => f.Level));
        var caller = Caller.From(turn.Activity)!;
        try
        {
            var opened = await files.OpenForCheckInAsync(caller, session.ClientId, "check-in risk event", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                await turn.SendActivityAsync(CrisisWords("your clinician"), cancellationToken).ConfigureAwait(false);
                return answers;
            }

            var riskEvent = await RecordOnceAsync(opened.File, NewEvent(riskEventId, definition, level, AssessmentCompletion.Flagged(definition, answers.Answers, flags), caller), cancellationToken).ConfigureAwait(false);
            await RespondAsync(turn, opened.File, riskEvent, cancellationToken).ConfigureAwait(false);
            await caseload.RefreshAsync(session.ClientId, cancellationToken).ConfigureAwait(false);
            var rules = (answers.RaisedEarly?.Rules ?? []).Concat(flags.Select(f => f.Source)).Distinct().ToList();
            return answers with { RaisedEarly = new EarlyRisk(riskEventId, level, rules) };
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            // Not recorded yet (it will be with the answers); the client still reads where to get help, now.
            await turn.SendActivityAsync(CrisisWords("your clinician"), cancellationToken).ConfigureAwait(false);
            return answers;
        }
    }

    /// <summary>
    /// In a check-in the client is not told "positive screen": a triage answer that needs the acuity question is raised with
    /// the rest when the questionnaire ends (or stops), and every other risk answer already reached them above.
    /// </summary>
    public Task<AdministeredAnswers> NoticePositiveAsync(ITurnContext turn, InstrumentDefinition definition, AdministeredAnswers answers, CancellationToken cancellationToken) =>
        Task.FromResult(answers);

    public RiskEvent NewEvent(string id, InstrumentDefinition definition, string level, string description, Caller client) =>
        new(id, definition.Id, level, description, time.GetUtcNow(), client.UserId) { Remote = true };

    /// <summary>Inserts the risk event, or reads back the one a repeated press or a re-run turn inserted first.</summary>
    public static async Task<RiskEvent> RecordOnceAsync(CheckInFile file, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        if ((await file.FindRiskEventAsync(riskEvent.Id, cancellationToken).ConfigureAwait(false))?.Value is { } stored)
        {
            return stored;
        }

        try
        {
            await file.AddRiskEventAsync(riskEvent, cancellationToken).ConfigureAwait(false);
            return riskEvent;
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            return (await file.FindRiskEventAsync(riskEvent.Id, cancellationToken).ConfigureAwait(false))!.Value;
        }
    }

    /// <summary>The client's words first (they never wait for the alert), then the alert, once per risk event.</summary>
    public async Task RespondAsync(ITurnContext turn, CheckInFile file, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var client = file.Enrolment;
        var clinician = (await staff.FindAsync(client.TenantId, client.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician";
        await turn.SendActivityAsync(CrisisWords(clinician), cancellationToken).ConfigureAwait(false);

        // The alert is the clinician's (composed from their file, its outcome recorded on the risk event when settled).
        var notification = new Notification(RiskAlertNotification.IdFor(riskEvent.Id), RiskAlertNotification.KindName, client.TenantId)
        {
            ClientId = client.ClientId,
            Audience = Audience.ClinicianOfRecord | Audience.Supervisor,
            SenderUserId = client.ClinicianId,
            SubjectId = riskEvent.Id,
        };
        try
        {
            var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Remote risk alert for risk event {RiskEventId}: reached {Reached}, pending {Pending}", riskEvent.Id, report.IntendedReached, report.Pending);
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or StorageException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Remote risk alert for risk event {RiskEventId} failed: {Error}", riskEvent.Id, exception.GetType().Name);
        }
    }

    /// <summary>Plain words for the client: where to get help now, out of hours too, and that their clinician is told.</summary>
    public string CrisisWords(string clinician) =>
        $"Thank you for telling me. It sounds like things may be very hard right now, and you don't have to face that alone.\n\n"
        + $"If you might act on thoughts of hurting yourself, or you're in danger, please reach out now: **{clinic.Value.CrisisLine}**. "
        + $"{clinic.Value.AfterHours}\n\nI'm letting {CardText.Escape(clinician)} know now, so they can be in touch with you. You can carry on with the questions when you're ready.";
}
