using System.Text.Json.Nodes;

namespace BotCore.Cards;

/// <summary>
/// The conditions and comparisons (if, not, and, or, equals, greater, less, exists, empty). Conditions are read
/// as the official engine reads them: a missing value or an error makes them false, never a failure.
/// </summary>
internal static class LogicFunctions
{
    // The official "and" stops at the first operand that is not true.
    public static bool And(Expr[] operands, Scope scope)
    {
        foreach (var child in operands)
        {
            if (!IsConditionTrue(child, scope))
            {
                return false;
            }
        }

        return true;
    }

    // When nothing is true the official "or" returns the last operand's own value, not false.
    public static object? Or(Expr[] operands, Scope scope)
    {
        object? last = false;
        foreach (var child in operands)
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
    }

    // Conditions are evaluated without null substitution, and an error counts as false.
    public static bool IsConditionTrue(Expr expression, Scope scope)
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

    public static bool Compare(CallExpr call, Scope scope)
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
}
