using TreatmentPlanning.Instruments;

namespace TreatmentPlanning.Tests.Instruments;

public class BundledLibraryTests
{
    [Fact]
    public void Every_bundled_instrument_loads_and_validates()
    {
        var library = InstrumentLibrary.LoadBundled();

        Assert.Equal(
            ["ASQ", "AUDIT-C", "GAD-2", "GAD-7", "PC-PTSD-5", "PCL-5", "PHQ-2", "PHQ-9"],
            library.Definitions.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Measure_catalog_gives_range_and_bands_case_insensitively()
    {
        var scale = InstrumentLibrary.LoadBundled().Find("phq-9");

        Assert.NotNull(scale);
        Assert.Equal((0, 27), (scale.MinScore, scale.MaxScore));
        Assert.Equal(["Minimal", "Mild", "Moderate", "Moderately severe", "Severe"], scale.Bands.Select(b => b.Label));
        Assert.True(scale.HigherIsWorse);
    }

    [Theory]
    [InlineData("ASQ", true, true)]
    [InlineData("PHQ-9", false, true)]
    [InlineData("PCL-5", false, true)]
    public void Definitions_say_whether_they_screen_suicide_risk_and_may_be_used_remotely(string id, bool suicideRiskScreen, bool remote)
    {
        var definition = InstrumentLibrary.LoadBundled().Get(id);

        Assert.Equal(suicideRiskScreen, definition.SuicideRiskScreen);
        Assert.Equal(remote, definition.RemoteUseAllowed);
        Assert.False(string.IsNullOrWhiteSpace(definition.Licence));
    }

    [Fact]
    public void Pcl5_cut_off_can_be_chosen_among_the_published_values()
    {
        var options = new InstrumentLibraryOptions { Parameters = { ["PCL-5"] = new() { ["cutOff"] = 31 } } };
        var pcl5 = InstrumentLibrary.Load(options).Get("PCL-5");

        var answers = Enumerable.Range(1, 20).ToDictionary(i => i, i => i <= 15 ? 2 : i == 16 ? 1 : 0); // total 31

        var result = ScoringEngine.Score(pcl5, answers);

        Assert.Equal(31, result.Total);
        Assert.True(result.Positive);
        Assert.False(ScoringEngine.Score(InstrumentLibrary.LoadBundled().Get("PCL-5"), answers).Positive);
    }

    [Fact]
    public void A_cut_off_outside_the_published_values_is_refused_at_load()
    {
        var options = new InstrumentLibraryOptions { Parameters = { ["PCL-5"] = new() { ["cutOff"] = 40 } } };

        var error = Assert.Throws<InstrumentDefinitionException>(() => InstrumentLibrary.Load(options));

        Assert.Contains("PCL-5 parameter 'cutOff' cannot be 40: allowed values are 31, 32, 33", error.Message);
    }

    [Theory]
    [InlineData("PHQ-2", "PHQ-9")]
    [InlineData("GAD-2", "GAD-7")]
    public void Two_item_screens_use_the_first_two_items_of_the_full_measure_word_for_word(string shortForm, string fullForm)
    {
        var library = InstrumentLibrary.LoadBundled();

        Assert.Equal(
            library.Get(fullForm).Items.Take(2).Select(i => i.Text),
            library.Get(shortForm).Items.Select(i => i.Text));
    }
}
