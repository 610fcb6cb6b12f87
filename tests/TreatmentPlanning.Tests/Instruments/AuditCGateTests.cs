using CsCheck;
using TreatmentPlanning.Instruments;
using static TreatmentPlanning.Tests.Instruments.Fixture;

namespace TreatmentPlanning.Tests.Instruments;

/// <summary>
/// AUDIT-C published scoring: when question 1 is "Never", questions 2 and 3 score 0 and are not asked (CLINICAL.md;
/// Bush et al. 1998 scoring guidance).
/// </summary>
public class AuditCGateTests
{
    private const int Never = 0;
    private const int MonthlyOrLess = 1;

    private static InstrumentDefinition AuditC => Bundled.Get("AUDIT-C");

    private static Dictionary<int, ItemResponse> Responses(params int[] values) =>
        Answers(values).ToDictionary(a => a.Key, a => ItemResponse.Answer(a.Value));

    [Theory]
    [InlineData(Sex.Female)]
    [InlineData(Sex.Male)]
    public void Audit_c_never_scores_items_2_and_3_as_zero(Sex sex)
    {
        // "Never", then "3 or 4" drinks and six or more "Monthly": a woman was reported positive at 3.
        var result = Score("AUDIT-C", Answers(Never, 1, 2), sex);

        Assert.Equal(0, result.Total);
        Assert.False(result.Positive);
    }

    [Fact]
    public void Audit_c_never_does_not_ask_items_2_and_3()
    {
        Assert.Null(ScoringEngine.NextItem(AuditC, Responses(Never)));
    }

    [Fact]
    public void Audit_c_never_alone_is_a_complete_negative_screen_for_women_and_men()
    {
        foreach (var sex in new Sex?[] { Sex.Female, Sex.Male, null })
        {
            var result = Score("AUDIT-C", Answers(Never), sex);

            Assert.True(result.IsScored);
            Assert.Empty(result.MissingItems);
            Assert.Equal(0, result.Total);
            Assert.False(result.Positive);
        }
    }

    [Fact]
    public void Audit_c_any_drinking_asks_items_2_and_3_and_needs_their_answers()
    {
        Assert.Equal(2, ScoringEngine.NextItem(AuditC, Responses(MonthlyOrLess))?.Number);
        Assert.Equal(3, ScoringEngine.NextItem(AuditC, Responses(MonthlyOrLess, 0))?.Number);
        Assert.Equal([2, 3], Score("AUDIT-C", Answers(MonthlyOrLess)).MissingItems.Select(m => m.Number));
    }

    [Fact]
    public void Audit_c_never_totals_zero_whatever_is_given_for_items_2_and_3()
    {
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4], Gen.Enum<Sex>()).Sample((drinks, binge, sex) =>
        {
            var result = Score("AUDIT-C", Answers(Never, drinks, binge), sex);
            return result.Total == 0 && result.Positive == false;
        });
    }
}
