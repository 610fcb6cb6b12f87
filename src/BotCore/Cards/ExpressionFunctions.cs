namespace BotCore.Cards;

/// <summary>
/// The registry of supported functions (names, operators and how many arguments each takes) and the dispatch that
/// evaluates a call; the functions themselves live by family in <see cref="LogicFunctions"/>,
/// <see cref="ArithmeticFunctions"/>, <see cref="TextFunctions"/> and <see cref="CardDateFormat"/>.
/// Each has the semantics of adaptive-expressions 4.x as used by
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
                return LogicFunctions.IsConditionTrue(a[0], scope) ? a[1].Evaluate(scope, substitute) : a[2].Evaluate(scope, substitute);
            case "!":
                return !LogicFunctions.IsConditionTrue(a[0], scope);
            case "&&":
                return LogicFunctions.And(a, scope);
            case "||":
                return LogicFunctions.Or(a, scope);
            case "==" or "!=" or ">" or ">=" or "<" or "<=" or "exists" or "empty":
                return LogicFunctions.Compare(call, scope);
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
            "+" => ArithmeticFunctions.Add(args),
            "-" or "*" or "/" => ArithmeticFunctions.Arithmetic(call, args),
            "concat" => TextFunctions.Concat(args),
            "count" => TextFunctions.Count(args[0]),
            "length" => (double)TextFunctions.StringOrUndefined(call, args[0]).Length,
            "join" => TextFunctions.Join(call, args),
            "string" => TextFunctions.StringOf(args[0]),
            "int" => ArithmeticFunctions.Int(args[0]),
            "float" => ArithmeticFunctions.Float(args[0]),
            "toUpper" => TextFunctions.ToUpper(TextFunctions.StringOrUndefined(call, args[0])),
            "toLower" => TextFunctions.StringOrUndefined(call, args[0]).ToLowerInvariant(),
            "substring" => TextFunctions.Substring(call, args),
            "formatNumber" => TextFunctions.FormatNumber(args),
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
}
