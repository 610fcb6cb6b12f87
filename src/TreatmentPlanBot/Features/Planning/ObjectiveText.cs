using System.Globalization;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>How the objective steps and the goal summary word an objective's parts, and how they read typed lists.</summary>
internal static class ObjectiveText
{
    /// <summary>Words that accept a suggestion the question offers ("say **ok** to use ...").</summary>
    public static readonly string[] KeepWords = ["ok", "okay", "keep", "yes", "same"];

    public static bool IsKeep(string text) => KeepWords.Contains(text.Trim().TrimEnd('.', '!'), StringComparer.OrdinalIgnoreCase);

    public static string Format(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string FormatOrNone(DateOnly? date) => date is { } d ? Format(d) : "no date yet";

    public static string Describe(ObjectiveDraft draft) => draft.Measure switch
    {
        { Type: MeasureType.DoneNotDone } => $"done by {FormatOrNone(draft.AnticipatedCompletion)}",
        { } m => $"{MeasureName(m)} from {Format(m.Baseline ?? 0)} to {Format(m.Target ?? 0)} by {FormatOrNone(draft.AnticipatedCompletion)}",
        null => "no measure yet",
    };

    public static string MeasureName(ObjectiveMeasure measure) => measure.Type switch
    {
        MeasureType.InstrumentScore => measure.MeasureId ?? "score",
        MeasureType.Rating0To10 => $"{measure.Unit ?? "rating"} (0-10)",
        _ => measure.Unit ?? "count",
    };

    public static string MeasureTypeTitle(ObjectiveMeasure measure) => measure.Type switch
    {
        MeasureType.InstrumentScore => $"{measure.MeasureId} score",
        MeasureType.CountPerPeriod => $"a count of {measure.Unit}",
        MeasureType.Rating0To10 => "a 0-10 rating",
        _ => "done / not done",
    };

    // Under the "Attainable" heading the rules' own "Attainable: " prefix would say it twice.
    public static string Bullets(IEnumerable<string> lines) => string.Join("\n", lines.Select(l => $"- {GoalSummaryView.Unprefixed(l)}"));

    /// <summary>A typed list: one item per line or per ';', or none.</summary>
    public static IReadOnlyList<string> SplitList(string text) =>
        text.Trim().TrimEnd('.').Equals("none", StringComparison.OrdinalIgnoreCase)
            ? []
            : [.. text.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(t => t.Length > 0)];
}
