using System.Globalization;
using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Risk;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Instruments;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>
/// Scores a finished administration, stores it (with its risk event in the same transaction), refreshes the caseload,
/// runs the risk response when a flag fired, and shows the result. Ids come from the administration (its session id),
/// not from the press that finished it: two presses of one form, or a turn that runs twice, store one assessment and one
/// risk event (the second insert finds the row) and alert the supervisor once (<see cref="RiskResponse"/>).
/// </summary>
internal sealed class AssessmentCompletion(
    InstrumentLibrary library,
    ClientFiles files,
    CaseloadRefresher caseload,
    RiskResponse risk,
    OutcomeCalculator outcomes,
    Reviews.OutcomeWatch watch,
    CardRenderer cards,
    Clocks clocks,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<ClinicOptions> clinic,
    ILogger<AssessmentCompletion> logger) : IEarlyRiskResponder
{
    public async Task CompleteAsync(ITurnContext turn, PendingAssessment pending, CancellationToken cancellationToken)
    {
        var caller = Caller.From(turn.Activity)!;
        var opened = await files.OpenAsClinicianAsync(caller, pending.ClientId, ClientAction.Write, "assessment", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            await turn.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = opened.File;
        var client = file.Enrolment;
        var definition = library.Get(pending.InstrumentId);
        var responses = AdministeredAnswers.ResponsesOf(pending.Answers);
        var result = ScoringEngine.Score(definition, responses, new ScoringContext(pending.Sex));

        var earlier = await file.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false);
        var record = earlier.FirstOrDefault(a => a.Id == pending.AssessmentId);
        var riskEventId = $"risk-{pending.AssessmentId}";
        RiskEvent? riskEvent = null;
        if (record is null)
        {
            var now = time.GetUtcNow();
            record = new AssessmentRecord(
                pending.AssessmentId,
                definition.Id,
                definition.Id,
                pending.Answers,
                result.Total,
                result.Band,
                result.Positive,
                [.. result.RiskFlags.Select(f => new RecordedRiskFlag(Level(f.Level), f.Message))],
                [.. result.MissingItems.Select(m => m.Number)],
                now,
                caller.UserId,
                pending.Mode);
            var raisedAlready = pending.RaisedEarly is { } early
                && result.RiskFlags.All(f => early.Rules.Contains(f.Source) || (f.Level == RiskLevel.NonAcute && early.Level == RiskLevels.Acute));
            riskEvent = result.RiskFlags.Count == 0 || raisedAlready ? null : new RiskEvent(
                riskEventId, definition.Id, Level(result.HighestRisk!.Value), Flagged(definition, pending.Answers, result.RiskFlags), now, caller.UserId);
            try
            {
                await file.AddAssessmentAsync(record, riskEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
            {
                // Another press of the same form (or a re-run of this turn) stored it already; carry on with what is stored.
                record = await file.FindAssessmentAsync(pending.AssessmentId, cancellationToken).ConfigureAwait(false)
                    ?? throw new StorageException(StorageErrorKind.Conflict, $"Assessment {pending.AssessmentId} was stored by another turn but could not be read back.");
                riskEvent = null;
            }
        }

        if (record.RiskFlags.Count > 0)
        {
            riskEvent = (await file.FindRiskEventAsync(riskEventId, cancellationToken).ConfigureAwait(false))?.Value ?? riskEvent;
        }

        // The safety response comes before the caseload refresh: derived data must never delay or prevent it.
        if (riskEvent is not null)
        {
            await risk.RespondAsync(turn, file, riskEvent, cancellationToken).ConfigureAwait(false);
            riskEvent = (await file.FindRiskEventAsync(riskEventId, cancellationToken).ConfigureAwait(false))?.Value ?? riskEvent;
        }
        else if (record.RiskFlags.Count > 0 && pending.RaisedEarly is { } early)
        {
            // Already answered with safety steps when the question was answered; the result refers to that event.
            riskEvent = (await file.FindRiskEventAsync(early.RiskEventId, cancellationToken).ConfigureAwait(false))?.Value;
        }

        await caseload.RefreshAsync(pending.ClientId, cancellationToken).ConfigureAwait(false);

        var previous = earlier
            .Where(a => a.InstrumentId == definition.Id && a.Id != record.Id && a.Total is not null && a.AdministeredAt <= record.AdministeredAt)
            .MaxBy(a => a.AdministeredAt);
        await turn.SendActivityAsync(cards.Message("assessment-result", ResultView(turn.Activity, client, definition, result, record, previous, riskEvent), $"{definition.Id} result"), cancellationToken).ConfigureAwait(false);

        // After the result: a new score may put the client off track, which the clinician hears about once, in this chat.
        try
        {
            await watch.EvaluateAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception)
        {
            logger.LogWarning("Outcome watch for client {ClientId} not evaluated ({Kind})", client.ClientId, exception.Kind);
        }
    }

    private object ResultView(Activity activity, ClientEnrolment client, InstrumentDefinition definition, InstrumentResult result, AssessmentRecord record, AssessmentRecord? previous, RiskEvent? riskEvent)
    {
        var clock = clocks.For(activity);
        var offset = clock.ToLocal(record.AdministeredAt).Offset;
        var screen = result.Positive is { } positive
            ? new { positive, meaning = (positive ? definition.PositiveMeans : definition.NegativeMeans) ?? (positive ? "positive screen" : "negative screen") }
            : null;
        var band = result.Band ?? (result.IsScored && definition.Positive is not null && result.Positive is null
            ? "Screen undecided: the cut-off depends on the client's sex, which was not given."
            : null);
        return new
        {
            clientId = client.ClientId,
            client = new { displayName = CardText.Escape(client.DisplayName) },
            instrumentName = definition.Id,
            date = DisplayDate(record.AdministeredAt, offset),
            scored = result.IsScored,
            score = result.Total ?? 0,
            maxScore = result.MaxScore,
            band,
            screen,
            change = Change(definition, result, record, previous, clock),
            riskFlags = result.RiskFlags.Select(f => new
            {
                what = f.Level == RiskLevel.Acute ? "Acute risk" : "Risk",
                meaning = f.Message + (riskEvent is null ? string.Empty : $" The safety steps are shown above; supervisor: {CardText.Escape((riskEvent.SupervisorAlertOutcome ?? "not alerted").TrimEnd('.'))}."),
            }),
            missingItems = result.MissingItems.Select(m => m.Number),
            askNow = result.MissingItems.Where(m => m.ReadByRiskRule).Select(m => m.AskNow(definition.Id)),
        };
    }

    private object? Change(InstrumentDefinition definition, InstrumentResult result, AssessmentRecord record, AssessmentRecord? previous, LocalClock clock)
    {
        if (result.Total is not { } total || previous?.Total is not { } before)
        {
            return null;
        }

        var outcome = outcomes.Assess(definition.Id,
            [new MeasureScore(clock.DateOf(previous.AdministeredAt), before), new MeasureScore(clock.DateOf(record.AdministeredAt), total)],
            clock.DateOf(record.AdministeredAt));
        var interpretation = outcome switch
        {
            { ReliableImprovement: true, Remission: true } => "reliable improvement, in remission",
            { ReliableImprovement: true } => "reliable improvement",
            { ReliableDeterioration: true } => "reliable deterioration",
            { ReliableImprovement: null } => "no reliable-change threshold is set for this measure",
            _ => "not a reliable change",
        };
        return new
        {
            direction = total < before ? "down" : total > before ? "up" : "unchanged",
            amount = Math.Abs(total - before),
            previousScore = before,
            previousDate = DisplayDate(previous.AdministeredAt, clock.ToLocal(previous.AdministeredAt).Offset),
            interpretation,
        };
    }

    /// <summary>
    /// Before the last question: when a risk rule fires on the answers so far, records the risk event and responds at
    /// once. A triage level waits for the questions still to come (the ASQ acuity question may raise it), unless
    /// <paramref name="stopping"/>: then none will come, and the level the answers already prove is raised.
    /// Returns the answers noting what was raised, so it is raised once and the stored assessment refers to it.
    /// </summary>
    public async Task<AdministeredAnswers> RaiseEarlyRiskAsync(ITurnContext turn, AdministrationOptions session, InstrumentDefinition definition, AdministeredAnswers answers, CancellationToken cancellationToken, bool stopping = false)
    {
        var flags = ScoringEngine.Score(definition, answers.Responses()).RiskFlags
            .Where(f => (stopping || !f.Source.StartsWith("triage:", StringComparison.Ordinal)) && answers.RaisedEarly?.Rules.Contains(f.Source) != true)
            .ToList();
        if (flags.Count == 0)
        {
            return answers;
        }

        // What raised it, not which press: two presses of the same answer (same session, same rules) are one risk event.
        var clientId = session.ClientId;
        var riskEventId = $"risk-{session.SessionId}-{string.Join("+", flags.Select(f => f.Source).Distinct().Order(StringComparer.Ordinal))}";
        var caller = Caller.From(turn.Activity)!;
        try
        {
            var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "risk event", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return answers;
            }

            var file = opened.File;

            var level = Level(flags.Max(f => f.Level));
            var riskEvent = (await file.FindRiskEventAsync(riskEventId, cancellationToken).ConfigureAwait(false))?.Value;
            if (riskEvent is null)
            {
                riskEvent = new RiskEvent(riskEventId, definition.Id, level, Flagged(definition, answers.Answers, flags), time.GetUtcNow(), caller.UserId);
                try
                {
                    await file.AddRiskEventAsync(riskEvent, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
                {
                    riskEvent = (await file.FindRiskEventAsync(riskEventId, cancellationToken).ConfigureAwait(false))!.Value;
                }
            }

            await risk.RespondAsync(turn, file, riskEvent, cancellationToken).ConfigureAwait(false);
            await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
            var rules = (answers.RaisedEarly?.Rules ?? []).Concat(flags.Select(f => f.Source)).Distinct().ToList();
            return answers with { RaisedEarly = new EarlyRisk(riskEventId, level, rules) };
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            // Not recorded yet: it will be, with the assessment. The clinician still gets the steps now.
            await turn.SendActivityAsync(risk.UnrecordedWarning(Flagged(definition, answers.Answers, flags)), cancellationToken).ConfigureAwait(false);
            return answers;
        }
    }

    /// <summary>
    /// A screen that is positive before its last question (an ASQ yes on questions 1-4: the acuity question still decides
    /// how urgent) says so in that turn, with the crisis line, once: the clinician must not wait for the last press to know.
    /// </summary>
    public async Task<AdministeredAnswers> NoticePositiveAsync(ITurnContext turn, InstrumentDefinition definition, AdministeredAnswers answers, CancellationToken cancellationToken)
    {
        if (answers.PositiveShown || definition.Triage.Count == 0
            || ScoringEngine.Score(definition, answers.Responses()).RiskFlags.FirstOrDefault(f => f.Source.StartsWith("triage:", StringComparison.Ordinal)) is not { } flag)
        {
            return answers;
        }

        var next = ScoringEngine.NextItem(definition, answers.DealtWith());
        // The screen's last question sets how urgent it is (the ASQ's question 5): the ones before it still come first.
        var acuity = definition.Items[^1].Number;
        var nextWords = next is null ? string.Empty
            : next.Number == acuity ? $" Question {acuity} comes next and decides how urgent it is: ask it now."
            : $" Ask the remaining questions now: question {acuity} decides how urgent it is.";
        await turn.SendActivityAsync(
            $"Positive screen already: {Flagged(definition, answers.Answers, [])}The {definition.Id} is positive whatever the next answers are.{nextWords} "
            + $"If the client is in danger now, do not leave them alone. Crisis line: {clinic.Value.CrisisLine}", cancellationToken).ConfigureAwait(false);
        return answers with { PositiveShown = true };
    }

    /// <summary>When the records cannot be reached at the end: a risk answer's safety steps still may not wait for the save.</summary>
    public async Task WarnIfRiskUnsavedAsync(ITurnContext turn, PendingAssessment pending, CancellationToken cancellationToken)
    {
        var definition = library.Get(pending.InstrumentId);
        var responses = AdministeredAnswers.ResponsesOf(pending.Answers);
        var flags = ScoringEngine.Score(definition, responses, new ScoringContext(pending.Sex)).RiskFlags
            .Where(f => pending.RaisedEarly?.Rules.Contains(f.Source) != true)
            .ToList();
        if (flags.Count > 0)
        {
            await turn.SendActivityAsync(risk.UnrecordedWarning(Flagged(definition, pending.Answers, flags)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What fired, in words: the answers the risk rules look at, then the rules' own messages.</summary>
    internal static string Flagged(InstrumentDefinition definition, Dictionary<int, int?> answers, IReadOnlyList<RiskFlag> flags)
    {
        var looked = new HashSet<int>();
        foreach (var rule in definition.RiskRules)
        {
            Collect(rule.When, definition, looked);
        }

        foreach (var level in definition.Triage.Where(t => t.Risk is not null && t.When is not null))
        {
            Collect(level.When!, definition, looked);
        }

        var endorsed = definition.Items
            .Where(i => looked.Contains(i.Number) && answers.TryGetValue(i.Number, out var value)
                && (value is null || value > definition.OptionsFor(i).Min(o => o.Value)))
            .Select(i => $"question {i.Number} (“{i.Text}”) answered ‘{AnswerChoices.Describe(definition, i, answers[i.Number])}’")
            .ToList();
        var answered = endorsed.Count == 0 ? string.Empty : $"{string.Join("; ", endorsed)}. ";
        return $"{definition.Id}: {answered}{string.Join(" ", flags.Select(f => f.Message))}";
    }

    private static void Collect(Condition condition, InstrumentDefinition definition, HashSet<int> items)
    {
        if (condition.Item is { } item)
        {
            items.Add(item.Number);
        }

        items.UnionWith(condition.Count?.Items ?? []);
        items.UnionWith(condition.Declined ?? []);
        foreach (var inner in (condition.All ?? []).Concat(condition.Any ?? []).Append(condition.Not).OfType<Condition>())
        {
            Collect(inner, definition, items);
        }

        if (condition.Positive is true && definition.Positive is { } positive)
        {
            Collect(positive, definition, items);
        }
    }

    internal static string Level(RiskLevel level) => level == RiskLevel.Acute ? RiskLevels.Acute : RiskLevels.NonAcute;

    private static string DisplayDate(DateTimeOffset at, TimeSpan offset) => at.ToOffset(offset).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
