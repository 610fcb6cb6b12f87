using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BotCore.Cards;

/// <summary>
/// The supported functions, each with the semantics of adaptive-expressions 4.x as used by
/// adaptivecards-templating 2.3 (including its quirks: integer division of whole numbers,
/// comparisons that are false rather than failing on a missing value, U+2212 minus in formatNumber).
/// </summary>
internal static class ExpressionFunctions
{
    private static readonly Dictionary<string, (string Type, int Min, int Max)> Functions = new(StringComparer.Ordinal)
    {
        ["if"] = ("if", 3, 3),
        ["equals"] = ("==", 2, 2), ["=="] = ("==", 2, 2), ["!="] = ("!=", 2, 2),
        ["not"] = ("!", 1, 1), ["!"] = ("!", 1, 1),
        ["and"] = ("&&", 1, int.MaxValue), ["&&"] = ("&&", 1, int.MaxValue),
        ["or"] = ("||", 1, int.MaxValue), ["||"] = ("||", 1, int.MaxValue),
        ["greater"] = (">", 2, 2), [">"] = (">", 2, 2),
        ["greaterOrEquals"] = (">=", 2, 2), [">="] = (">=", 2, 2),
        ["less"] = ("<", 2, 2), ["<"] = ("<", 2, 2),
        ["lessOrEquals"] = ("<=", 2, 2), ["<="] = ("<=", 2, 2),
        ["exists"] = ("exists", 1, 1),
        ["empty"] = ("empty", 1, 1),
        ["count"] = ("count", 1, 1),
        ["length"] = ("length", 1, 1),
        ["concat"] = ("concat", 1, int.MaxValue),
        ["join"] = ("join", 2, 3),
        ["string"] = ("string", 1, 1),
        ["int"] = ("int", 1, 1),
        ["float"] = ("float", 1, 1),
        ["add"] = ("+", 2, int.MaxValue), ["+"] = ("+", 2, int.MaxValue),
        ["sub"] = ("-", 2, int.MaxValue), ["-"] = ("-", 2, int.MaxValue),
        ["mul"] = ("*", 2, int.MaxValue), ["*"] = ("*", 2, int.MaxValue),
        ["div"] = ("/", 2, int.MaxValue), ["/"] = ("/", 2, int.MaxValue),
        ["toUpper"] = ("toUpper", 1, 1),
        ["toLower"] = ("toLower", 1, 1),
        ["substring"] = ("substring", 2, 3),
        ["formatNumber"] = ("formatNumber", 2, 3),
        ["formatDateTime"] = ("formatDateTime", 1, 3),
    };

    public static CallExpr Create(string name, Expr[] arguments)
    {
        if (!Functions.TryGetValue(name, out var function))
        {
            throw new CardTemplateException($"The function \"{name}\" is not supported by the card binder (see src/BotCore/Cards/README.md).");
        }

        if (arguments.Length < function.Min || arguments.Length > function.Max)
        {
            throw new CardTemplateException($"The function \"{name}\" does not take {arguments.Length} argument(s).");
        }

        return new CallExpr(function.Type, arguments);
    }

    public static object? Evaluate(CallExpr call, Scope scope, bool substitute)
    {
        var a = call.Arguments;
        switch (call.Type)
        {
            case "if":
                return IsConditionTrue(a[0], scope) ? a[1].Evaluate(scope, substitute) : a[2].Evaluate(scope, substitute);
            case "!":
                return !IsConditionTrue(a[0], scope);
            case "&&":
                foreach (var child in a)
                {
                    if (!IsConditionTrue(child, scope))
                    {
                        return false;
                    }
                }

                return true;
            case "||":
                // When nothing is true the official "or" returns the last operand's own value, not false.
                object? last = false;
                foreach (var child in a)
                {
                    try
                    {
                        last = child.Evaluate(scope, substitute: false);
                    }
                    catch (ExpressionError)
                    {
                        last = JsValue.Undefined;
                        continue;
                    }

                    if (JsValue.IsLogicTrue(last))
                    {
                        return true;
                    }
                }

                return last;
            case "==" or "!=" or ">" or ">=" or "<" or "<=" or "exists" or "empty":
                return Compare(call, scope);
            case "formatDateTime" when IsMissing(a[0], scope):
                // The engine hands formatDateTime the "${path}" text of a missing value, which JavaScript's Date cannot read:
                // an expression error, so inside a string the binding stays as its text (and alone it fails).
                throw new ExpressionError($"{JsValue.ToJsString(a[0].Evaluate(scope, substitute: true))} is not a valid datetime string.");
        }

        var args = new object?[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            args[i] = a[i].Evaluate(scope, substitute);
        }

        return call.Type switch
        {
            "+" => Add(args),
            "-" or "*" or "/" => Arithmetic(call, args),
            "concat" => Concat(args),
            "count" => Count(args[0]),
            "length" => (double)StringOrUndefined(call, args[0]).Length,
            "join" => Join(call, args),
            "string" => StringOf(args[0]),
            "int" => Int(args[0]),
            "float" => Float(args[0]),
            "toUpper" => ToUpper(StringOrUndefined(call, args[0])),
            "toLower" => StringOrUndefined(call, args[0]).ToLowerInvariant(),
            "substring" => Substring(call, args),
            "formatNumber" => FormatNumber(args),
            "formatDateTime" => CardDateFormat.Format(args),
            _ => throw new ExpressionError($"Unknown function {call.Type}"),
        };
    }

    private static bool IsMissing(Expr expression, Scope scope)
    {
        try
        {
            return ReferenceEquals(expression.Evaluate(scope, substitute: false), JsValue.Undefined);
        }
        catch (ExpressionError)
        {
            return false;
        }
    }

    // Conditions are evaluated without null substitution, and an error counts as false.
    private static bool IsConditionTrue(Expr expression, Scope scope)
    {
        try
        {
            return JsValue.IsLogicTrue(expression.Evaluate(scope, substitute: false));
        }
        catch (ExpressionError)
        {
            return false;
        }
    }

    private static bool Compare(CallExpr call, Scope scope)
    {
        var args = new object?[call.Arguments.Length];
        for (var i = 0; i < args.Length; i++)
        {
            try
            {
                args[i] = call.Arguments[i].Evaluate(scope, substitute: false);
            }
            catch (ExpressionError)
            {
                return false;
            }

            var acceptable = call.Type switch
            {
                ">" or ">=" or "<" or "<=" or "exists" => !JsValue.IsNullish(args[i]),
                "empty" => args[i] is null or string or JsonNode || ReferenceEquals(args[i], JsValue.Undefined),
                _ => true,
            };
            if (!acceptable)
            {
                return false;
            }
        }

        switch (call.Type)
        {
            case "==":
                return JsValue.CommonEquals(args[0], args[1]);
            case "!=":
                return !JsValue.CommonEquals(args[0], args[1]);
            case "exists":
                return true;
            case "empty":
                return args[0] switch
                {
                    string s => s.Length == 0,
                    JsonArray array => array.Count == 0,
                    JsonObject obj => obj.Count == 0,
                    _ => true,
                };
        }

        int order;
        if (args[0] is double x && args[1] is double y && !double.IsNaN(x) && !double.IsNaN(y))
        {
            order = x.CompareTo(y);
        }
        else if (args[0] is string s && args[1] is string t)
        {
            order = Math.Sign(string.CompareOrdinal(s, t));
        }
        else
        {
            throw new ExpressionError($"{JsValue.ToJsString(args[0])} and {JsValue.ToJsString(args[1])} must be comparable.");
        }

        return call.Type switch
        {
            ">" => order > 0,
            ">=" => order >= 0,
            "<" => order < 0,
            _ => order <= 0,
        };
    }

    private static object Add(object?[] args)
    {
        foreach (var arg in args)
        {
            if (!(arg is string || JsValue.IsNumber(arg) || ReferenceEquals(arg, JsValue.Undefined)))
            {
                throw new ExpressionError($"{JsValue.ToJsString(arg)} is neither a number nor string");
            }
        }

        var result = args[0];
        for (var i = 1; i < args.Length; i++)
        {
            var (left, right) = (result, args[i]);
            if ((JsValue.IsNullish(left) && JsValue.IsNumber(right)) || (JsValue.IsNullish(right) && JsValue.IsNumber(left)))
            {
                throw new ExpressionError("Operator '+' or add cannot be applied to operands of type 'number' and null object.");
            }

            if (left is double l && right is double r)
            {
                result = l + r;
            }
            else
            {
                result = (JsValue.IsNullish(left) ? string.Empty : JsValue.ToJsString(left))
                    + (JsValue.IsNullish(right) ? string.Empty : JsValue.ToJsString(right));
            }
        }

        return result!;
    }

    private static double Arithmetic(CallExpr call, object?[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!JsValue.IsNumber(args[i]))
            {
                throw new ExpressionError($"{call.Arguments[i]} is not a number.");
            }

            if (call.Type == "/" && i > 0 && (double)args[i]! == 0)
            {
                throw new ExpressionError($"Cannot divide by 0 from {call.Arguments[i]}");
            }
        }

        var result = (double)args[0]!;
        for (var i = 1; i < args.Length; i++)
        {
            var right = (double)args[i]!;
            result = call.Type switch
            {
                "-" => result - right,
                "*" => result * right,
                _ => JsValue.IsInteger(result) && JsValue.IsInteger(right) ? Math.Floor(result / right) : result / right,
            };
        }

        return result;
    }

    // concat inside another expression; at the root of a binding the template engine concatenates itself.
    private static object? Concat(object?[] args)
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

    private static double Count(object? value) => value switch
    {
        string s => s.Length,
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        _ => throw new ExpressionError($"{JsValue.ToJsString(value)} must be a string, list, map or object."),
    };

    private static string StringOrUndefined(CallExpr call, object? value) => value switch
    {
        string s => s,
        _ when ReferenceEquals(value, JsValue.Undefined) => string.Empty,
        _ => throw new ExpressionError($"{call.Arguments[0]} is neither a string nor a null object."),
    };

    private static string Join(CallExpr call, object?[] args)
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

    private static string StringOf(object? value)
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

    private static object? Int(object? value)
    {
        if (value is string s)
        {
            var parsed = JsValue.ParseInt(s);
            return double.IsNaN(parsed) ? throw new ExpressionError($"parameter {s} is not a valid number string.") : parsed;
        }

        return JsValue.IsNumber(value) ? JsValue.ParseInt(JsValue.NumberToString((double)value!)) : JsValue.Undefined;
    }

    private static object? Float(object? value)
    {
        if (value is string s)
        {
            var parsed = JsValue.ParseFloat(s);
            return double.IsNaN(parsed) ? throw new ExpressionError($"parameter {s} is not a valid number string.") : parsed;
        }

        return JsValue.IsNumber(value) ? value : JsValue.Undefined;
    }

    // toLocaleUpperCase maps ß to SS; .NET's invariant casing keeps it.
    private static string ToUpper(string text) =>
        text.Contains('ß', StringComparison.Ordinal)
            ? text.ToUpperInvariant().Replace("ß", "SS", StringComparison.Ordinal)
            : text.ToUpperInvariant();

    private static string Substring(CallExpr call, object?[] args)
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

    private static string FormatNumber(object?[] args)
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
