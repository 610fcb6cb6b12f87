using System.Text;

namespace BotCore.Cards;

/// <summary>
/// Finds the <c>${...}</c> bindings inside a JSON string value of a template, as the official templating lexer does
/// (its TEMPLATE token and its backslash escapes), and joins the text around them into one expression;
/// each binding's own text is parsed by <see cref="ExpressionParser"/>.
/// </summary>
internal static class TemplateInterpolation
{
    /// <summary>
    /// Parses a JSON string value of a template. Returns null when it holds no binding (kept verbatim);
    /// otherwise the interpolation as a concat call, or the single expression when the string is exactly
    /// one non-constant <c>${...}</c> (so its value keeps its JSON type, as in the JavaScript engine).
    /// </summary>
    public static Expr? ParseInterpolation(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        var children = new List<Expr> { new ConstantExpr(string.Empty) };
        var literal = new StringBuilder();
        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                children.Add(new ConstantExpr(literal.ToString()));
                literal.Clear();
            }
        }

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '`')
            {
                throw new CardTemplateException($"A backtick cannot appear in a string with bindings: \"{text}\".");
            }

            if (c == '\\')
            {
                // The official lexer's escape is a backslash plus one character other than a line break or
                // another backslash. A trailing backslash escapes the closing backtick the engine wraps the text in.
                if (i + 1 == text.Length)
                {
                    throw new CardTemplateException($"A string with bindings cannot end with a backslash: \"{text}\".");
                }

                FlushLiteral();
                if (text[i + 1] is not ('\r' or '\n' or '\\'))
                {
                    var next = text[i + 1];
                    children.Add(new ConstantExpr(next is '`' or '$' ? next.ToString() : "\\" + next));
                    i += 2;
                }
                else
                {
                    children.Add(new ConstantExpr("\\"));
                    i++;
                }

                continue;
            }

            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{' && TryMatchTemplate(text, i, out var end))
            {
                FlushLiteral();
                children.Add(ExpressionParser.ParseExpression(TrimTemplate(text[i..end])));
                i = end;
                continue;
            }

            literal.Append(c);
            i++;
        }

        FlushLiteral();
        if (children.Count == 2 && children[1] is not ConstantExpr)
        {
            return children[1];
        }

        return new CallExpr("concat", [.. children]);
    }

    // The lexer's TEMPLATE token: "${", then quoted strings or anything but braces, backticks and
    // line breaks, then "}". Anything else is plain text.
    private static bool TryMatchTemplate(string text, int start, out int end)
    {
        var j = start + 2;
        var units = 0;
        end = 0;
        while (j < text.Length)
        {
            var c = text[j];
            if (c == '}')
            {
                if (units == 0)
                {
                    return false;
                }

                end = j + 1;
                return true;
            }

            if (c == '{')
            {
                throw new CardTemplateException($"Object literals in bindings are not supported: \"{text}\".");
            }

            if (c is '\r' or '\n' or '`')
            {
                return false;
            }

            if (c is '\'' or '"')
            {
                var close = ExpressionParser.SkipString(text, j);
                if (close < 0)
                {
                    return false;
                }

                j = close;
            }
            else
            {
                j++;
            }

            units++;
        }

        return false;
    }

    private static string TrimTemplate(string template)
    {
        var result = template.Trim();
        if (result.StartsWith('$'))
        {
            result = result[1..];
        }

        result = result.Trim();
        if (result.StartsWith('{') && result.EndsWith('}'))
        {
            result = result[1..^1];
        }

        return result.Trim();
    }
}
