using TreatmentPlanning.Measures;

namespace TreatmentPlanBot.Charts;

/// <summary>One score of a measure on a day (an assessment in session or answered remotely, or progress recorded on the plan).</summary>
public sealed record ChartPoint(DateOnly On, decimal Value);

/// <summary>
/// What an outcome chart shows: the measure's short name (e.g. "PHQ-9", never a person's), its range and severity
/// bands, every score so far, and the objective's baseline, target and anticipated date. Nothing else reaches the image.
/// </summary>
public sealed record OutcomeChartData(
    string MeasureName,
    decimal Min,
    decimal Max,
    IReadOnlyList<ScoreBand> Bands,
    IReadOnlyList<ChartPoint> Points,
    decimal? Baseline,
    decimal? Target,
    DateOnly? AnticipatedCompletion);

/// <summary>A drawn chart: the PNG, and alt text that states the same numbers in words.</summary>
public sealed record OutcomeChart(byte[] Png, string AltText, int Width, int Height)
{
    public string DataUri => "data:image/png;base64," + Convert.ToBase64String(Png);
}

/// <summary>A chart as a card shows it: the image as a data: URI, and its alt text (also shown under it, for anyone who cannot see images).</summary>
public sealed record ChartView(string Url, string Alt)
{
    public static ChartView? Of(OutcomeChart? chart) => chart is null ? null : new ChartView(chart.DataUri, chart.AltText);
}
