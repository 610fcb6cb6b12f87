using CsCheck;
using TreatmentPlanning.Instruments;
using static TreatmentPlanning.Tests.Instruments.Fixture;

namespace TreatmentPlanning.Tests.Instruments;

public class ScoringPropertyTests
{
    /// <summary>A full answer set for every item that is always asked, drawn from each item's own options.</summary>
    private static Gen<Dictionary<int, int>> FullAnswers(InstrumentDefinition definition)
    {
        var items = definition.Items.Where(i => i.AskedWhen is null).ToList();
        return Gen.Int[0, int.MaxValue].Array[items.Count].Select(picks => items
            .Select((item, i) => (item.Number, Options: definition.OptionsFor(item), Pick: picks[i]))
            .ToDictionary(x => x.Number, x => x.Options[x.Pick % x.Options.Count].Value));
    }

    public static TheoryData<string> UngatedInstruments() => ["PHQ-9", "PHQ-2", "GAD-7", "GAD-2", "PCL-5", "DAST-10"];

    public static TheoryData<string> BandedInstruments() => ["PHQ-9", "GAD-7", "DAST-10"];

    [Theory]
    [MemberData(nameof(UngatedInstruments))]
    public void Total_equals_the_sum_of_scored_item_values_after_reversal(string id)
    {
        var definition = WithClinicInstruments.Get(id);
        FullAnswers(definition).Sample(answers =>
        {
            var expected = definition.Items.Where(i => i.Scored).Sum(i =>
            {
                var values = definition.OptionsFor(i).Select(o => o.Value).ToList();
                return i.Reversed ? values.Max() + values.Min() - answers[i.Number] : answers[i.Number];
            });
            return ScoringEngine.Score(definition, answers).Total == expected;
        });
    }

    [Theory]
    [MemberData(nameof(BandedInstruments))]
    public void Band_never_falls_when_an_answer_rises(string id)
    {
        var definition = WithClinicInstruments.Get(id);
        var rising = definition.Items.Where(i => i.Scored && !i.Reversed).Select(i => i.Number).ToList();
        Gen.Select(FullAnswers(definition), Gen.Int[0, rising.Count - 1]).Sample((answers, pick) =>
        {
            var item = definition.FindItem(rising[pick])!;
            var top = definition.OptionsFor(item).Max(o => o.Value);
            var higher = new Dictionary<int, int>(answers) { [item.Number] = Math.Min(top, answers[item.Number] + 1) };
            int BandIndex(Dictionary<int, int> a) =>
                definition.Bands.OrderBy(b => b.Min).ToList().FindIndex(b => b.Label == ScoringEngine.Score(definition, a).Band);
            return BandIndex(higher) >= BandIndex(answers);
        });
    }

    [Fact]
    public void Every_complete_answer_set_of_every_instrument_scores_within_its_range_and_bands()
    {
        foreach (var definition in WithClinicInstruments.Definitions)
        {
            FullAnswers(definition).Sample(answers =>
            {
                // Gated and follow-up items get their first option where they are asked.
                var responses = answers.ToDictionary(a => a.Key, a => ItemResponse.Answer(a.Value));
                while (ScoringEngine.NextItem(definition, responses) is { } next)
                {
                    responses[next.Number] = ItemResponse.Answer(definition.OptionsFor(next)[0].Value);
                }

                var result = ScoringEngine.Score(definition, responses);
                return result.IsScored
                    && result.Total >= definition.MinScore && result.Total <= definition.MaxScore
                    && (definition.Bands.Count == 0 || result.Band is not null);
            });
        }
    }
}
