using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;

namespace TreatmentPlanning.Tests.Smart;

public sealed class SmartValidatorTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly SmartContext Context = new(Today);
    private readonly SmartValidator _validator = new(TestMeasureCatalog.Instance);

    private static Objective Complete() => new(
        "o1",
        "Walks outside for twenty minutes on weekdays",
        new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, Baseline: 18, Target: 9, MeasureId: "PHQ-9"),
        AttainabilityNote: "Client walked daily before this episode.",
        Relevance: "I want to feel like myself again.",
        AnticipatedCompletion: Today.AddDays(12 * 7),
        ClientTasks: [],
        Interventions: []);

    private static Objective WithMeasure(ObjectiveMeasure measure, int weeks = 12) =>
        Complete() with { Measure = measure, AnticipatedCompletion = Today.AddDays(weeks * 7) };

    [Fact]
    public void A_complete_objective_can_be_saved_without_confirmation()
    {
        var result = _validator.Validate(Complete(), Context);

        Assert.True(result.CanSave);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_vague_behaviour_fails_specific()
    {
        var result = _validator.Validate(Complete() with { Behaviour = "feel better" }, Context);

        var error = Assert.Single(result.Errors);
        Assert.Equal(SmartLetter.Specific, error.Letter);
        Assert.StartsWith("Specific: describe the behaviour or situation that will change", error.Message);
        Assert.False(result.CanSave);
    }

    [Fact]
    public void A_missing_target_asks_for_a_target_score()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, Baseline: 18, MeasureId: "PHQ-9"));

        var error = Assert.Single(_validator.Validate(objective, Context).Errors);

        Assert.Equal("Measurable: give a target score.", error.Message);
        Assert.Equal(SmartCodes.TargetMissing, error.Code);
    }

    [Theory]
    [InlineData(MeasureType.CountPerPeriod, "outbursts per week", "Measurable: give a baseline count.")]
    [InlineData(MeasureType.Rating0To10, null, "Measurable: give a baseline rating.")]
    public void A_missing_baseline_is_named_in_the_measures_own_terms(MeasureType type, string? unit, string expected)
    {
        var objective = WithMeasure(new ObjectiveMeasure(type, ChangeDirection.Decrease, Target: 2, Unit: unit));

        Assert.Equal(expected, Assert.Single(_validator.Validate(objective, Context).Errors).Message);
    }

    [Fact]
    public void No_measure_at_all_lists_the_four_ways_to_measure()
    {
        var error = Assert.Single(_validator.Validate(Complete() with { Measure = null }, Context).Errors);

        Assert.Equal(SmartLetter.Measurable, error.Letter);
        Assert.Contains("an instrument score, a count per period, a 0-10 rating, or done / not done", error.Message);
    }

    [Fact]
    public void An_instrument_the_clinic_does_not_have_is_named_in_the_message()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 18, 9, MeasureId: "PHQ-10"));

        var error = Assert.Single(_validator.Validate(objective, Context).Errors);

        Assert.Equal(SmartCodes.InstrumentUnknown, error.Code);
        Assert.Contains("PHQ-10", error.Message);
    }

    [Fact]
    public void A_count_without_a_unit_asks_what_is_counted_per_period()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Decrease, 6, 2));

        Assert.Equal(SmartCodes.UnitMissing, Assert.Single(_validator.Validate(objective, Context).Errors).Code);
    }

    [Fact]
    public void Done_or_not_done_needs_no_numbers()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.DoneNotDone, ChangeDirection.Increase), weeks: 2);

        var result = _validator.Validate(objective, Context);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_missing_reason_fails_relevant()
    {
        var error = Assert.Single(_validator.Validate(Complete() with { Relevance = " " }, Context).Errors);

        Assert.Equal(SmartLetter.Relevant, error.Letter);
        Assert.Equal("Relevant: note why this matters to the client, in their own words.", error.Message);
    }

    [Fact]
    public void A_missing_completion_date_fails_time_bound()
    {
        var error = Assert.Single(_validator.Validate(Complete() with { AnticipatedCompletion = null }, Context).Errors);

        Assert.Equal(SmartLetter.TimeBound, error.Letter);
        Assert.Equal("Time-bound: set an anticipated completion date.", error.Message);
    }

    [Fact]
    public void Each_failing_letter_gets_exactly_one_message()
    {
        var objective = new Objective("o1", "", new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Decrease), null, null, null, [], []);

        var result = _validator.Validate(objective, Context);

        Assert.Equal(
            [SmartLetter.Specific, SmartLetter.Measurable, SmartLetter.Relevant, SmartLetter.TimeBound],
            result.Errors.Select(e => e.Letter));
        Assert.All(result.Errors, e => Assert.StartsWith(e.Letter == SmartLetter.TimeBound ? "Time-bound:" : $"{e.Letter}:", e.Message));
    }

    [Fact]
    public void Severe_phq9_to_remission_in_two_weeks_warns_and_suggests_a_later_date()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 4, MeasureId: "PHQ-9"), weeks: 2);

        var result = _validator.Validate(objective, Context);

        Assert.True(result.CanSave);
        var warning = Assert.Single(result.Warnings, w => w.Code == SmartCodes.ImplausibleChange);
        Assert.Equal(SmartLetter.Attainable, warning.Letter);
        Assert.Contains("a change of 18 points on PHQ-9 in 2 weeks", warning.Message);
        Assert.Contains("intermediate target of 18", warning.Message);
        Assert.Contains("4 May 2026", warning.Message);
    }

    [Fact]
    public void Severe_phq9_to_remission_over_twelve_weeks_does_not_warn()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 4, MeasureId: "PHQ-9"), weeks: 12);

        Assert.Empty(_validator.Validate(objective, Context).Warnings);
    }

    [Fact]
    public void The_time_allowed_runs_from_the_baseline_date_when_one_is_given()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 4, MeasureId: "PHQ-9"), weeks: 2);

        var result = _validator.Validate(objective, new SmartContext(Today, MeasuredFrom: Today.AddDays(-10 * 7)));

        Assert.DoesNotContain(result.Warnings, w => w.Code == SmartCodes.ImplausibleChange);
    }

    [Fact]
    public void The_weekly_rate_is_configurable_per_measure()
    {
        var strict = new SmartValidator(TestMeasureCatalog.Instance, new AttainabilityOptions { WeeklyScoreChange = new() { ["phq-9"] = 1m } });
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 4, MeasureId: "PHQ-9"), weeks: 12);

        Assert.Contains(strict.Validate(objective, Context).Warnings, w => w.Code == SmartCodes.ImplausibleChange);
    }

    [Fact]
    public void A_rating_that_jumps_six_points_in_two_weeks_warns()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.Rating0To10, ChangeDirection.Increase, 2, 8), weeks: 2);

        Assert.Contains(_validator.Validate(objective, Context).Warnings, w => w.Code == SmartCodes.ImplausibleChange);
    }

    [Fact]
    public void A_target_beyond_the_measures_range_is_an_error_with_the_range()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 18, 30, MeasureId: "GAD-7"));

        var result = _validator.Validate(objective, Context);

        Assert.False(result.CanSave);
        var error = Assert.Single(result.Errors);
        Assert.Equal(SmartCodes.TargetOutOfRange, error.Code);
        Assert.Equal("Measurable: GAD-7 runs from 0 to 21, so a target of 30 can never be reached.", error.Message);
    }

    [Theory]
    [InlineData(27, true)]
    [InlineData(28, false)]
    [InlineData(35, false)]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    public void A_phq9_baseline_outside_0_to_27_cannot_be_saved(int baseline, bool canSave)
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, baseline, 0, MeasureId: "PHQ-9"), weeks: 52);

        var result = _validator.Validate(objective, Context);

        Assert.Equal(canSave, result.CanSave);
        Assert.Equal(canSave, !result.Errors.Any(e => e.Code == SmartCodes.BaselineOutOfRange));
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(10.5, false)]
    [InlineData(11, false)]
    [InlineData(-0.5, false)]
    public void A_rating_target_outside_0_to_10_cannot_be_saved(double target, bool canSave)
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.Rating0To10, ChangeDirection.Increase, 5, (decimal)target), weeks: 52);

        Assert.Equal(canSave, _validator.Validate(objective, Context).CanSave);
    }

    [Theory]
    [InlineData(100_000, true)]
    [InlineData(100_001, false)]
    public void A_count_above_the_count_ceiling_cannot_be_saved(int target, bool canSave)
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Increase, 2000, target, Unit: "steps a day"), weeks: 52);

        var result = _validator.Validate(objective, Context);

        Assert.Equal(canSave, result.CanSave);
    }

    [Fact]
    public void Two_thousand_to_six_thousand_steps_a_day_is_a_valid_count()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Increase, 2000, 6000, Unit: "steps a day"));

        var result = _validator.Validate(objective, Context);

        Assert.True(result.CanSave);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_target_on_the_wrong_side_of_the_baseline_warns()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Decrease, 3, 5, Unit: "drinks per day"));

        var warning = Assert.Single(_validator.Validate(objective, Context).Warnings);

        Assert.Equal(SmartCodes.WrongDirection, warning.Code);
        Assert.Equal("Attainable: the objective aims for a decrease, but the target (5) is above the baseline (3).", warning.Message);
    }

    [Fact]
    public void Aiming_for_a_higher_phq9_is_an_error_because_it_would_be_a_worsening()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Increase, 8, 12, MeasureId: "PHQ-9"));

        var result = _validator.Validate(objective, Context);

        Assert.False(result.CanSave);
        Assert.Equal(SmartCodes.DirectionWorsens, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData(10, 11, false)]
    [InlineData(10, 10, true)]
    [InlineData(10, 9, true)]
    public void A_phq9_target_worse_than_the_baseline_is_an_error_whatever_the_direction_says(int baseline, int target, bool canSave)
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, baseline, target, MeasureId: "PHQ-9"));

        var result = _validator.Validate(objective, Context);

        Assert.Equal(canSave, result.CanSave);
        Assert.Equal(canSave, result.Errors.All(e => e.Letter != SmartLetter.Attainable));
    }

    [Fact]
    public void Audit_c_without_a_pace_setting_still_gets_a_plausible_pace_check()
    {
        var fast = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 10, 2, MeasureId: "AUDIT-C"), weeks: 2);
        var steady = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 10, 2, MeasureId: "AUDIT-C"), weeks: 12);

        var warning = Assert.Single(_validator.Validate(fast, Context).Warnings, w => w.Code == SmartCodes.ImplausibleChange);
        Assert.Contains("a change of 8 points on AUDIT-C in 2 weeks", warning.Message);
        Assert.DoesNotContain(_validator.Validate(steady, Context).Warnings, w => w.Code == SmartCodes.ImplausibleChange);
    }

    [Fact]
    public void Zero_outbursts_suggests_managing_rather_than_eliminating()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Decrease, 4, 0, Unit: "outbursts per week"));

        var warning = Assert.Single(_validator.Validate(objective, Context).Warnings);

        Assert.Equal(SmartCodes.EliminationTarget, warning.Code);
        Assert.Contains("consider managing it instead", warning.Message);
    }

    [Fact]
    public void A_phq9_target_of_zero_suggests_the_minimal_band()
    {
        var objective = WithMeasure(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 12, 0, MeasureId: "PHQ-9"));

        var warning = Assert.Single(_validator.Validate(objective, Context).Warnings, w => w.Code == SmartCodes.EliminationTarget);

        Assert.Contains("minimal band (0-4)", warning.Message);
    }

    [Fact]
    public void A_completion_date_already_passed_warns_but_does_not_block()
    {
        var objective = Complete() with { AnticipatedCompletion = Today.AddDays(-1) };

        var result = _validator.Validate(objective, Context);

        Assert.True(result.CanSave);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(SmartLetter.TimeBound, warning.Letter);
        Assert.Contains("1 March 2026", warning.Message);
    }

    [Fact]
    public void Invalid_attainability_settings_name_the_setting()
    {
        var options = new AttainabilityOptions { WeeklyRatingChange = 0 };
        options.WeeklyScoreChange["GAD-7"] = -1;

        var problems = options.Validate();

        Assert.Contains(problems, p => p.StartsWith("Attainability:WeeklyScoreChange:GAD-7", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Attainability:WeeklyRatingChange", StringComparison.Ordinal));
    }
}
