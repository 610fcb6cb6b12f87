using System.Globalization;
using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Risk;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Instruments;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>
/// Scores a finished administration, stores it (with its risk event in the same transaction), refreshes the caseload,
/// runs the risk response when a flag fired, and shows the result. Safe to run twice for the same assessment id: the
/// second run finds the stored record and shows it again without storing or alerting twice.
/// </summary>
internal sealed class AssessmentCompletion(
    InstrumentLibrary library,
    ClientRecords records,
    ClientAccess access,
    CaseloadRefresher caseload,
    RiskResponse risk,
    OutcomeCalculator outcomes,
    CardRenderer cards,
    TimeProvider time)
{
    public async Task CompleteAsync(ITurnContext turn, PendingAssessment pending, CancellationToken cancellationToken)
    {
        var caller = Caller.From(turn.Activity)!;
        var decision = await access.AuthorizeAsync(caller, pending.ClientId, ClientAction.Write, "assessment", cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            await turn.SendActivityAsync(ActivityExtensions.CreateMessage(AccessDecision.RefusalMessage), cancellationToken).ConfigureAwait(false);
            return;
        }

        var client = decision.Enrolment!;
        var definition = library.Get(pending.InstrumentId);
        var responses = pending.Answers.ToDictionary(a => a.Key, a => a.Value is { } v ? ItemResponse.Answer(v) : ItemResponse.Decline);
        var result = ScoringEngine.Score(definition, responses, new ScoringContext(pending.Sex));

        var earlier = await records.ListAssessmentsAsync(pending.ClientId, cancellationToken).ConfigureAwait(false);
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
            riskEvent = result.RiskFlags.Count == 0 ? null : new RiskEvent(
                riskEventId, definition.Id, Level(result.HighestRisk!.Value), Flagged(definition, pending.Answers, result), now, caller.UserId);
            try
            {
                await records.AddAssessmentAsync(pending.ClientId, record, riskEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
            {
                // A re-run of this turn stored it already; carry on with what is stored.
                record = (await records.ListAssessmentsAsync(pending.ClientId, cancellationToken).ConfigureAwait(false)).First(a => a.Id == pending.AssessmentId);
                riskEvent = null;
            }
        }

        if (record.RiskFlags.Count > 0)
        {
            riskEvent = (await records.FindRiskEventAsync(pending.ClientId, riskEventId, cancellationToken).ConfigureAwait(false))?.Value ?? riskEvent;
        }

        await caseload.RefreshAsync(pending.ClientId, cancellationToken).ConfigureAwait(false);
        if (riskEvent is not null)
        {
            await risk.RespondAsync(turn, caller, client, riskEvent, cancellationToken).ConfigureAwait(false);
            riskEvent = (await records.FindRiskEventAsync(pending.ClientId, riskEventId, cancellationToken).ConfigureAwait(false))?.Value ?? riskEvent;
        }

        var previous = earlier
            .Where(a => a.InstrumentId == definition.Id && a.Id != record.Id && a.Total is not null && a.AdministeredAt <= record.AdministeredAt)
            .MaxBy(a => a.AdministeredAt);
        await turn.SendActivityAsync(cards.Message("assessment-result", ResultView(turn.Activity, client, definition, result, record, previous, riskEvent), $"{definition.Id} result"), cancellationToken).ConfigureAwait(false);
    }

    private object ResultView(Activity activity, ClientEnrolment client, InstrumentDefinition definition, InstrumentResult result, AssessmentRecord record, AssessmentRecord? previous, RiskEvent? riskEvent)
    {
        var offset = activity.LocalTimestamp?.Offset ?? TimeSpan.Zero;
        var screen = result.Positive is { } positive
            ? new { positive, meaning = (positive ? definition.PositiveMeans : definition.NegativeMeans) ?? (positive ? "positive screen" : "negative screen") }
            : null;
        var band = result.Band ?? (result.IsScored && definition.Positive is not null && result.Positive is null
            ? "Screen undecided: the cut-off depends on the client's sex, which was not given."
            : null);
        return new
        {
            clientId = client.ClientId,
            client = new { displayName = client.DisplayName },
            instrumentName = definition.Id,
            date = DisplayDate(record.AdministeredAt, offset),
            scored = result.IsScored,
            score = result.Total ?? 0,
            maxScore = result.MaxScore,
            band,
            screen,
            change = Change(definition, result, record, previous, offset),
            riskFlags = result.RiskFlags.Select(f => new
            {
                what = f.Level == RiskLevel.Acute ? "Acute risk" : "Risk",
                meaning = f.Message + (riskEvent is null ? string.Empty : $" The safety steps are shown above; supervisor: {riskEvent.SupervisorAlertOutcome ?? "not alerted"}."),
            }),
            missingItems = result.MissingItems.Select(m => m.Number),
        };
    }

    private object? Change(InstrumentDefinition definition, InstrumentResult result, AssessmentRecord record, AssessmentRecord? previous, TimeSpan offset)
    {
        if (result.Total is not { } total || previous?.Total is not { } before)
        {
            return null;
        }

        var outcome = outcomes.Assess(definition.Id,
            [new MeasureScore(DateOnly.FromDateTime(previous.AdministeredAt.UtcDateTime), before), new MeasureScore(DateOnly.FromDateTime(record.AdministeredAt.UtcDateTime), total)],
            DateOnly.FromDateTime(record.AdministeredAt.UtcDateTime));
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
            previousDate = DisplayDate(previous.AdministeredAt, offset),
            interpretation,
        };
    }

    /// <summary>What fired, in words: the answers the risk rules look at, then the rules' own messages.</summary>
    private static string Flagged(InstrumentDefinition definition, Dictionary<int, int?> answers, InstrumentResult result)
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
        return $"{definition.Id}: {answered}{string.Join(" ", result.RiskFlags.Select(f => f.Message))}";
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

    private static string Level(RiskLevel level) => level == RiskLevel.Acute ? RiskLevels.Acute : RiskLevels.NonAcute;

    private static string DisplayDate(DateTimeOffset at, TimeSpan offset) => at.ToOffset(offset).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
