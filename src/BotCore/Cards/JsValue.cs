using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotCore.Cards;

/// <summary>
/// Values as the JavaScript templating engine sees them: undefined, null, bool, double, string,
/// and data objects/arrays kept as JSON nodes. Conversions follow JavaScript rules because the
/// output must equal the official adaptivecards-templating output.
/// </summary>
internal static class JsValue
{
    public static readonly object Undefined = new UndefinedMarker();

    private sealed class UndefinedMarker
    {
        public override string ToString() => "undefined";
    }

    private static readonly JsonSerializerOptions StringifyOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>JavaScript Number.EPSILON.</summary>
    private const double NumberEpsilon = 2.220446049250313e-16;

    public static bool IsNullish(object? value) => value is null || ReferenceEquals(value, Undefined);

    public static bool IsNumber(object? value) => value is double d && !double.IsNaN(d);

    public static bool IsInteger(object? value) => value is double d && double.IsFinite(d) && Math.Floor(d) == d;

    /// <summary>adaptive-expressions' isLogicTrue: only false, null and undefined are false (0 and "" are true).</summary>
    public static bool IsLogicTrue(object? value) => value is bool b ? b : !IsNullish(value);

    /// <summary>JavaScript truthiness (used where the engine tests a raw template value).</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => !ReferenceEquals(value, Undefined),
    };

    public static object? FromNode(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return node;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.TryGetValue<string>(out var text) ? text : JsonSerializer.Deserialize<string>(value.ToJsonString()),
            JsonValueKind.Number => ToDouble(value),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }

    // Nodes built in C# hold their CLR type (int, decimal...); parsed nodes hold a JsonElement.
    private static double ToDouble(JsonValue value)
    {
        if (value.TryGetValue<double>(out var number))
        {
            return number;
        }

        if (value.TryGetValue<int>(out var integer))
        {
            return integer;
        }

        if (value.TryGetValue<long>(out var big))
        {
            return big;
        }

        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        string s => JsonValue.Create(s),
        JsonNode n => n.DeepClone(),
        _ => null,
    };

    /// <summary>JavaScript ToString, as used by string concatenation and Array.prototype.join.</summary>
    public static string ToJsString(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => NumberToString(d),
        string s => s,
        JsonArray a => JoinArray(a, ","),
        JsonObject => "[object Object]",
        _ => "undefined",
    };

    public static string JoinArray(JsonArray array, string separator)
    {
        var parts = new string[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            var item = FromNode(array[i]);
            parts[i] = IsNullish(item) ? string.Empty : ToJsString(item);
        }

        return string.Join(separator, parts);
    }

    /// <summary>adaptive-expressions' commonStringify: JSON for objects and arrays, "" for null.</summary>
    public static string Stringify(object? value) => value switch
    {
        null => string.Empty,
        JsonNode n => n.ToJsonString(StringifyOptions).TrimStart('\'', '"').TrimEnd('\'', '"'),
        _ when ReferenceEquals(value, Undefined) => string.Empty,
        _ => ToJsString(value),
    };

    /// <summary>Number.prototype.toString: shortest round-trip digits, exponent outside 1e-7..1e21.</summary>
    public static string NumberToString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        // Shortest digits from the round-trip form, decimal exponent from either form.
        var mantissa = roundTrip;
        var exponent = 0;
        var e = roundTrip.IndexOf('E');
        if (e >= 0)
        {
            mantissa = roundTrip[..e];
            exponent = int.Parse(roundTrip[(e + 1)..], CultureInfo.InvariantCulture);
        }

        var point = mantissa.IndexOf('.');
        var integerDigits = point >= 0 ? point : mantissa.Length;
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        // n: position of the decimal point relative to the first significant digit.
        var n = integerDigits - leadingZeros + exponent;
        var k = digits.Length;
        string result;
        if (k <= n && n <= 21)
        {
            result = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            result = "0." + new string('0', -n) + digits;
        }
        else
        {
            var exp = n - 1;
            var sign = exp < 0 ? "-" : "+";
            result = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + sign + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
        }

        return value < 0 ? "-" + result : result;
    }

    /// <summary>JavaScript parseInt(text, 10): optional sign and leading digits; NaN when none.</summary>
    public static double ParseInt(string text)
    {
        var s = text.AsSpan().TrimStart();
        var i = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == start)
        {
            return double.NaN;
        }

        var number = double.Parse(s[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -number : number;
    }

    /// <summary>JavaScript parseFloat: the longest decimal prefix; NaN when none.</summary>
    public static double ParseFloat(string text)
    {
        var s = text.AsSpan().TrimStart();
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        if (s[i..].StartsWith("Infinity"))
        {
            return s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        var digitsStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        var hasDigits = i > digitsStart;
        if (i < s.Length && s[i] == '.')
        {
            var afterPoint = i + 1;
            var j = afterPoint;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            if (j > afterPoint || hasDigits)
            {
                hasDigits |= j > afterPoint;
                i = j;
            }
        }

        if (!hasDigits)
        {
            return double.NaN;
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            var j = i + 1;
            if (j < s.Length && (s[j] == '+' || s[j] == '-'))
            {
                j++;
            }

            var expStart = j;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            if (j > expStart)
            {
                i = j;
            }
        }

        return double.Parse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Math.round: halves go towards +infinity.</summary>
    public static double Round(double value)
    {
        var floor = Math.Floor(value);
        return value - floor >= 0.5 ? floor + 1 : floor;
    }

    /// <summary>adaptive-expressions' commonEquals: deep for arrays and objects, epsilon for numbers, strict otherwise.</summary>
    public static bool CommonEquals(object? a, object? b)
    {
        if (IsNullish(a) || IsNullish(b))
        {
            return IsNullish(a) && IsNullish(b);
        }

        if (a is JsonArray left && b is JsonArray right)
        {
            if (left.Count != right.Count)
            {
                return false;
            }

            for (var i = 0; i < left.Count; i++)
            {
                if (!CommonEquals(FromNode(left[i]), FromNode(right[i])))
                {
                    return false;
                }
            }

            return true;
        }

        if (a is JsonObject x && b is JsonObject y)
        {
            return x.Count == y.Count && JsonNode.DeepEquals(x, y);
        }

        if (a is double m && b is double n && Math.Abs(m - n) < NumberEpsilon)
        {
            return true;
        }

        return a switch
        {
            double d => b is double e && d == e,
            string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
            bool p => b is bool q && p == q,
            _ => ReferenceEquals(a, b),
        };
    }
}
