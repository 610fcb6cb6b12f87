using System.Globalization;
using System.Text.RegularExpressions;

namespace BotCore.Dialogs.Prompts;

/// <summary>
/// Reads the ways people write a date: ISO (2027-03-03, which Input.Date sends), written English ("3 March 2027",
/// "March 3rd, 2027", "3 Mar 2027"), all-numbers in the configured order ("03/03/2027", "3.3.2027"), "today",
/// "tomorrow", "yesterday", and relative forms ("in 6 weeks", "in ten days", "2 months from now").
/// Month names are English: the app runs with invariant globalization.
/// </summary>
public static partial class DateRecognizer
{
    private static readonly string[] WrittenFormats =
    [
        "d MMMM yyyy", "d MMM yyyy", "MMMM d yyyy", "MMM d yyyy", "dddd d MMMM yyyy", "dddd MMMM d yyyy",
    ];

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
    };

    public static bool TryRecognize(string? text, DateOnly today, NumericDateOrder order, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var answer = Whitespace().Replace(text.Trim().TrimEnd('.', '!').ToLowerInvariant(), " ");
        switch (answer)
        {
            case "today":
                date = today;
                return true;
            case "tomorrow":
                date = today.AddDays(1);
                return true;
            case "yesterday":
                date = today.AddDays(-1);
                return true;
        }

        if (DateOnly.TryParseExact(answer, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (NumericDate().Match(answer) is { Success: true } numeric)
        {
            var first = int.Parse(numeric.Groups[1].Value, CultureInfo.InvariantCulture);
            var second = int.Parse(numeric.Groups[2].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(numeric.Groups[3].Value, CultureInfo.InvariantCulture);
            var (day, month) = order == NumericDateOrder.DayMonthYear ? (first, second) : (second, first);
            return TryCreate(year, month, day, out date);
        }

        if (Relative().Match(answer) is { Success: true } relative && Count(relative.Groups["n"].Value) is { } count)
        {
            return TryShift(today, relative.Groups["unit"].Value, count, out date);
        }

        var written = Ordinal().Replace(answer.Replace(",", " ", StringComparison.Ordinal), "$1");
        written = Whitespace().Replace(written, " ").Trim();
        return DateOnly.TryParseExact(written, WrittenFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static int? Count(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : NumberWords.TryGetValue(value, out var word) ? word : null;

    /// <summary>False when the date would fall past 9999-12-31: a typed answer must get a retry, not a failed turn.</summary>
    private static bool TryShift(DateOnly today, string unit, int count, out DateOnly date)
    {
        try
        {
            date = unit switch
            {
                "day" => today.AddDays(count),
                "week" => today.AddDays(checked(7 * count)),
                "month" => today.AddMonths(count),
                _ => today.AddYears(count),
            };
            return true;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            date = default;
            return false;
        }
    }

    private static bool TryCreate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year < DateOnly.MinValue.Year || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"^(?:in (?<n>\d+|[a-z]+) (?<unit>day|week|month|year)s?(?: from (?:now|today))?|(?<n>\d+|[a-z]+) (?<unit>day|week|month|year)s? from (?:now|today))$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(\d{1,2})(?:st|nd|rd|th)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Ordinal();
}
