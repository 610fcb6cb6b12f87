using System.Globalization;
using System.Text;

namespace BotCore.Cards;

/// <summary>
/// Parses the Adaptive Expressions subset the binder supports, with the official grammar's precedence
/// (unary, then * /, + -, == !=, relational, &amp;&amp;, ||, ?:; note == binds tighter than &lt;).
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private int _position;

    private ExpressionParser(string text) => _text = text;

    /// <summary>Parses the text of one binding (what stands between <c>${</c> and <c>}</c>).</summary>
    public static Expr ParseExpression(string text)
    {
        var parser = new ExpressionParser(text);
        var expression = parser.ParseTernary();
        parser.SkipWhitespace();
        if (parser._position < text.Length)
        {
            throw parser.Error();
        }

        return expression;
    }

    // A quoted string from its opening quote: the index just past its closing quote, or -1 when it is not closed.
    // The interpolation lexer skips strings inside a binding the same way.
    public static int SkipString(string text, int start)
    {
        var quote = text[start];
        var j = start + 1;
        while (j < text.Length)
        {
            if (text[j] == '\\' && j + 1 < text.Length && (text[j + 1] == quote || text[j + 1] == '\\'))
            {
                j += 2;
                continue;
            }

            if (text[j] == quote)
            {
                return j + 1;
            }

            j++;
        }

        return -1;
    }

    private static readonly Dictionary<string, string> BinaryOperators = new(StringComparer.Ordinal)
    {
        ["*"] = "*", ["/"] = "/", ["+"] = "+", ["-"] = "-",
        ["=="] = "==", ["!="] = "!=", ["<>"] = "!=",
        ["<"] = "<", ["<="] = "<=", [">"] = ">", [">="] = ">=",
        ["&&"] = "&&", ["||"] = "||",
    };

    private static readonly string[][] PrecedenceLevels =
    [
        ["||"],
        ["&&"],
        ["<", "<=", ">", ">="],
        ["==", "!=", "<>"],
        ["+", "-"],
        ["*", "/"],
    ];

    private Expr ParseTernary()
    {
        var condition = ParseBinary(0);
        if (!TryConsume("?"))
        {
            return condition;
        }

        var whenTrue = ParseTernary();
        Expect(":");
        var whenFalse = ParseTernary();
        return ExpressionFunctions.Create("if", [condition, whenTrue, whenFalse]);
    }

    private Expr ParseBinary(int level)
    {
        if (level == PrecedenceLevels.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        while (true)
        {
            var op = PeekOperator(PrecedenceLevels[level]);
            if (op is null)
            {
                return left;
            }

            _position += op.Length;
            var right = ParseBinary(level + 1);
            left = ExpressionFunctions.Create(BinaryOperators[op], [left, right]);
        }
    }

    private Expr ParseUnary()
    {
        SkipWhitespace();
        if (Peek('!') && !PeekText("!="))
        {
            _position++;
            return ExpressionFunctions.Create("!", [ParseUnary()]);
        }

        if (Peek('-') || Peek('+'))
        {
            var op = _text[_position].ToString();
            _position++;
            return ExpressionFunctions.Create(op, [new ConstantExpr(0d), ParseUnary()]);
        }

        return ParsePostfix();
    }

    private Expr ParsePostfix()
    {
        var expression = ParsePrimary();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume("."))
            {
                SkipWhitespace();
                expression = new AccessorExpr(ReadIdentifier() ?? throw Error(), expression);
            }
            else if (TryConsume("["))
            {
                var index = ParseTernary();
                Expect("]");
                expression = new ElementExpr(expression, index);
            }
            else if (Peek('('))
            {
                if (expression is not AccessorExpr { Instance: null } function)
                {
                    throw Error();
                }

                _position++;
                var arguments = new List<Expr>();
                SkipWhitespace();
                if (!TryConsume(")"))
                {
                    do
                    {
                        arguments.Add(ParseTernary());
                    }
                    while (TryConsume(","));

                    Expect(")");
                }

                expression = ExpressionFunctions.Create(function.Name, [.. arguments]);
            }
            else
            {
                return expression;
            }
        }
    }

    private Expr ParsePrimary()
    {
        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error();
        }

        var c = _text[_position];
        if (c == '(')
        {
            _position++;
            var inner = ParseTernary();
            Expect(")");
            return inner;
        }

        if (char.IsAsciiDigit(c))
        {
            var start = _position;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }

            if (_position + 1 < _text.Length && _text[_position] == '.' && char.IsAsciiDigit(_text[_position + 1]))
            {
                _position++;
                while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
                {
                    _position++;
                }
            }

            return new ConstantExpr(double.Parse(_text.AsSpan(start, _position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        }

        if (c is '\'' or '"')
        {
            var end = SkipString(_text, _position);
            if (end < 0)
            {
                throw Error();
            }

            var body = _text[(_position + 1)..(end - 1)].Replace("\\" + c, c.ToString(), StringComparison.Ordinal);
            _position = end;
            return new ConstantExpr(Unescape(body));
        }

        var identifier = ReadIdentifier() ?? throw Error();
        return identifier switch
        {
            "true" => new ConstantExpr(true),
            "false" => new ConstantExpr(false),
            "null" => new ConstantExpr(null),
            "undefined" => new ConstantExpr(JsValue.Undefined),
            _ => new AccessorExpr(identifier, null),
        };
    }

    // String literals understand \r \n \t \\ and keep any other backslash pair as written.
    private static string Unescape(string body)
    {
        if (!body.Contains('\\', StringComparison.Ordinal))
        {
            return body;
        }

        var result = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length && body[i + 1] is not ('\r' or '\n'))
            {
                var next = body[i + 1];
                result.Append(next switch
                {
                    'r' => "\r",
                    'n' => "\n",
                    't' => "\t",
                    '\\' => "\\",
                    _ => "\\" + next,
                });
                i++;
            }
            else
            {
                result.Append(body[i]);
            }
        }

        return result.ToString();
    }

    private string? ReadIdentifier()
    {
        if (_position >= _text.Length)
        {
            return null;
        }

        var c = _text[_position];
        if (!(char.IsAsciiLetter(c) || c is '_' or '$' or '@' or '#'))
        {
            return null;
        }

        var start = _position++;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private string? PeekOperator(string[] candidates)
    {
        SkipWhitespace();
        string? best = null;
        foreach (var candidate in candidates)
        {
            if (PeekText(candidate) && (best is null || candidate.Length > best.Length))
            {
                best = candidate;
            }
        }

        // "<" must not take the first half of "<=" or "<>", "&&"/"||" must be whole, "=" alone is no operator.
        if (best is "<" && (PeekText("<=") || PeekText("<>")))
        {
            return null;
        }

        if (best is ">" && PeekText(">="))
        {
            return null;
        }

        return best;
    }

    private bool Peek(char c) => _position < _text.Length && _text[_position] == c;

    private bool PeekText(string text) => string.CompareOrdinal(_text, _position, text, 0, text.Length) == 0;

    private bool TryConsume(string token)
    {
        SkipWhitespace();
        if (!PeekText(token))
        {
            return false;
        }

        _position += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!TryConsume(token))
        {
            throw Error();
        }
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private CardTemplateException Error() =>
        new($"Invalid expression \"{_text}\" at position {_position + 1}.");
}
