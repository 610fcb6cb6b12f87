using System.Text;
using SkiaSharp;
using TreatmentPlanBot.Charts;
using TreatmentPlanning.Measures;

namespace TreatmentPlanBot.Tests.Charts;

/// <summary>The outcome chart: a small PNG that decodes, the same bytes for the same data, its numbers in the alt text, no names.</summary>
public sealed class OutcomeChartTests
{
    private static readonly OutcomeChartData Phq9 = new(
        "PHQ-9", 0, 27,
        [new ScoreBand("Minimal", 0, 4), new ScoreBand("Mild", 5, 9), new ScoreBand("Moderate", 10, 14), new ScoreBand("Moderately severe", 15, 19), new ScoreBand("Severe", 20, 27)],
        [new ChartPoint(new DateOnly(2026, 10, 1), 14), new ChartPoint(new DateOnly(2026, 9, 3), 18), new ChartPoint(new DateOnly(2026, 10, 29), 12)],
        18, 9, new DateOnly(2026, 12, 1));

    private readonly OutcomeChartRenderer _renderer = new();

    [Fact]
    public void The_chart_is_a_small_png_of_the_stated_size_that_decodes()
    {
        var chart = _renderer.Render(Phq9);

        using var bitmap = SKBitmap.Decode(chart.Png);
        Assert.NotNull(bitmap);
        Assert.Equal((OutcomeChartRenderer.Width, OutcomeChartRenderer.Height), (bitmap.Width, bitmap.Height));
        // Inside a card under 28 KB with room for the rest: a few kilobytes as a data: URI.
        Assert.True(chart.DataUri.Length < 6 * 1024, $"The chart's data URI is {chart.DataUri.Length} characters.");
        Assert.StartsWith("data:image/png;base64,", chart.DataUri, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_data_draws_the_same_bytes_and_other_data_draws_others()
    {
        var first = _renderer.Render(Phq9).Png;
        var second = new OutcomeChartRenderer().Render(Phq9).Png;
        var other = _renderer.Render(Phq9 with { Points = [.. Phq9.Points, new ChartPoint(new DateOnly(2026, 11, 20), 20)] }).Png;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void The_alt_text_states_every_score_in_date_order_the_baseline_the_target_and_the_date()
    {
        var chart = _renderer.Render(Phq9);

        Assert.Equal("PHQ-9 scores: 18 on 3 Sep 2026, 14 on 1 Oct 2026, 12 on 29 Oct 2026; baseline 18; target 9 by 1 Dec 2026.", chart.AltText);
    }

    [Fact]
    public void Many_scores_list_the_latest_and_count_the_earlier_ones()
    {
        var points = Enumerable.Range(0, 12).Select(i => new ChartPoint(new DateOnly(2026, 1, 5).AddDays(7 * i), 20 - i)).ToList();

        var alt = OutcomeChartAltText.Describe(Phq9 with { Points = points, Target = null, AnticipatedCompletion = null });

        Assert.StartsWith("PHQ-9 scores: 4 earlier, then 16 on 2 Feb 2026,", alt, StringComparison.Ordinal);
        Assert.EndsWith("9 on 23 Mar 2026; baseline 18.", alt, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_carries_no_text_chunks_so_no_name_can_travel_in_it()
    {
        var png = _renderer.Render(Phq9).Png;

        var chunks = Chunks(png).ToList();
        Assert.Equal(["IHDR", "PLTE", "IDAT", "IEND"], chunks);
        Assert.DoesNotContain("Example", Encoding.Latin1.GetString(png), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_without_scores_bands_or_dates_still_draws()
    {
        var chart = _renderer.Render(new OutcomeChartData("Count", 0, 10, [], [], null, null, null));

        using var bitmap = SKBitmap.Decode(chart.Png);
        Assert.NotNull(bitmap);
        Assert.Equal("Count: no scores yet.", chart.AltText);
    }

    private static IEnumerable<string> Chunks(byte[] png)
    {
        for (var at = 8; at < png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            yield return Encoding.ASCII.GetString(png, at + 4, 4);
            at += 12 + length;
        }
    }
}
