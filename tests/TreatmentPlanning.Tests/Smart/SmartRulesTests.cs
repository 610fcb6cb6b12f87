using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;

namespace TreatmentPlanning.Tests.Smart;

public sealed class SmartRulesTests
{
    [Theory]
    [InlineData(22, 4, ChangeDirection.Decrease)]
    [InlineData(4, 9, ChangeDirection.Increase)]
    [InlineData(9, 9, ChangeDirection.Decrease)]
    public void The_direction_follows_the_numbers_and_on_a_tie_the_instruments_improving_direction(int baseline, int target, ChangeDirection expected)
    {
        var measure = new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Increase, MeasureId: "PHQ-9");

        Assert.Equal(expected, SmartRules.DirectionOf(measure, baseline, target, TestMeasureCatalog.Instance));
    }

    [Fact]
    public void A_tie_on_a_count_keeps_the_direction_the_measure_has()
    {
        var measure = new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Increase, Unit: "walks per week");

        Assert.Equal(ChangeDirection.Increase, SmartRules.DirectionOf(measure, 3, 3, TestMeasureCatalog.Instance));
    }

    [Theory]
    [InlineData("PHQ-9", ChangeDirection.Decrease)]
    [InlineData("no-such-measure", ChangeDirection.Decrease)]
    public void Improvement_on_a_symptom_measure_is_a_lower_score(string measureId, ChangeDirection expected) =>
        Assert.Equal(expected, SmartRules.ImprovingDirection(measureId, TestMeasureCatalog.Instance));

    [Theory]
    [InlineData("feel better", false)]
    [InlineData("walks outside daily", true)]
    [InlineData("  ", false)]
    public void Specific_needs_three_words(string text, bool expected) => Assert.Equal(expected, SmartRules.IsSpecific(text));
}
