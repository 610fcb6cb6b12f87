using TreatmentPlanning.Instruments;
using static TreatmentPlanning.Tests.Instruments.Fixture;

namespace TreatmentPlanning.Tests.Instruments;

/// <summary>Licensed instruments a clinic adds from its own folder, scored with no code of their own.</summary>
public class ClinicInstrumentTests
{
    [Fact]
    public void Clinic_folder_adds_its_instruments_to_the_bundled_ones()
    {
        Assert.True(WithClinicInstruments.Contains("DAST-10"));
        Assert.True(WithClinicInstruments.Contains("MDQ"));
        Assert.True(WithClinicInstruments.Contains("C-SSRS-Screener"));
        Assert.True(WithClinicInstruments.Contains("PHQ-9"));
        Assert.False(Bundled.Contains("MDQ"));
        Assert.Equal(10, WithClinicInstruments.Find("DAST-10")!.MaxScore);
    }

    // Item 3 is reverse-scored: "no" adds 1 (Skinner 1982).
    [Theory]
    [InlineData(new[] { 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 }, 0, "No problems reported")]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 1, "Low level")]
    [InlineData(new[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 2, "Low level")]
    [InlineData(new[] { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, 3, "Moderate level")]
    [InlineData(new[] { 1, 1, 0, 1, 1, 0, 0, 0, 0, 0 }, 5, "Moderate level")]
    [InlineData(new[] { 1, 1, 0, 1, 1, 1, 0, 0, 0, 0 }, 6, "Substantial level")]
    [InlineData(new[] { 1, 1, 0, 1, 1, 1, 1, 1, 0, 0 }, 8, "Substantial level")]
    [InlineData(new[] { 1, 1, 0, 1, 1, 1, 1, 1, 1, 0 }, 9, "Severe level")]
    [InlineData(new[] { 1, 1, 0, 1, 1, 1, 1, 1, 1, 1 }, 10, "Severe level")]
    public void Dast10_scores_item_3_reversed_into_its_bands(int[] answers, int total, string band)
    {
        var result = Score("DAST-10", Answers(answers));

        Assert.Equal(total, result.Total);
        Assert.Equal(band, result.Band);
    }

    [Theory]
    [InlineData(7, 1, 2, true)]
    [InlineData(13, 1, 3, true)]
    [InlineData(6, 1, 3, false)]
    [InlineData(7, 0, 3, false)]
    [InlineData(7, 1, 1, false)]
    public void Mdq_needs_7_yes_symptoms_together_and_a_moderate_or_serious_problem(int yes, int together, int problem, bool positive)
    {
        var answers = Enumerable.Range(1, 13).ToDictionary(i => i, i => i <= yes ? 1 : 0);
        answers[14] = together;
        answers[15] = problem;

        var result = Score("MDQ", answers);

        Assert.Equal(yes, result.Total);
        Assert.Equal(positive, result.Positive);
    }

    [Fact]
    public void Mdq_does_not_ask_whether_symptoms_came_together_when_fewer_than_two_were_endorsed()
    {
        var answers = Enumerable.Range(1, 13).ToDictionary(i => i, i => i == 1 ? 1 : 0);
        answers[15] = 0;

        var result = Score("MDQ", answers);

        Assert.True(result.IsScored);
        Assert.False(result.Positive);
    }

    [Theory]
    [InlineData(new[] { 0, 0, -1, -1, -1, 0, -1 }, "None", null)]
    [InlineData(new[] { 1, 0, -1, -1, -1, 0, -1 }, "Low", RiskLevel.NonAcute)]
    [InlineData(new[] { 1, 1, 1, 0, 0, 0, -1 }, "Moderate", RiskLevel.NonAcute)]
    [InlineData(new[] { 0, 0, -1, -1, -1, 1, 0 }, "Moderate", RiskLevel.NonAcute)]
    [InlineData(new[] { 1, 1, 0, 1, 0, 0, -1 }, "High", RiskLevel.Acute)]
    [InlineData(new[] { 1, 1, 1, 0, 1, 0, -1 }, "High", RiskLevel.Acute)]
    [InlineData(new[] { 0, 0, -1, -1, -1, 1, 1 }, "High", RiskLevel.Acute)]
    public void Cssrs_screener_triage_is_low_moderate_or_high_and_high_is_immediate(int[] answers, string triage, RiskLevel? risk)
    {
        // -1 marks a question the screener skips.
        var given = Answers(answers).Where(a => a.Value >= 0).ToDictionary();

        var result = Score("C-SSRS-Screener", given);

        Assert.True(result.IsScored);
        Assert.Equal(triage, result.Triage);
        Assert.Equal(risk, result.HighestRisk);
    }

    [Fact]
    public void Cssrs_screener_is_a_suicide_risk_screen_not_for_remote_use()
    {
        var definition = WithClinicInstruments.Get("C-SSRS-Screener");

        Assert.True(definition.SuicideRiskScreen);
        Assert.False(definition.RemoteUseAllowed);
        Assert.All(definition.Items, i => Assert.Contains("licensed wording supplied by the clinic", i.Text));
    }
}
