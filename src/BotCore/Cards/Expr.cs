using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BotCore.Cards;

/// <summary>An evaluation failure that the official engine reports as an error (not a missing value).</summary>
internal sealed class ExpressionError(string message) : Exception(message);

/// <summary>The scope an expression sees: $root, the current $data, $index and $host.</summary>
internal sealed class Scope(object? root, object? data, object? index, object? host)
{
    public object? Root { get; } = root;
    public object? Data { get; } = data;
    public object? Index { get; } = index;
    public object? Host { get; } = host;
}

/// <summary>A parsed expression. Evaluate throws <see cref="ExpressionError"/> where the official engine reports an error.</summary>
internal abstract class Expr
{
    /// <param name="substitute">When true, a missing path evaluates to the text "${path}" (the engine's null substitution).</param>
    public abstract object? Evaluate(Scope scope, bool substitute);

    /// <summary>The official engine's rendering of an expression, used when a failed binding is left in the text.</summary>
    public abstract override string ToString();
}

internal sealed class ConstantExpr(object? value) : Expr
{
    public object? Value { get; } = value;

    public override object? Evaluate(Scope scope, bool substitute) => Value;

    public override string ToString() => Value switch
    {
        null => "null",
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        _ => JsValue.ToJsString(Value),
    };
}

/// <summary>A property path (<c>a</c>, <c>a.b</c>), resolved against the template memory like the official SimpleObjectMemory.</summary>
internal sealed class AccessorExpr : Expr
{
    // For a plain dotted path the path text and its parts are fixed, so they are computed once at parse time.
    private readonly string? _fixedPath;
    private readonly string[]? _fixedParts;

    public AccessorExpr(string name, Expr? instance)
    {
        Name = name;
        Instance = instance;
        if (instance is null)
        {
            _fixedPath = name;
        }
        else if (instance is AccessorExpr { _fixedPath: { } parentPath })
        {
            _fixedPath = parentPath + "." + name;
        }

        if (_fixedPath is not null)
        {
            _fixedParts = Memory.Split(_fixedPath[0] == '$' ? _fixedPath : "$data." + _fixedPath);
        }
    }

    public string Name { get; }

    public Expr? Instance { get; }

    public override object? Evaluate(Scope scope, bool substitute)
    {
        if (_fixedParts is not null)
        {
            var found = Memory.GetTemplateValue(scope, _fixedParts);
            return !ReferenceEquals(found, JsValue.Undefined) ? found : substitute ? "${" + _fixedPath + "}" : JsValue.Undefined;
        }

        var path = string.Empty;
        Expr? left = this;
        while (left is not null)
        {
            if (left is AccessorExpr accessor)
            {
                path = accessor.Name + "." + path;
                left = accessor.Instance;
            }
            else if (left is ElementExpr element)
            {
                var index = element.Index.Evaluate(scope, substitute);
                var indexText = JsValue.ToJsString(index);
                if (!double.IsNaN(JsValue.ParseInt(indexText)))
                {
                    path = "[" + indexText + "]." + path;
                }
                else if (index is string)
                {
                    path = "['" + indexText + "']." + path;
                }
                else
                {
                    throw new ExpressionError($"{element.Index} doesn't return an int or string");
                }

                left = element.Instance;
            }
            else
            {
                break;
            }
        }

        path = path.TrimEnd('.').Replace(".[", "[", StringComparison.Ordinal);
        object? value;
        if (left is null)
        {
            value = Memory.GetTemplateValue(scope, path);
        }
        else
        {
            value = Memory.GetValue(left.Evaluate(scope, substitute), path);
        }

        if (!ReferenceEquals(value, JsValue.Undefined))
        {
            return value;
        }

        return substitute ? "${" + path + "}" : JsValue.Undefined;
    }

    public override string ToString() => Instance is null ? Name : Instance + "." + Name;
}

/// <summary>An index access <c>a[expr]</c>: integer index into an array, or string property name.</summary>
internal sealed class ElementExpr(Expr instance, Expr index) : Expr
{
    public Expr Instance { get; } = instance;
    public Expr Index { get; } = index;

    public override object? Evaluate(Scope scope, bool substitute)
    {
        var instance = Instance.Evaluate(scope, substitute);
        var index = Index.Evaluate(scope, substitute: false);
        if (JsValue.IsInteger(index))
        {
            var i = (double)index!;
            if (JsValue.IsNullish(instance))
            {
                return JsValue.Undefined;
            }

            if (instance is not JsonArray array)
            {
                throw new ExpressionError($"{JsValue.ToJsString(instance)} is not a collection.");
            }

            if (i < 0 || i >= array.Count)
            {
                throw new ExpressionError($"{JsValue.ToJsString(i)} is out of range for {JsValue.ToJsString(instance)}");
            }

            return JsValue.FromNode(array[(int)i]);
        }

        if (index is string name)
        {
            return Memory.AccessProperty(instance, name);
        }

        throw new ExpressionError($"Could not coerce {Index} to an int or string.");
    }

    public override string ToString() => Instance + "[" + Index + "]";
}

/// <summary>Path lookup with the official engine's rules: case-insensitive property names, "$data." implied.</summary>
internal static class Memory
{
    private static readonly char[] PathSeparators = ['.', '[', ']'];

    public static object? GetTemplateValue(Scope scope, string path)
    {
        if (path.Length == 0)
        {
            return JsValue.Undefined;
        }

        if (path[0] != '$')
        {
            path = "$data." + path;
        }

        return GetTemplateValue(scope, Split(path));
    }

    public static object? GetTemplateValue(Scope scope, string[] parts)
    {
        if (parts.Length == 0)
        {
            return JsValue.Undefined;
        }

        object? current = parts[0].ToLowerInvariant() switch
        {
            "$root" => scope.Root,
            "$data" => scope.Data,
            "$index" => scope.Index,
            "$host" => scope.Host,
            _ => JsValue.Undefined,
        };
        return Walk(current, parts.AsSpan(1));
    }

    public static object? GetValue(object? instance, string path)
    {
        if (path.Length == 0 || ReferenceEquals(instance, JsValue.Undefined))
        {
            return JsValue.Undefined;
        }

        var parts = Split(path);
        return parts.Length == 0 ? JsValue.Undefined : Walk(instance, parts);
    }

    private static object? Walk(object? current, ReadOnlySpan<string> parts)
    {
        var value = current;
        foreach (var part in parts)
        {
            var index = JsValue.ParseInt(part);
            if (!double.IsNaN(index) && current is JsonArray array)
            {
                if (index < 0 || index >= array.Count)
                {
                    return JsValue.Undefined;
                }

                value = JsValue.FromNode(array[(int)index]);
            }
            else
            {
                value = AccessProperty(current, part);
            }

            current = value;
        }

        return value;
    }

    public static string[] Split(string path)
    {
        var parts = path.Split(PathSeparators, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if ((part.StartsWith('"') && part.EndsWith('"')) || (part.StartsWith('\'') && part.EndsWith('\'')))
            {
                parts[i] = part.Length >= 2 ? part[1..^1] : string.Empty;
            }
        }

        return parts;
    }

    /// <summary>Object.keys(instance).find(k => k.toLowerCase() === name.toLowerCase()).</summary>
    public static object? AccessProperty(object? instance, string name)
    {
        if (!JsValue.IsTruthy(instance))
        {
            return JsValue.Undefined;
        }

        switch (instance)
        {
            case JsonObject obj:
                var asciiName = Ascii.IsValid(name);
                foreach (var (key, node) in obj)
                {
                    if (asciiName && Ascii.IsValid(key)
                            ? string.Equals(key, name, StringComparison.OrdinalIgnoreCase)
                            : key.ToLowerInvariant() == name.ToLowerInvariant())
                    {
                        return JsValue.FromNode(node);
                    }
                }

                return JsValue.Undefined;
            case JsonArray array when IsArrayKey(name, array.Count, out var i):
                return JsValue.FromNode(array[i]);
            case string text when IsArrayKey(name, text.Length, out var i):
                return text[i].ToString();
            default:
                return JsValue.Undefined;
        }
    }

    private static bool IsArrayKey(string name, int count, out int index) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out index)
        && index < count
        && index.ToString(CultureInfo.InvariantCulture) == name;
}

/// <summary>A function or operator application; operators are stored under the official engine's type names.</summary>
internal sealed class CallExpr(string type, Expr[] arguments) : Expr
{
    public string Type { get; } = type;
    public Expr[] Arguments { get; } = arguments;

    public override object? Evaluate(Scope scope, bool substitute) => ExpressionFunctions.Evaluate(this, scope, substitute);

    public override string ToString()
    {
        var infix = Type.Length > 0 && !char.IsAsciiLetter(Type[0]) && Arguments.Length >= 2;
        var builder = new StringBuilder();
        if (!infix)
        {
            builder.Append(Type);
        }

        builder.Append('(');
        for (var i = 0; i < Arguments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(infix ? " " + Type + " " : ", ");
            }

            builder.Append(Arguments[i]);
        }

        return builder.Append(')').ToString();
    }
}
