using TreatmentPlanning.Instruments;
using static TreatmentPlanning.Tests.Instruments.Fixture;

namespace TreatmentPlanning.Tests.Instruments;

/// <summary>Hand-worked answer sets on both sides of every published band boundary and cut-off.</summary>
public class BundledScoringTests
{
    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, "Minimal")]
    [InlineData(new[] { 1, 1, 1, 1, 0, 0, 0, 0, 0 }, 4, "Minimal")]
    [InlineData(new[] { 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 5, "Mild")]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 2, 0 }, 9, "Mild")]
    [InlineData(new[] { 2, 2, 2, 1, 1, 1, 1, 0, 0 }, 10, "Moderate")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 1, 1, 0 }, 14, "Moderate")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 2, 1, 0 }, 15, "Moderately severe")]
    [InlineData(new[] { 3, 3, 3, 2, 2, 2, 2, 2, 0 }, 19, "Moderately severe")]
    [InlineData(new[] { 3, 3, 3, 3, 2, 2, 2, 2, 0 }, 20, "Severe")]
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3, 3, 3 }, 27, "Severe")]
    public void Phq9_totals_fall_in_the_published_bands(int[] answers, int total, string band)
    {
        var result = Score("PHQ-9", Answers(answers));

        Assert.Equal(total, result.Total);
        Assert.Equal(band, result.Band);
        Assert.StartsWith($"PHQ-9 total {total} (range 0-27): {band}.", result.Interpretation);
    }

    [Fact]
    public void Phq9_functioning_question_is_optional_and_adds_nothing()
    {
        var answers = Answers(1, 1, 1, 1, 1, 0, 0, 0, 0, 3);

        var result = Score("PHQ-9", answers);

        Assert.Equal(5, result.Total);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0 }, 0, "Minimal")]
    [InlineData(new[] { 1, 1, 1, 1, 0, 0, 0 }, 4, "Minimal")]
    [InlineData(new[] { 1, 1, 1, 1, 1, 0, 0 }, 5, "Mild")]
    [InlineData(new[] { 2, 2, 2, 1, 1, 1, 0 }, 9, "Mild")]
    [InlineData(new[] { 2, 2, 2, 1, 1, 1, 1 }, 10, "Moderate")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 2 }, 14, "Moderate")]
    [InlineData(new[] { 3, 2, 2, 2, 2, 2, 2 }, 15, "Severe")]
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3 }, 21, "Severe")]
    public void Gad7_totals_fall_in_the_published_bands(int[] answers, int total, string band)
    {
        var result = Score("GAD-7", Answers(answers));

        Assert.Equal(total, result.Total);
        Assert.Equal(band, result.Band);
    }

    [Theory]
    [InlineData("PHQ-2", 0, 0, false)]
    [InlineData("PHQ-2", 1, 1, false)]
    [InlineData("PHQ-2", 2, 1, true)]
    [InlineData("PHQ-2", 3, 3, true)]
    [InlineData("GAD-2", 0, 2, false)]
    [InlineData("GAD-2", 1, 2, true)]
    [InlineData("GAD-2", 3, 3, true)]
    public void Two_item_screens_are_positive_from_3(string id, int first, int second, bool positive)
    {
        var result = Score(id, Answers(first, second));

        Assert.Equal(first + second, result.Total);
        Assert.Equal(positive, result.Positive);
        Assert.Contains(positive ? "Positive" : "Negative", result.Interpretation);
    }

    [Theory]
    [InlineData(32, false)]
    [InlineData(33, true)]
    [InlineData(0, false)]
    [InlineData(80, true)]
    public void Pcl5_is_probable_ptsd_from_33_by_default(int total, bool positive)
    {
        // Items 1.. get 4 each until the total is reached; the remainder goes on the next item.
        var answers = Enumerable.Range(1, 20).ToDictionary(i => i, i => Math.Clamp(total - ((i - 1) * 4), 0, 4));

        var result = Score("PCL-5", answers);

        Assert.Equal(total, result.Total);
        Assert.Equal(positive, result.Positive);
        Assert.Contains(positive ? "Probable PTSD" : "Below the PCL-5 cut-off", result.Interpretation);
    }

    [Fact]
    public void Pc_ptsd5_without_trauma_exposure_scores_0_and_asks_nothing_more()
    {
        var pcPtsd = Bundled.Get("PC-PTSD-5");
        var noTrauma = new Dictionary<int, ItemResponse> { [0] = ItemResponse.Answer(0) };

        var result = ScoringEngine.Score(pcPtsd, noTrauma);

        Assert.Equal(0, result.Total);
        Assert.False(result.Positive);
        Assert.Null(ScoringEngine.NextItem(pcPtsd, noTrauma));
    }

    [Fact]
    public void Pc_ptsd5_after_trauma_exposure_asks_the_five_symptom_questions()
    {
        var pcPtsd = Bundled.Get("PC-PTSD-5");
        var exposed = new Dictionary<int, ItemResponse> { [0] = ItemResponse.Answer(1) };

        Assert.Equal(1, ScoringEngine.NextItem(pcPtsd, exposed)?.Number);
        Assert.Equal([1, 2, 3, 4, 5], ScoringEngine.Score(pcPtsd, exposed).MissingItems.Select(m => m.Number));
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1, 0, 0, 0 }, 2, false)]
    [InlineData(new[] { 1, 1, 1, 1, 0, 0 }, 3, true)]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1 }, 5, true)]
    public void Pc_ptsd5_is_positive_at_3_yes_answers(int[] gateThenItems, int total, bool positive)
    {
        var result = Score("PC-PTSD-5", AnswersFrom(0, gateThenItems));

        Assert.Equal(total, result.Total);
        Assert.Equal(positive, result.Positive);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void Pc_ptsd5_stricter_cut_off_of_4_can_be_chosen(int yesAnswers, bool positive)
    {
        var library = InstrumentLibrary.Load(new InstrumentLibraryOptions { Parameters = { ["PC-PTSD-5"] = new() { ["cutOff"] = 4 } } });
        var answers = AnswersFrom(0, [1, .. Enumerable.Range(1, 5).Select(i => i <= yesAnswers ? 1 : 0)]);

        Assert.Equal(positive, ScoringEngine.Score(library.Get("PC-PTSD-5"), answers).Positive);
    }

    [Theory]
    [InlineData(Sex.Male, new[] { 1, 1, 1 }, false)]
    [InlineData(Sex.Male, new[] { 2, 1, 1 }, true)]
    [InlineData(Sex.Female, new[] { 1, 1, 0 }, false)]
    [InlineData(Sex.Female, new[] { 1, 1, 1 }, true)]
    [InlineData(Sex.Female, new[] { 4, 4, 4 }, true)]
    [InlineData(Sex.Male, new[] { 0, 0, 0 }, false)]
    public void Audit_c_cut_off_is_4_for_men_and_3_for_women(Sex sex, int[] answers, bool positive)
    {
        var result = Score("AUDIT-C", Answers(answers), sex);

        Assert.Equal(answers.Sum(), result.Total);
        Assert.Equal(positive, result.Positive);
    }

    [Fact]
    public void Audit_c_of_3_without_the_clients_sex_asks_for_it_rather_than_guessing()
    {
        var result = Score("AUDIT-C", Answers(1, 1, 1));

        Assert.Null(result.Positive);
        Assert.Contains("needs the client's sex", result.Interpretation);
        Assert.True(Score("AUDIT-C", Answers(2, 1, 1)).Positive);
    }

    [Fact]
    public void Phq9_with_item_9_missing_is_not_scored_and_names_the_item()
    {
        var result = Score("PHQ-9", Answers(3, 3, 3, 3, 3, 3, 3, 3));

        Assert.False(result.IsScored);
        Assert.Null(result.Band);
        var missing = Assert.Single(result.MissingItems);
        Assert.Equal(9, missing.Number);
        Assert.Equal(
            "PHQ-9 not scored: required answer is missing for item 9 (\"Thoughts that you would be better off dead or of hurting yourself in some way\").",
            result.Interpretation);
    }

    [Fact]
    public void Declining_a_phq9_item_leaves_it_missing()
    {
        var responses = Answers(1, 1, 1, 1, 1, 1, 1, 1, 0).ToDictionary(a => a.Key, a => ItemResponse.Answer(a.Value));
        responses[4] = ItemResponse.Decline;

        var result = ScoringEngine.Score(Bundled.Get("PHQ-9"), responses);

        Assert.Equal([4], result.MissingItems.Select(m => m.Number));
    }

    [Fact]
    public void An_answer_value_the_item_does_not_offer_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Score("GAD-7", Answers(0, 0, 4, 0, 0, 0, 0)));

        Assert.StartsWith("GAD-7 item 3: 4 is not one of its answer values (0, 1, 2, 3).", error.Message);
    }
}
