using System.Globalization;
using System.Text.Json.Nodes;

namespace BotCore.Cards;

/// <summary>
/// The text functions (concat, count, length, join, string, toUpper, toLower, substring, formatNumber; concat, count and
/// join take lists too). Numbers are written as d3-format writes them: comma groups and U+2212 for a minus.
/// </summary>
internal static class TextFunctions
{
    // concat inside another expression; at the root of a binding the template engine concatenates itself.
    public static object? Concat(object?[] args)
    {
        var result = args[0];
        for (var i = 1; i < args.Length; i++)
        {
            var (first, second) = (result, args[i]);
            if (JsValue.IsNullish(first) && JsValue.IsNullish(second))
            {
                result = JsValue.Undefined;
            }
            else if (JsValue.IsNullish(first) && second is JsonArray)
            {
                result = second;
            }
            else if (JsValue.IsNullish(second) && first is JsonArray)
            {
                result = first;
            }
            else if (first is JsonArray x && second is JsonArray y)
            {
                var merged = new JsonArray();
                foreach (var item in x.Concat(y))
                {
                    merged.Add(item?.DeepClone());
                }

                result = merged;
            }
            else
            {
                result = JsValue.Stringify(first) + JsValue.Stringify(second);
            }
        }

        return result;
    }

    public static double Count(object? value) => value switch
    {
        string s => s.Length,
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        _ => throw new ExpressionError($"{JsValue.ToJsString(value)} must be a string, list, map or object."),
    };

    public static string StringOrUndefined(CallExpr call, object? value) => value switch
    {
        string s => s,
        _ when ReferenceEquals(value, JsValue.Undefined) => string.Empty,
        _ => throw new ExpressionError($"{call.Arguments[0]} is neither a string nor a null object."),
    };

    public static string Join(CallExpr call, object?[] args)
    {
        if (args[0] is not JsonArray array)
        {
            throw new ExpressionError($"{call.Arguments[0]} evaluates to {JsValue.ToJsString(args[0])} which is not a list.");
        }

        string Separator(object? value) => ReferenceEquals(value, JsValue.Undefined) ? "," : JsValue.ToJsString(value);
        if (args.Length == 2)
        {
            return JsValue.JoinArray(array, Separator(args[1]));
        }

        if (array.Count < 3)
        {
            return JsValue.JoinArray(array, Separator(args[2]));
        }

        var head = new JsonArray();
        for (var i = 0; i < array.Count - 1; i++)
        {
            head.Add(array[i]?.DeepClone());
        }

        return JsValue.JoinArray(head, Separator(args[1])) + JsValue.ToJsString(args[2]) + JsValue.ToJsString(JsValue.FromNode(array[^1]));
    }

    public static string StringOf(object? value)
    {
        if (value is string s)
        {
            return s;
        }

        if (value is double d && !double.IsNaN(d))
        {
            // string(number) formats with d3-format ",.Nf" where N is the number of decimals JavaScript prints.
            var text = JsValue.NumberToString(d);
            var point = text.IndexOf('.');
            return FormatFixed(d, point >= 0 ? text.Length - point - 1 : 0);
        }

        return JsValue.Stringify(value);
    }

    // toLocaleUpperCase maps ß to SS; .NET's invariant casing keeps it.
    public static string ToUpper(string text) =>
        text.Contains('ß', StringComparison.Ordinal)
            ? text.ToUpperInvariant().Replace("ß", "SS", StringComparison.Ordinal)
            : text.ToUpperInvariant();

    public static string Substring(CallExpr call, object?[] args)
    {
        if (ReferenceEquals(args[0], JsValue.Undefined))
        {
            return string.Empty;
        }

        if (args[0] is not string text)
        {
            throw new ExpressionError($"{call.Arguments[0]} is neither a string nor a null object.");
        }

        if (!JsValue.IsInteger(args[1]))
        {
            throw new ExpressionError($"{call.Arguments[1]} is not an integer.");
        }

        var start = (double)args[1]!;
        if (start < 0 || start > text.Length)
        {
            throw new ExpressionError($"{call.Arguments[1]}={JsValue.ToJsString(start)} which is out of range for {text}");
        }

        var length = text.Length - start;
        if (args.Length == 3)
        {
            if (!JsValue.IsInteger(args[2]))
            {
                throw new ExpressionError($"{call.Arguments[2]} is not an integer");
            }

            length = (double)args[2]!;
            if (length < 0 || start + length > text.Length)
            {
                throw new ExpressionError($"{call.Arguments[2]}={JsValue.ToJsString(length)} which is out of range for {text}");
            }
        }

        return text.Substring((int)start, (int)length);
    }

    public static string FormatNumber(object?[] args)
    {
        if (!JsValue.IsNumber(args[0]))
        {
            throw new ExpressionError($"formatNumber first argument {JsValue.ToJsString(args[0])} must be a number");
        }

        if (!JsValue.IsNumber(args[1]))
        {
            throw new ExpressionError($"formatNumber second argument {JsValue.ToJsString(args[1])} must be a number");
        }

        if (args.Length == 3 && !(args[2] is string locale && locale.Equals("en-US", StringComparison.OrdinalIgnoreCase)))
        {
            throw new CardTemplateException("formatNumber supports only the en-US locale in the card binder.");
        }

        var precision = (double)args[1]!;
        if (!JsValue.IsInteger(precision) || precision < 0 || precision > 20)
        {
            throw new CardTemplateException("formatNumber needs a whole precision between 0 and 20 in the card binder.");
        }

        var scale = Math.Pow(10, precision);
        return FormatFixed(JsValue.Round((double)args[0]! * scale) / scale, (int)precision);
    }

    /// <summary>d3-format ",.Nf": fixed decimals, comma groups, U+2212 for negatives, no sign on a rounded zero.</summary>
    private static string FormatFixed(double value, int decimals)
    {
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var text = Math.Abs(value).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (negative && text.Any(c => c is >= '1' and <= '9'))
        {
            return "\u2212" + text;
        }

        return text;
    }
}
