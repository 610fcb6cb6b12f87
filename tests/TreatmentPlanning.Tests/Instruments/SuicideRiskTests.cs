using CsCheck;
using TreatmentPlanning.Instruments;
using static TreatmentPlanning.Tests.Instruments.Fixture;

namespace TreatmentPlanning.Tests.Instruments;

public class SuicideRiskTests
{
    private static InstrumentResult Asq(params ItemResponse?[] items)
    {
        var responses = items.Select((r, i) => (Number: i + 1, Response: r))
            .Where(x => x.Response is not null)
            .ToDictionary(x => x.Number, x => x.Response!.Value);
        return ScoringEngine.Score(Bundled.Get("ASQ"), responses);
    }

    private static readonly ItemResponse Yes = ItemResponse.Answer(1);
    private static readonly ItemResponse No = ItemResponse.Answer(0);
    private static readonly ItemResponse Refused = ItemResponse.Decline;

    [Fact]
    public void Asq_all_no_is_negative_and_the_acuity_question_is_not_asked()
    {
        var result = Asq(No, No, No, No);

        Assert.True(result.IsScored);
        Assert.False(result.Positive);
        Assert.Equal("Negative", result.Triage);
        Assert.Empty(result.RiskFlags);
        Assert.Null(ScoringEngine.NextItem(Bundled.Get("ASQ"), new Dictionary<int, ItemResponse> { [1] = No, [2] = No, [3] = No, [4] = No }));
    }

    [Fact]
    public void Asq_yes_then_no_to_acuity_is_a_non_acute_positive()
    {
        var result = Asq(No, Yes, No, No, No);

        Assert.True(result.Positive);
        Assert.Equal("Non-acute positive", result.Triage);
        Assert.Equal(RiskLevel.NonAcute, Assert.Single(result.RiskFlags).Level);
    }

    [Fact]
    public void Asq_yes_then_yes_to_acuity_is_an_acute_positive()
    {
        var result = Asq(No, No, Yes, No, Yes);

        Assert.Equal("Acute positive", result.Triage);
        Assert.Equal(RiskLevel.Acute, result.HighestRisk);
        Assert.Contains("imminent risk", result.Interpretation);
    }

    [Fact]
    public void Asq_yes_to_the_acuity_question_is_acute_whatever_the_answers_to_1_to_4()
    {
        var result = Asq(No, No, No, No, Yes);

        Assert.True(result.Positive);
        Assert.Equal("Acute positive", result.Triage);
        Assert.Equal(RiskLevel.Acute, result.HighestRisk);
        Assert.Contains("imminent risk", result.Interpretation);
    }

    [Fact]
    public void Asq_yes_to_the_acuity_question_is_acute_for_every_answer_set_to_1_to_4()
    {
        var answers = Gen.Int[0, 2].Select(i => i switch { 0 => No, 1 => Yes, _ => Refused }).Array[4];
        answers.Sample(first4 =>
        {
            var result = Asq([.. first4.Select(r => (ItemResponse?)r), Yes]);
            return result.Triage == "Acute positive" && result.HighestRisk == RiskLevel.Acute && result.Positive == true;
        });
    }

    [Fact]
    public void Asq_no_to_every_question_including_the_acuity_question_stays_negative()
    {
        var result = Asq(No, No, No, No, No);

        Assert.False(result.Positive);
        Assert.Equal("Negative", result.Triage);
        Assert.Empty(result.RiskFlags);
    }

    [Fact]
    public void Asq_yes_to_the_acuity_question_flags_acute_risk_before_questions_1_to_4_are_answered()
    {
        var responses = new Dictionary<int, ItemResponse> { [5] = Yes };

        Assert.Equal(RiskLevel.Acute, ScoringEngine.Score(Bundled.Get("ASQ"), responses).HighestRisk);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Asq_refusal_to_answer_counts_as_positive(int refusedItem)
    {
        var items = new ItemResponse?[] { No, No, No, No, No };
        items[refusedItem - 1] = Refused;

        var result = Asq(items);

        Assert.True(result.IsScored);
        Assert.True(result.Positive);
        Assert.Equal("Non-acute positive", result.Triage);
    }

    [Fact]
    public void Asq_refusing_the_acuity_question_after_a_positive_is_treated_as_acute()
    {
        Assert.Equal(RiskLevel.Acute, Asq(Yes, No, No, No, Refused).HighestRisk);
    }

    [Fact]
    public void Asq_positive_with_acuity_unanswered_still_raises_the_flag_at_once()
    {
        var result = Asq(Yes, No, No, No);

        Assert.False(result.IsScored);
        Assert.Equal([5], result.MissingItems.Select(m => m.Number));
        Assert.Equal(RiskLevel.NonAcute, result.HighestRisk);
    }

    [Fact]
    public void Phq9_item_9_flags_risk_at_every_total()
    {
        var phq9 = Bundled.Get("PHQ-9");
        Gen.Select(Gen.Int[0, 3].Array[8], Gen.Int[1, 3]).Sample((others, item9) =>
        {
            var result = ScoringEngine.Score(phq9, Answers([.. others, item9]));
            return result.RiskFlags.Any(f => f.Source == "phq9-item9" && f.Level == RiskLevel.NonAcute)
                && result.Interpretation.Contains("suicide risk assessment", StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Phq9_item_9_at_0_never_flags_risk()
    {
        var phq9 = Bundled.Get("PHQ-9");
        Gen.Int[0, 3].Array[8].Sample(others => ScoringEngine.Score(phq9, Answers([.. others, 0])).RiskFlags.Count == 0);
    }

    [Fact]
    public void Phq9_item_9_flags_risk_even_when_other_items_are_missing()
    {
        var result = Score("PHQ-9", new Dictionary<int, int> { [9] = 2 });

        Assert.False(result.IsScored);
        Assert.Equal(8, result.MissingItems.Count);
        Assert.Single(result.RiskFlags);
    }
}
