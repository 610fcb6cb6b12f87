using System.Globalization;
using ScottPlot;
using SkiaSharp;
using TreatmentPlanBot.Fonts;

namespace TreatmentPlanBot.Charts;

/// <summary>
/// Draws an outcome chart with ScottPlot: the severity bands shaded, the baseline (dashed) and target (dotted) lines,
/// the anticipated date as a vertical line, and the scores joined in date order. Small on purpose (the image travels
/// inside a card under Teams' 28 KB): few pixels, no anti-aliasing, a handful of flat colours, then written as an
/// indexed PNG (<see cref="PalettePng"/>). Same data, same bytes, on every OS: the bundled font and no system fonts.
/// </summary>
public sealed class OutcomeChartRenderer
{
    public const int Width = 320;
    public const int Height = 150;

    // Bands from least to most severe: light fills that stay apart in greyscale too.
    private static readonly Color[] BandFills =
    [
        Color.FromHex("#E8F1E4"), Color.FromHex("#F4F1DC"), Color.FromHex("#F7E9D7"), Color.FromHex("#F5DEDB"), Color.FromHex("#EBD3D8"),
    ];

    private static readonly Color Ink = Color.FromHex("#303030");
    private static readonly Color Scores = Color.FromHex("#1F4E9A");
    private static readonly Color Baseline = Color.FromHex("#707070");
    private static readonly Color Target = Color.FromHex("#2E7D32");
    private static readonly Color Anticipated = Color.FromHex("#8A5A00");

    private static readonly Lock FontLock = new();
    private static bool _fontRegistered;

    public OutcomeChart Render(OutcomeChartData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        RegisterFont();
        var points = data.Points.OrderBy(p => p.On).ToList();
        var plot = new Plot();
        try
        {
            Draw(plot, data, points);
            using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            plot.Render(surface.Canvas, Width, Height);
            using var image = surface.Snapshot();
            using var bitmap = SKBitmap.FromImage(image);
            return new OutcomeChart(PalettePng.Encode(bitmap), OutcomeChartAltText.Describe(data), Width, Height);
        }
        finally
        {
            plot.Dispose();
        }
    }

    private static void Draw(Plot plot, OutcomeChartData data, IReadOnlyList<ChartPoint> points)
    {
        plot.Font.Set(BundledFonts.FamilyName);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.IsVisible = false;
        plot.Layout.Fixed(new PixelPadding(34, 8, 22, 6));

        var dates = points.Select(p => p.On).Concat(data.AnticipatedCompletion is { } due ? [due] : []).ToList();
        var first = dates.Count == 0 ? DateOnly.MinValue : dates.Min();
        var last = dates.Count == 0 ? first : dates.Max();
        var left = X(first) - 3;
        var right = Math.Max(X(last), X(first) + 14) + 3;
        var (min, max) = ((double)data.Min, (double)data.Max);

        var severity = 0;
        foreach (var band in data.Bands.OrderBy(b => b.Min))
        {
            var fill = plot.Add.Rectangle(left, right, Math.Max(band.Min - 0.5, min), Math.Min(band.Max + 0.5, max));
            fill.FillStyle.Color = BandFills[Math.Min(severity++, BandFills.Length - 1)];
            fill.LineStyle.Width = 0;
        }

        if (data.Baseline is { } baseline)
        {
            Line(plot.Add.HorizontalLine((double)baseline), Baseline, LinePattern.Dashed);
        }

        if (data.Target is { } target)
        {
            Line(plot.Add.HorizontalLine((double)target), Target, LinePattern.Dotted);
        }

        if (data.AnticipatedCompletion is { } anticipated)
        {
            Line(plot.Add.VerticalLine(X(anticipated)), Anticipated, LinePattern.Dotted);
        }

        if (points.Count > 0)
        {
            var scores = plot.Add.Scatter(points.Select(p => X(p.On)).ToArray(), points.Select(p => (double)p.Value).ToArray(), Scores);
            scores.LineWidth = 2;
            scores.MarkerSize = 6;
            scores.MarkerShape = MarkerShape.FilledCircle;
            scores.LineStyle.AntiAlias = false;
        }

        plot.Axes.SetLimits(left, right, min, max);
        plot.Axes.Bottom.TickGenerator = DateTicks(first, last, points, data.AnticipatedCompletion);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { MaxTickCount = 4, LabelFormatter = v => v.ToString("0.#", CultureInfo.InvariantCulture) };
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 10;
            axis.TickLabelStyle.ForeColor = Ink;
            axis.TickLabelStyle.AntiAliasText = false;
            axis.MajorTickStyle.Color = Ink;
            axis.MinorTickStyle.Length = 0;
            axis.FrameLineStyle.Color = Ink;
        }

        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.AntiAlias(false);
    }

    private static void Line(ScottPlot.Plottables.AxisLine line, Color color, LinePattern pattern)
    {
        line.LineColor = color;
        line.LineWidth = 1.5f;
        line.LinePattern = pattern;
        line.LineStyle.AntiAlias = false;
    }

    /// <summary>The first and last score and the anticipated date, as "3 Sep" (the year when the span crosses one).</summary>
    private static ScottPlot.TickGenerators.NumericManual DateTicks(DateOnly first, DateOnly last, IReadOnlyList<ChartPoint> points, DateOnly? anticipated)
    {
        var format = first.Year == last.Year ? "d MMM" : "MMM yy";
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var shown = new List<DateOnly>();
        var span = Math.Max(1, last.DayNumber - first.DayNumber);
        foreach (var date in new DateOnly?[] { points.Count > 0 ? points[0].On : null, anticipated, points.Count > 1 ? points[^1].On : null }.OfType<DateOnly>())
        {
            // Labels closer than a fifth of the width would overlap.
            if (shown.All(s => Math.Abs(s.DayNumber - date.DayNumber) * 5 >= span))
            {
                shown.Add(date);
                ticks.AddMajor(X(date), date.ToString(format, CultureInfo.InvariantCulture));
            }
        }

        return ticks;
    }

    private static double X(DateOnly date) => date.DayNumber;

    /// <summary>Skia draws text only with the typeface the bot carries: no system font is looked up, so every OS draws the same.</summary>
    private static void RegisterFont()
    {
        lock (FontLock)
        {
            if (!_fontRegistered)
            {
                ScottPlot.Fonts.FontResolvers.Insert(0, new BundledFontResolver());
                ScottPlot.Fonts.Default = BundledFonts.FamilyName;
                _fontRegistered = true;
            }
        }
    }

    private sealed class BundledFontResolver : IFontResolver
    {
        private readonly SKTypeface _regular = SKTypeface.FromData(SKData.CreateCopy(BundledFonts.Regular));
        private readonly SKTypeface _bold = SKTypeface.FromData(SKData.CreateCopy(BundledFonts.Bold));

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => bold ? _bold : _regular;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            weight >= FontWeight.SemiBold ? _bold : _regular;
    }
}
