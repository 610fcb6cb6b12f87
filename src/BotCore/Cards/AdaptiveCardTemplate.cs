using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotCore.Cards;

/// <summary>
/// An Adaptive Card template in the templating language (<c>${...}</c>, <c>$data</c>, <c>$when</c>,
/// <c>$root</c>, <c>$index</c>, <c>$host</c>), parsed once and expanded many times. Expansion equals the
/// official adaptivecards-templating 2.3 output for the supported subset (src/BotCore/Cards/README.md).
/// Instances are immutable and safe to share between threads.
/// </summary>
public sealed class AdaptiveCardTemplate
{
    private static readonly HashSet<string> ReservedFields = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    private readonly TemplateNode _root;

    private AdaptiveCardTemplate(TemplateNode root) => _root = root;

    /// <summary>Parses the template JSON and every expression in it.</summary>
    /// <exception cref="CardTemplateException">The JSON or an expression is invalid or outside the supported subset.</exception>
    public static AdaptiveCardTemplate Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new CardTemplateException("The card template is not valid JSON.", ex);
        }

        return new AdaptiveCardTemplate(Compile(node));
    }

    /// <summary>Binds the template to <paramref name="data"/> (the <c>$root</c>) and returns the card.</summary>
    /// <param name="data">The data; null binds nothing, so every binding stays as its <c>${...}</c> text.</param>
    /// <param name="host">Optional <c>$host</c> data.</param>
    /// <exception cref="CardTemplateException">An expression fails where the official engine fails, or the card is dropped entirely.</exception>
    public JsonObject Expand(JsonNode? data, JsonNode? host = null)
    {
        var root = JsValue.FromNode(data);
        var expander = new Expander(root, host is null ? JsValue.Undefined : JsValue.FromNode(host));
        var result = expander.Expand(_root, new State(root, JsValue.Undefined));
        return result switch
        {
            JsonObject card => card,
            _ => throw new CardTemplateException("The template expanded to no card (its root was dropped by $when or an empty $data)."),
        };
    }

    private static TemplateNode Compile(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var properties = new List<(string, TemplateNode)>();
                TemplateNode? data = null;
                TemplateNode? when = null;
                foreach (var (key, value) in obj)
                {
                    if (key == "$data")
                    {
                        data = Compile(value);
                    }
                    else if (key == "$when")
                    {
                        when = Compile(value);
                    }
                    else if (!ReservedFields.Contains(key))
                    {
                        properties.Add((key, Compile(value)));
                    }
                }

                return new ObjectNode([.. properties], data, when);
            case JsonArray array:
                return new ArrayNode([.. array.Select(Compile)]);
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var expression = TemplateInterpolation.ParseInterpolation(text);
                return expression is null ? new LiteralNode(text) : new ExpressionNode(expression);
            default:
                return new LiteralNode(JsValue.FromNode(node));
        }
    }

    private abstract record TemplateNode;

    private sealed record LiteralNode(object? Value) : TemplateNode;

    private sealed record ExpressionNode(Expr Expression) : TemplateNode;

    private sealed record ArrayNode(TemplateNode[] Items) : TemplateNode;

    private sealed record ObjectNode((string Key, TemplateNode Value)[] Properties, TemplateNode? Data, TemplateNode? When) : TemplateNode;

    /// <summary>$data (Undefined until set, which means $root) and $index for one level of expansion.</summary>
    private readonly record struct State(object? Data, object? Index);

    /// <summary>A JavaScript array produced during expansion, flattened into an enclosing array.</summary>
    private sealed class Repeated(List<JsonNode?> items)
    {
        public List<JsonNode?> Items { get; } = items;
    }

    // Results are Undefined (property omitted), null (JSON null; dropped from arrays), a JsonNode, or Repeated.
    private sealed class Expander(object? root, object? host)
    {
        public object? Expand(TemplateNode node, State state) => node switch
        {
            LiteralNode literal => literal.Value is null ? null : JsValue.ToNode(literal.Value),
            ExpressionNode expression => FromValue(EvaluateBinding(expression.Expression, state)),
            ArrayNode array => ExpandArray(array, state),
            ObjectNode obj => ExpandObject(obj, state),
            _ => throw new InvalidOperationException(),
        };

        private Repeated ExpandArray(ArrayNode array, State state)
        {
            var items = new List<JsonNode?>(array.Items.Length);
            foreach (var item in array.Items)
            {
                var expanded = Expand(item, state);
                switch (expanded)
                {
                    case null:
                        break;
                    case Repeated repeated:
                        items.AddRange(repeated.Items);
                        break;
                    case JsonNode json:
                        items.Add(json);
                        break;
                    default:
                        // undefined inside an array serialises as null in JSON.
                        items.Add(null);
                        break;
                }
            }

            return new Repeated(items);
        }

        private object? ExpandObject(ObjectNode obj, State state)
        {
            IReadOnlyList<object?> contexts = [JsValue.Undefined];
            var repeat = false;
            if (obj.Data is not null)
            {
                var data = obj.Data switch
                {
                    ExpressionNode expression => EvaluateBinding(expression.Expression, state),
                    LiteralNode literal => literal.Value,
                    _ => JsValue.FromNode(ToJson(Expand(obj.Data, state))),
                };
                if (data is JsonArray array)
                {
                    contexts = [.. array.Select(JsValue.FromNode)];
                    repeat = true;
                }
                else
                {
                    contexts = [data];
                }
            }

            var results = new List<JsonNode?>();
            for (var i = 0; i < contexts.Count; i++)
            {
                var itemState = state;
                if (repeat)
                {
                    itemState = itemState with { Index = (double)i };
                }

                if (!ReferenceEquals(contexts[i], JsValue.Undefined))
                {
                    itemState = itemState with { Data = contexts[i] };
                }

                if (!IsIncluded(obj.When, itemState))
                {
                    continue;
                }

                var result = new JsonObject();
                foreach (var (key, value) in obj.Properties)
                {
                    var expanded = Expand(value, itemState);
                    if (!ReferenceEquals(expanded, JsValue.Undefined))
                    {
                        result[key] = ToJson(expanded);
                    }
                }

                results.Add(result);
            }

            return results.Count switch
            {
                0 => null,
                1 => results[0],
                _ => new Repeated(results),
            };
        }

        private bool IsIncluded(TemplateNode? when, State state)
        {
            switch (when)
            {
                case null:
                    return true;
                case ExpressionNode { Expression: CallExpr { Type: "concat" } }:
                    return false;
                case ExpressionNode expression:
                    try
                    {
                        return expression.Expression.Evaluate(Scope(state), substitute: false) is true;
                    }
                    catch (ExpressionError)
                    {
                        return false;
                    }

                case LiteralNode literal:
                    // A $when that is not an expression drops the element when it is truthy.
                    return !JsValue.IsTruthy(literal.Value);
                default:
                    return false;
            }
        }

        private Scope Scope(State state) =>
            new(root, ReferenceEquals(state.Data, JsValue.Undefined) ? root : state.Data, state.Index, host);

        private object? EvaluateBinding(Expr expression, State state)
        {
            var scope = Scope(state);
            if (expression is CallExpr { Type: "concat" } concat)
            {
                return Interpolate(concat, scope);
            }

            try
            {
                return expression.Evaluate(scope, substitute: true);
            }
            catch (ExpressionError ex)
            {
                throw new CardTemplateException($"The binding \"${{{expression}}}\" failed: {ex.Message}", ex);
            }
        }

        // The engine concatenates the parts itself so that a failing part stays as its "${...}" text.
        private static string Interpolate(CallExpr concat, Scope scope)
        {
            var builder = new System.Text.StringBuilder();
            foreach (var part in concat.Arguments)
            {
                object? value;
                try
                {
                    value = part.Evaluate(scope, substitute: true);
                }
                catch (ExpressionError)
                {
                    value = "${" + part + "}";
                }

                if (JsValue.IsNullish(value))
                {
                    throw new CardTemplateException($"The binding \"${{{part}}}\" inside a string evaluated to null or nothing.");
                }

                builder.Append(JsValue.ToJsString(value));
            }

            return builder.ToString();
        }

        private static object? FromValue(object? value) => value switch
        {
            JsonArray array => new Repeated([.. array.Select(item => item?.DeepClone())]),
            JsonNode node => node.DeepClone(),
            null => null,
            _ when ReferenceEquals(value, JsValue.Undefined) => value,
            _ => JsValue.ToNode(value),
        };

        private static JsonNode? ToJson(object? expanded) => expanded switch
        {
            Repeated repeated => new JsonArray([.. repeated.Items]),
            JsonNode node => node,
            _ => null,
        };
    }
}
