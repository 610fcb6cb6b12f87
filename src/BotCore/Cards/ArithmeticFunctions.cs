namespace BotCore.Cards;

/// <summary>
/// Arithmetic (add, sub, mul, div and the operators + - * /) and the number conversions int and float, with the
/// official engine's rules: + also joins strings, and whole numbers divide as integers (7 / 2 is 3).
/// </summary>
internal static class ArithmeticFunctions
{
    public static object Add(object?[] args)
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

    public static double Arithmetic(CallExpr call, object?[] args)
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

    public static object? Int(object? value)
    {
        if (value is string s)
        {
            var parsed = JsValue.ParseInt(s);
            return double.IsNaN(parsed) ? throw new ExpressionError($"parameter {s} is not a valid number string.") : parsed;
        }

        return JsValue.IsNumber(value) ? JsValue.ParseInt(JsValue.NumberToString((double)value!)) : JsValue.Undefined;
    }

    public static object? Float(object? value)
    {
        if (value is string s)
        {
            var parsed = JsValue.ParseFloat(s);
            return double.IsNaN(parsed) ? throw new ExpressionError($"parameter {s} is not a valid number string.") : parsed;
        }

        return JsValue.IsNumber(value) ? value : JsValue.Undefined;
    }
}
