using System.Globalization;
using System.Text;

namespace BotCore.Cards;

/// <summary>
/// formatDateTime for a well-defined subset of .NET-style formats, rendered in UTC and English exactly as
/// adaptive-expressions does (it converts the format to dayjs tokens and formats the UTC instant).
/// Supported: d dd ddd dddd, M MM MMM MMMM, yy yyyy, H HH h hh, m mm, s ss, fff, tt, and the literal
/// characters space - / : , . T and parentheses. Anything else is refused, because the official engine
/// hands unknown letters to dayjs, which reads them as its own tokens.
/// </summary>
internal static class CardDateFormat
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static string Format(object?[] args)
    {
        if (args[0] is not string timestamp)
        {
            throw new ExpressionError("arg.toISOString is not a function");
        }

        if (timestamp.Length == 0)
        {
            // JavaScript's Date reads nothing from an empty string either: an expression error, as in the engine.
            throw new ExpressionError(" is not a valid datetime string.");
        }

        if (!DateTimeOffset.TryParseExact(timestamp, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            // JavaScript's Date also reads many non-ISO forms; refusing them loudly beats formatting differently.
            throw new CardTemplateException($"formatDateTime in the card binder needs an ISO 8601 timestamp, not \"{timestamp}\".");
        }

        var format = args.Length >= 2 && args[1] is string f && f.Length > 0 ? f : null;
        if (args.Length == 3 && !(args[2] is string locale && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase)))
        {
            throw new CardTemplateException("formatDateTime supports only English locales in the card binder.");
        }

        var utc = instant.UtcDateTime;
        // JavaScript dates carry milliseconds only.
        utc = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return format is null ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : Render(utc, format);
    }

    private static string Render(DateTime utc, string format)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            var run = 1;
            while (i + run < format.Length && format[i + run] == c)
            {
                run++;
            }

            i += run;
            var culture = CultureInfo.InvariantCulture;
            switch (c)
            {
                case 'd':
                    result.Append(run switch
                    {
                        1 => utc.Day.ToString(culture),
                        2 => utc.Day.ToString("00", culture),
                        3 => utc.ToString("ddd", culture),
                        _ => utc.ToString("dddd", culture),
                    });
                    break;
                case 'M':
                    result.Append(run switch
                    {
                        1 => utc.Month.ToString(culture),
                        2 => utc.Month.ToString("00", culture),
                        3 => utc.ToString("MMM", culture),
                        _ => utc.ToString("MMMM", culture),
                    });
                    break;
                case 'y' when run is 2 or 4:
                    result.Append(run == 2 ? (utc.Year % 100).ToString("00", culture) : utc.Year.ToString("0000", culture));
                    break;
                case 'H':
                    result.Append(utc.Hour.ToString(run == 1 ? "0" : "00", culture));
                    break;
                case 'h':
                    var hour = utc.Hour % 12 == 0 ? 12 : utc.Hour % 12;
                    result.Append(hour.ToString(run == 1 ? "0" : "00", culture));
                    break;
                case 'm':
                    result.Append(utc.Minute.ToString(run == 1 ? "0" : "00", culture));
                    break;
                case 's':
                    result.Append(utc.Second.ToString(run == 1 ? "0" : "00", culture));
                    break;
                case 'f' when run == 3:
                    result.Append(utc.Millisecond.ToString("000", culture));
                    break;
                case 't' when run == 2:
                    result.Append(utc.Hour < 12 ? "AM" : "PM");
                    break;
                case ' ' or '-' or '/' or ':' or ',' or '.' or 'T' or '(' or ')':
                    result.Append(c, run);
                    break;
                default:
                    throw new CardTemplateException($"The date format \"{format}\" uses \"{new string(c, run)}\", which the card binder does not support.");
            }
        }

        return result.ToString();
    }
}
