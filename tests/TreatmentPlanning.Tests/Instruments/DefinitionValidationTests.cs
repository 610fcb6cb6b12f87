using TreatmentPlanning.Instruments;

namespace TreatmentPlanning.Tests.Instruments;

public class DefinitionValidationTests
{
    private static InstrumentDefinitionException LoadInvalid(string fixture) =>
        Assert.Throws<InstrumentDefinitionException>(() => InstrumentLibrary.Load(new InstrumentLibraryOptions
        {
            ClinicDefinitionsPath = Path.Combine(Fixture.ClinicFolder, "Invalid", fixture),
        }));

    [Theory]
    [InlineData("band-gap", "TEST-4 bands leave a gap: no band covers 5-5 (between 'Low' and 'Middle')")]
    [InlineData("band-overlap", "TEST-4 bands 'Middle' and 'High' overlap at 9-9")]
    [InlineData("band-short", "TEST-4 bands do not cover scores 12-12 (highest possible score is 12)")]
    [InlineData("duplicate-item", "TEST-4 item 2 appears more than once")]
    [InlineData("risk-unknown-item", "TEST-4 risk rule 'item4': refers to item 12, which does not exist")]
    [InlineData("bound-out-of-range", "TEST-4 risk rule 'item4': bound 4 is outside item 4's answer values (0-3)")]
    [InlineData("negative-option", "TEST-4 option set 'freq': option 'Never' has value -1, below 0")]
    [InlineData("duplicate-option-value", "TEST-4 option set 'freq': value 2 is given to more than one option")]
    [InlineData("unknown-option-set", "TEST-4 item 1 uses option set 'yesNo', which is not defined")]
    [InlineData("declined-not-allowed", "TEST-4 risk rule 'item4': tests whether item 4 was declined, but item 4 does not allow declining")]
    [InlineData("two-kinds", "TEST-4 risk rule 'item4': a condition must have exactly one of all, any, not, item, total, count, declined, sex, positive (found 2)")]
    [InlineData("asked-when-later-item", "TEST-4 item 2 asked-when of item 2: refers to item 3, which is not asked before it")]
    [InlineData("unknown-parameter", "TEST-4 positive rule: refers to parameter 'cutOff', which is not defined")]
    [InlineData("answer-always-counts-scored", "TEST-4 item 2 answerAlwaysCounts needs askedWhen and scored: false")]
    [InlineData("clinical-cut-off-out-of-range", "TEST-4 clinical cut-off: bound 13 is outside the score range (0-12)")]
    public void A_bad_definition_is_refused_with_the_file_instrument_item_and_problem(string fixture, string expected)
    {
        var error = LoadInvalid(fixture);

        var problem = Assert.Single(error.Errors);
        Assert.Equal(Path.Combine(Fixture.ClinicFolder, "Invalid", fixture, "TEST-4.json") + ": " + expected, problem.ToString());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_clinic_definition_cannot_take_a_bundled_instruments_id()
    {
        var error = LoadInvalid("duplicate-id");

        var problem = Assert.Single(error.Errors);
        Assert.Equal("PHQ-9", problem.InstrumentId);
        Assert.Equal("duplicates the instrument id already defined in Instruments.PHQ-9.json", problem.Problem);
    }

    [Fact]
    public void A_misspelt_property_is_refused_naming_the_file_and_the_property()
    {
        var error = LoadInvalid("malformed");

        var problem = Assert.Single(error.Errors);
        Assert.EndsWith(Path.Combine("malformed", "TEST-4.json"), problem.Source);
        Assert.Contains("title", problem.Problem);
    }

    [Fact]
    public void A_missing_clinic_folder_is_an_error_not_a_silent_empty_library()
    {
        var error = Assert.Throws<InstrumentDefinitionException>(() =>
            InstrumentLibrary.Load(new InstrumentLibraryOptions { ClinicDefinitionsPath = Path.Combine(Fixture.ClinicFolder, "nowhere") }));

        Assert.Contains("clinic instrument folder does not exist", error.Message);
    }
}
