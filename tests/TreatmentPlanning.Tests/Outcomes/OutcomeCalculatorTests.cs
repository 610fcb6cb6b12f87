using TreatmentPlanning.Outcomes;
using TreatmentPlanning.Tests.Instruments;

namespace TreatmentPlanning.Tests.Outcomes;

public class OutcomeCalculatorTests
{
    private static readonly DateOnly Baseline = new(2026, 1, 5);
    private static readonly OutcomeCalculator Calculator = new(new OutcomeOptions(), Fixture.Bundled);

    private static MeasureOutcome Assess(string measure, int baseline, int latest, int weeks = 4, DateOnly? asOf = null) =>
        Calculator.Assess(
            measure,
            [new(Baseline, baseline), new(Baseline.AddDays(weeks * 7), latest)],
            asOf ?? Baseline.AddDays(weeks * 7));

    [Theory]
    [InlineData("PHQ-9", 18, 12, true)]
    [InlineData("PHQ-9", 18, 13, false)]
    [InlineData("GAD-7", 15, 11, true)]
    [InlineData("GAD-7", 15, 12, false)]
    [InlineData("PCL-5", 50, 40, true)]
    [InlineData("PCL-5", 50, 41, false)]
    public void Reliable_improvement_starts_exactly_at_the_measures_threshold(string measure, int baseline, int latest, bool reliable)
    {
        var outcome = Assess(measure, baseline, latest);

        Assert.Equal(reliable, outcome.ReliableImprovement);
        Assert.Equal(latest - baseline, outcome.Change);
    }

    [Theory]
    [InlineData("PHQ-9", 8, 14, true)]
    [InlineData("PHQ-9", 8, 13, false)]
    [InlineData("GAD-7", 6, 10, true)]
    [InlineData("PCL-5", 30, 39, false)]
    public void The_same_thresholds_upward_are_reliable_deterioration(string measure, int baseline, int latest, bool deteriorated)
    {
        var outcome = Assess(measure, baseline, latest);

        Assert.Equal(deteriorated, outcome.ReliableDeterioration);
        Assert.Equal(deteriorated, !outcome.IsOnTrack);
    }

    [Theory]
    [InlineData("PHQ-9", 18, 9, true)]
    [InlineData("PHQ-9", 18, 10, false)]
    [InlineData("PHQ-9", 17, 8, true)]
    [InlineData("PHQ-9", 17, 9, false)]
    [InlineData("PCL-5", 60, 30, true)]
    [InlineData("PCL-5", 60, 31, false)]
    public void Response_is_a_drop_of_half_the_baseline_or_more(string measure, int baseline, int latest, bool response)
    {
        Assert.Equal(response, Assess(measure, baseline, latest).Response);
    }

    [Theory]
    [InlineData("PHQ-9", 4, true)]
    [InlineData("PHQ-9", 5, false)]
    [InlineData("GAD-7", 4, true)]
    [InlineData("GAD-7", 5, false)]
    [InlineData("PCL-5", 30, true)]
    [InlineData("PCL-5", 31, false)]
    public void Remission_is_a_score_below_the_measures_cut_off(string measure, int latest, bool remission)
    {
        Assert.Equal(remission, Assess(measure, 40, latest).Remission);
    }

    [Fact]
    public void Remission_needs_at_least_two_scores()
    {
        var outcome = Calculator.Assess("PHQ-9", [new(Baseline, 3)], Baseline);

        Assert.False(outcome.Remission);
    }

    [Theory]
    [InlineData("PHQ-9", 4, 2, false)]
    [InlineData("PHQ-9", 9, 2, false)]
    [InlineData("PHQ-9", 10, 2, true)]
    [InlineData("PHQ-9", 10, 5, false)]
    [InlineData("GAD-7", 9, 4, false)]
    [InlineData("GAD-7", 10, 4, true)]
    [InlineData("PCL-5", 32, 20, false)]
    [InlineData("PCL-5", 33, 20, true)]
    [InlineData("PCL-5", 33, 31, false)]
    public void Remission_needs_a_baseline_at_or_above_the_measures_clinical_cut_off(string measure, int baseline, int latest, bool remission)
    {
        Assert.Equal(remission, Assess(measure, baseline, latest).Remission);
    }

    [Theory]
    [InlineData(31, true)]
    [InlineData(30, false)]
    public void Pcl5_remission_baseline_follows_the_clinics_chosen_cut_off(int baseline, bool remission)
    {
        var library = TreatmentPlanning.Instruments.InstrumentLibrary.Load(new() { Parameters = { ["PCL-5"] = new() { ["cutOff"] = 31 } } });
        var calculator = new OutcomeCalculator(new OutcomeOptions(), library);

        var outcome = calculator.Assess("PCL-5", [new(Baseline, baseline), new(Baseline.AddDays(56), 20)], Baseline.AddDays(56));

        Assert.Equal(remission, outcome.Remission);
    }

    [Fact]
    public void Remission_counts_from_the_first_score_not_a_later_high_one()
    {
        var outcome = Calculator.Assess("PHQ-9", [new(Baseline, 6), new(Baseline.AddDays(14), 12), new(Baseline.AddDays(28), 3)], Baseline.AddDays(28));

        Assert.False(outcome.Remission);
    }

    [Fact]
    public void Eight_weeks_without_reliable_improvement_is_not_on_track_with_three_ways_forward()
    {
        var outcome = Assess("PHQ-9", 18, 14, weeks: 8);

        var signal = Assert.IsType<NotOnTrackSignal>(outcome.NotOnTrack);
        Assert.Equal(
            "PHQ-9 shows no reliable improvement after 8 weeks: 18 at baseline (2026-01-05), 14 on 2026-03-02; reliable improvement needs 6 points or more.",
            signal.Reason);
        Assert.Equal(
            [WayForwardKind.ChangeTactics, WayForwardKind.AlterGoals, WayForwardKind.Refer],
            signal.WaysForward.Select(w => w.Kind));
    }

    [Fact]
    public void Before_eight_weeks_a_slow_start_is_still_on_track()
    {
        Assert.True(Assess("PHQ-9", 18, 16, weeks: 7, asOf: Baseline.AddDays(55)).IsOnTrack);
    }

    [Fact]
    public void Reliable_improvement_by_eight_weeks_is_on_track()
    {
        Assert.True(Assess("PHQ-9", 18, 12, weeks: 10).IsOnTrack);
    }

    [Fact]
    public void Any_reliable_deterioration_is_not_on_track_even_after_recovering()
    {
        var outcome = Calculator.Assess(
            "GAD-7",
            [new(Baseline, 10), new(Baseline.AddDays(14), 14), new(Baseline.AddDays(28), 5)],
            Baseline.AddDays(28));

        Assert.True(outcome.ReliableImprovement);
        Assert.Contains("a reliable deterioration (4 points or more)", outcome.NotOnTrack!.Reason);
    }

    [Fact]
    public void The_weeks_before_not_on_track_are_configurable()
    {
        var calculator = new OutcomeCalculator(new OutcomeOptions { NotOnTrackAfterWeeks = 4 }, Fixture.Bundled);

        var outcome = calculator.Assess("PHQ-9", [new(Baseline, 18), new(Baseline.AddDays(28), 16)], Baseline.AddDays(28));

        Assert.False(outcome.IsOnTrack);
    }

    [Fact]
    public void Thresholds_are_configurable_per_measure()
    {
        var options = new OutcomeOptions();
        options.Measures["PHQ-9"] = new MeasureThresholds { ReliableChange = 5, ResponseFraction = 0.5m, RemissionBelow = 5 };

        var outcome = new OutcomeCalculator(options, Fixture.Bundled).Assess(
            "PHQ-9", [new(Baseline, 18), new(Baseline.AddDays(7), 13)], Baseline.AddDays(7));

        Assert.True(outcome.ReliableImprovement);
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(6, false)]
    public void The_baseline_needed_for_remission_is_configurable_per_measure(int baseline, bool remission)
    {
        var options = new OutcomeOptions();
        options.Measures["PHQ-9"].ClinicalCutOff = 7;

        var outcome = new OutcomeCalculator(options, Fixture.Bundled).Assess(
            "PHQ-9", [new(Baseline, baseline), new(Baseline.AddDays(56), 2)], Baseline.AddDays(56));

        Assert.Equal(remission, outcome.Remission);
    }

    [Fact]
    public void A_measure_with_thresholds_but_no_clinical_cut_off_is_refused_at_start_up()
    {
        var options = new OutcomeOptions();
        options.Measures["AUDIT-C"] = new MeasureThresholds { ReliableChange = 2, RemissionBelow = 3 };

        var error = Assert.Throws<ArgumentException>(() => new OutcomeCalculator(options, Fixture.Bundled));

        Assert.Contains("Outcomes:Measures:AUDIT-C:ClinicalCutOff is needed", error.Message);
    }

    [Fact]
    public void A_measure_without_thresholds_reports_change_only()
    {
        var outcome = Assess("AUDIT-C", 8, 3, weeks: 12);

        Assert.Equal(-5, outcome.Change);
        Assert.Null(outcome.ReliableImprovement);
        Assert.True(outcome.IsOnTrack);
    }

    [Fact]
    public void Invalid_outcome_settings_are_refused_at_start_up()
    {
        var options = new OutcomeOptions { NotOnTrackAfterWeeks = 0 };
        options.Measures["GAD-7"].ResponseFraction = 1.5m;

        var error = Assert.Throws<ArgumentException>(() => new OutcomeCalculator(options, Fixture.Bundled));

        Assert.Contains("Outcomes:NotOnTrackAfterWeeks must be at least 1 (is 0).", error.Message);
        Assert.Contains("Outcomes:Measures:GAD-7:ResponseFraction must be above 0 and at most 1 (is 1.5).", error.Message);
    }
}
