using System.Globalization;
using System.Text;

namespace TreatmentPlanning.Instruments;

/// <summary>Scores a completed (or partly completed) instrument from its definition alone.</summary>
public static class ScoringEngine
{
    public static InstrumentResult Score(
        InstrumentDefinition definition, IReadOnlyDictionary<int, int> answers, ScoringContext? context = null) =>
        Score(definition, answers.ToDictionary(a => a.Key, a => ItemResponse.Answer(a.Value)), context);

    public static InstrumentResult Score(
        InstrumentDefinition definition, IReadOnlyDictionary<int, ItemResponse> responses, ScoringContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(responses);
        CheckResponses(definition, responses);
        var evaluator = new ConditionEvaluator(definition, responses, context ?? ScoringContext.Unknown);

        // A measure with a missing required item is not scored (CLINICAL.md); risk rules still run on what was answered.
        // A missing item a risk rule reads (PHQ-9 item 9) is named as such: it must be asked, not left "not scored".
        var riskItems = definition.RiskRules.SelectMany(r => r.When.ItemsRead()).ToHashSet();
        var missing = definition.Items
            .Where(i => definition.IsRequired(i) && evaluator.Asked(i) == Truth.True && !evaluator.HasAnswer(i))
            .Select(i => new MissingItem(i.Number, i.Text) { ReadByRiskRule = riskItems.Contains(i.Number) })
            .ToList();

        int? total = null;
        string? band = null;
        bool? positive = null;
        if (missing.Count == 0)
        {
            total = evaluator.TotalRange().Low;
            band = definition.Bands.FirstOrDefault(b => b.Min <= total && total <= b.Max)?.Label;
            positive = definition.Positive is null ? null : evaluator.Evaluate(definition.Positive) switch
            {
                Truth.True => true,
                Truth.False => false,
                _ => null,
            };
        }

        var flags = definition.RiskRules
            .Where(r => evaluator.Evaluate(r.When) == Truth.True)
            .Select(r => new RiskFlag(r.Level, r.Id, r.Message))
            .ToList();

        var triage = definition.Triage.FirstOrDefault(t => t.When is null || evaluator.Evaluate(t.When) == Truth.True);
        if (triage is { When: null } && missing.Count > 0)
        {
            triage = null;
        }

        if (triage?.Risk is { } triageRisk)
        {
            flags.Add(new RiskFlag(triageRisk, "triage:" + triage.Level, triage.Message));
        }

        var interpretation = Interpret(definition, total, band, positive, triage, flags, missing, context);
        return new InstrumentResult(
            definition.Id, total, definition.MinScore, definition.MaxScore, band, positive, triage?.Level, flags, missing, interpretation);
    }

    /// <summary>The next item to put to the client, skipping items a gate or follow-up rule leaves out; null when done.</summary>
    public static InstrumentItem? NextItem(
        InstrumentDefinition definition, IReadOnlyDictionary<int, ItemResponse> responses, ScoringContext? context = null)
    {
        var evaluator = new ConditionEvaluator(definition, responses, context ?? ScoringContext.Unknown);
        return definition.Items.FirstOrDefault(i => evaluator.Asked(i) != Truth.False && !responses.ContainsKey(i.Number));
    }

    private static void CheckResponses(InstrumentDefinition definition, IReadOnlyDictionary<int, ItemResponse> responses)
    {
        foreach (var (number, response) in responses)
        {
            var item = definition.FindItem(number)
                ?? throw new ArgumentException($"{definition.Id} has no item {number}.", nameof(responses));
            if (response.Value is { } value && definition.OptionsFor(item).All(o => o.Value != value))
            {
                var allowed = string.Join(", ", definition.OptionsFor(item).Select(o => o.Value));
                throw new ArgumentException(
                    $"{definition.Id} item {number}: {value} is not one of its answer values ({allowed}).", nameof(responses));
            }
        }
    }

    private static string Interpret(
        InstrumentDefinition definition,
        int? total,
        string? band,
        bool? positive,
        TriageLevel? triage,
        IReadOnlyList<RiskFlag> flags,
        IReadOnlyList<MissingItem> missing,
        ScoringContext? context)
    {
        var text = new StringBuilder();
        if (missing.Count > 0)
        {
            var items = string.Join("; ", missing.Select(m => $"item {m.Number} (\"{m.Text}\")"));
            text.Append(CultureInfo.InvariantCulture, $"{definition.Id} not scored: required {(missing.Count == 1 ? "answer is" : "answers are")} missing for {items}.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{definition.Id} total {total} (range {definition.MinScore}-{definition.MaxScore})");
            text.Append(band is null ? "." : $": {band}.");
            if (positive is true)
            {
                text.Append(' ').Append(definition.PositiveMeans ?? "Positive screen.");
            }
            else if (positive is false)
            {
                text.Append(' ').Append(definition.NegativeMeans ?? "Negative screen.");
            }
            else if (definition.Positive is not null)
            {
                text.Append(context?.Sex is null && definition.PositiveDependsOnSex
                    ? " Screen result needs the client's sex: the cut-off differs for women and men."
                    : " Screen result cannot be decided from these answers.");
            }
        }

        if (triage is not null && !flags.Any(f => f.Source == "triage:" + triage.Level))
        {
            text.Append(' ').Append(triage.Message);
        }

        foreach (var flag in flags)
        {
            text.Append(' ').Append(flag.Message);
        }

        return text.ToString();
    }
}
