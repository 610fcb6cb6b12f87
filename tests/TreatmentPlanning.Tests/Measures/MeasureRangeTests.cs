using TreatmentPlanning.Instruments;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;
using static TreatmentPlanning.Tests.Instruments.Fixture;

namespace TreatmentPlanning.Tests.Measures;

/// <summary>The one range rule the SMART check, the planning dialog and the plan card all read.</summary>
public class MeasureRangeTests
{
    private static MeasureRange? RangeOf(MeasureType type, string? measureId = null) =>
        MeasureRange.Of(new ObjectiveMeasure(type, ChangeDirection.Decrease, MeasureId: measureId, Unit: "steps a day"), Bundled);

    [Theory]
    [InlineData(0, true)]
    [InlineData(6000, true)]
    [InlineData(100_000, true)]
    [InlineData(100_000.5, false)]
    [InlineData(-1, false)]
    public void Counts_run_from_0_to_100000_per_period(double value, bool inRange)
    {
        Assert.Equal(inRange, RangeOf(MeasureType.CountPerPeriod)!.Value.Contains((decimal)value));
    }

    [Theory]
    [InlineData("PHQ-9", 0, 27)]
    [InlineData("GAD-7", 0, 21)]
    [InlineData("PCL-5", 0, 80)]
    [InlineData("AUDIT-C", 0, 12)]
    public void An_instrument_score_runs_over_the_instruments_own_score_range(string measureId, int min, int max)
    {
        Assert.Equal(new MeasureRange(min, max), RangeOf(MeasureType.InstrumentScore, measureId));
    }

    [Fact]
    public void Ratings_run_0_to_10_and_done_not_done_0_to_1()
    {
        Assert.Equal(new MeasureRange(0, 10), RangeOf(MeasureType.Rating0To10));
        Assert.Equal(new MeasureRange(0, 1), RangeOf(MeasureType.DoneNotDone));
    }

    [Fact]
    public void An_instrument_the_catalog_does_not_have_has_no_range()
    {
        Assert.Null(RangeOf(MeasureType.InstrumentScore, "PHQ-10"));
    }

    [Theory]
    [InlineData("feel better", false)]
    [InlineData("  walks  outside ", false)]
    [InlineData("walks outside daily", true)]
    [InlineData("walks\toutside\ndaily", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Specific_needs_at_least_three_words(string? behaviour, bool specific)
    {
        Assert.Equal(specific, SmartRules.IsSpecific(behaviour));
    }
}
