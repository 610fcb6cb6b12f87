using TreatmentPlanning.Instruments;
using TreatmentPlanning.Screening;
using TreatmentPlanning.Tests.Instruments;
using static TreatmentPlanning.Screening.PresentingConcerns;

namespace TreatmentPlanning.Tests.Screening;

public class ScreeningAdvisorTests
{
    private static readonly ScreeningAdvisor BundledOnly = new(Fixture.Bundled, new ScreeningOptions());
    private static readonly ScreeningAdvisor WithLicensed = new(Fixture.WithClinicInstruments, new ScreeningOptions());

    [Fact]
    public void A_suicide_risk_screen_is_recommended_first_even_with_no_concerns()
    {
        var recommendation = BundledOnly.Recommend([]);

        var asq = Assert.Single(recommendation.Assessments);
        Assert.Equal("ASQ", asq.InstrumentId);
        Assert.True(asq.SuicideRiskScreen);
        Assert.Equal(["A suicide-risk screen is recommended for every new client."], asq.Reasons);
    }

    [Fact]
    public void Each_concern_maps_to_its_measure_in_the_order_given()
    {
        var recommendation = BundledOnly.Recommend([LowMood, Worry, Alcohol]);

        Assert.Equal(["ASQ", "PHQ-9", "GAD-7", "AUDIT-C"], recommendation.Assessments.Select(a => a.InstrumentId));
        Assert.Contains("Low mood reported", recommendation.Assessments[1].Reasons[0]);
    }

    [Fact]
    public void Trauma_recommends_pc_ptsd5_then_pcl5_after_a_positive_screen()
    {
        var recommendation = BundledOnly.Recommend([Trauma]);

        Assert.Equal(["ASQ", "PC-PTSD-5", "PCL-5"], recommendation.Assessments.Select(a => a.InstrumentId));
        Assert.Null(recommendation.Assessments[1].FollowsPositive);
        Assert.Equal("PC-PTSD-5", recommendation.Assessments[2].FollowsPositive);
    }

    [Fact]
    public void Two_concerns_pointing_to_one_measure_give_one_recommendation_with_both_reasons()
    {
        var phq9 = Assert.Single(BundledOnly.Recommend([LowMood, Sleep]).Assessments, a => a.InstrumentId == "PHQ-9");

        Assert.Equal(2, phq9.Reasons.Count);
    }

    [Fact]
    public void Mood_swings_get_the_mdq_only_where_the_clinic_has_loaded_it()
    {
        var without = BundledOnly.Recommend([MoodSwings]);
        var with = WithLicensed.Recommend([MoodSwings]);

        Assert.DoesNotContain(without.Assessments, a => a.InstrumentId == "MDQ");
        Assert.Contains("the MDQ is not available at this clinic", Assert.Single(without.Notes));
        Assert.Contains(with.Assessments, a => a.InstrumentId == "MDQ");
        Assert.Empty(with.Notes);
    }

    [Fact]
    public void Self_harm_thoughts_put_the_urgency_first_in_the_suicide_screens_reasons()
    {
        var recommendation = BundledOnly.Recommend([LowMood, SelfHarmThoughts]);

        Assert.Equal("ASQ", recommendation.Assessments[0].InstrumentId);
        Assert.StartsWith("Thoughts of self-harm or suicide reported", recommendation.Assessments[0].Reasons[0]);
        Assert.Empty(recommendation.Notes);
    }

    [Fact]
    public void A_concern_without_a_measure_gets_a_note_on_how_to_track_it()
    {
        var recommendation = BundledOnly.Recommend([Anger]);

        Assert.Contains("Anger: no standardized measure", Assert.Single(recommendation.Notes));
    }

    [Fact]
    public void The_clinic_can_choose_another_suicide_risk_screen_but_only_a_real_one()
    {
        var cssrs = new ScreeningAdvisor(Fixture.WithClinicInstruments, new ScreeningOptions { SuicideRiskScreen = "C-SSRS-Screener" });

        Assert.Equal("C-SSRS-Screener", cssrs.Recommend([]).Assessments[0].InstrumentId);
        var error = Assert.Throws<ArgumentException>(() => new ScreeningAdvisor(Fixture.Bundled, new ScreeningOptions { SuicideRiskScreen = "PHQ-9" }));
        Assert.Contains("'PHQ-9' is not marked as a suicide-risk screen", error.Message);
    }

    [Fact]
    public void A_clinician_who_treats_every_concern_fits()
    {
        var scope = ClinicianScope.FromCodes(["low-mood", "worry"], ["drugs"]);

        var fit = ScreeningAdvisor.AssessFit([LowMood, Worry], scope);

        Assert.Equal(FitVerdict.Fits, fit.Verdict);
        Assert.Null(fit.Referral);
    }

    [Fact]
    public void A_concern_the_clinician_does_not_treat_suggests_a_referral_with_the_reason()
    {
        var scope = ClinicianScope.FromCodes(["low-mood"], ["alcohol", "drugs"]);

        var fit = ScreeningAdvisor.AssessFit([LowMood, Alcohol, Drugs], scope);

        Assert.Equal(FitVerdict.Refer, fit.Verdict);
        Assert.Equal(
            "This clinician does not treat alcohol use or drug use: consider referring to a clinician or service that does.",
            fit.Referral!.Reason);
    }

    [Fact]
    public void A_referral_with_self_harm_thoughts_reminds_to_screen_first()
    {
        var scope = ClinicianScope.FromCodes([], ["drugs"]);

        var fit = ScreeningAdvisor.AssessFit([Drugs, SelfHarmThoughts], scope);

        Assert.EndsWith("Complete the suicide-risk screen before the referral.", fit.Referral!.Reason);
        Assert.Equal([Drugs], fit.NotTreated);
    }

    [Fact]
    public void Thoughts_of_self_harm_never_decide_the_fit_immediate_risk_is_everyones_to_respond_to()
    {
        var listed = ScreeningAdvisor.AssessFit([LowMood, SelfHarmThoughts], ClinicianScope.FromCodes(["low-mood"], []));
        var excluded = ScreeningAdvisor.AssessFit([SelfHarmThoughts], ClinicianScope.FromCodes([], ["self-harm-thoughts"]));
        var recommended = BundledOnly.Recommend([LowMood, SelfHarmThoughts]);

        Assert.Equal(FitVerdict.Fits, listed.Verdict);
        Assert.Empty(listed.Unlisted);
        Assert.Equal(FitVerdict.Fits, excluded.Verdict);
        Assert.Null(excluded.Referral);
        Assert.True(recommended.Assessments[0].SuicideRiskScreen);
    }

    [Fact]
    public void A_concern_on_neither_list_asks_the_clinician_to_confirm()
    {
        var fit = ScreeningAdvisor.AssessFit([Trauma], ClinicianScope.FromCodes(["low-mood"], []));

        Assert.Equal(FitVerdict.Confirm, fit.Verdict);
        Assert.Equal([Trauma], fit.Unlisted);
    }

    [Fact]
    public void An_unknown_concern_code_is_refused_with_the_known_codes()
    {
        var error = Assert.Throws<ArgumentException>(() => ClinicianScope.FromCodes(["sadness"], []));

        Assert.Contains("'sadness' is not a presenting concern code; known codes: low-mood, worry", error.Message);
    }
}
