using System.Globalization;

namespace TreatmentPlanBot.Charts;

/// <summary>
/// The chart in words, for screen readers and anyone who cannot see the image: every number the picture shows
/// ("PHQ-9 scores: 18 on 3 Sep 2026, 14 on 1 Oct 2026; baseline 18, target 9 by 1 Dec 2026").
/// </summary>
public static class OutcomeChartAltText
{
    /// <summary>Beyond this many scores the earliest are counted, not listed, so the text stays readable.</summary>
    public const int MostScoresListed = 8;

    public static string Describe(OutcomeChartData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var points = data.Points.OrderBy(p => p.On).ToList();
        var listed = points.TakeLast(MostScoresListed).Select(p => $"{Number(p.Value)} on {Date(p.On)}");
        var scores = points.Count == 0
            ? $"{data.MeasureName}: no scores yet"
            : $"{data.MeasureName} scores: "
              + (points.Count > MostScoresListed ? $"{points.Count - MostScoresListed} earlier, then " : string.Empty)
              + string.Join(", ", listed);
        var parts = new List<string> { scores };
        if (data.Baseline is { } baseline)
        {
            parts.Add($"baseline {Number(baseline)}");
        }

        var target = data.Target is { } t ? $"target {Number(t)}" : null;
        var by = data.AnticipatedCompletion is { } due ? $"by {Date(due)}" : null;
        if (target is not null || by is not null)
        {
            parts.Add(string.Join(" ", new[] { target ?? "anticipated", by }.OfType<string>()));
        }

        return string.Join("; ", parts) + ".";
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
