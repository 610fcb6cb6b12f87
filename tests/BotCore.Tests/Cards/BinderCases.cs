using System.Text.Json.Nodes;

namespace BotCore.Tests.Cards;

/// <summary>A template/data pair whose C# expansion must equal the official engine's.</summary>
public sealed record BinderCase(string Name, string Template, string Data = BinderCases.People, string? Host = null)
{
    public OracleCase ToOracleCase() =>
        new("binder: " + Name, JsonNode.Parse(Template)!, JsonNode.Parse(Data), Host is null ? null : JsonNode.Parse(Host));

    public override string ToString() => Name;
}

/// <summary>The feature table of the binder. Data is synthetic.</summary>
public static class BinderCases
{
    public const string People = """
        {
          "title": "Weekly check-in",
          "name": "Robin Example",
          "count": 3,
          "ratio": 2.5,
          "zero": 0,
          "blank": "",
          "yes": true,
          "no": false,
          "nothing": null,
          "numbers": [1, 2, 3],
          "empty": [],
          "emptyObject": {},
          "nested": { "inner": { "leaf": "deep" }, "with space": 5, "Upper": "case" },
          "when": "2024-03-05T14:07:09Z",
          "whenLocal": "2024-03-05T09:30:00",
          "whenOffset": "2024-03-05T10:00:00+02:00",
          "day": "2024-12-31",
          "big": 1234567.891,
          "negative": -4,
          "sentence": "Hello World",
          "unicode": "Ünïcödé 日本語 🙂",
          "quote": "She said \"hi\" and it's fine",
          "items": [
            { "label": "Sleep", "score": 4, "tags": ["night", "rest"], "done": true },
            { "label": "Mood", "score": 2, "tags": [], "done": false },
            { "label": "Energy", "score": 5, "tags": ["day"], "done": true }
          ],
          "groups": [
            { "heading": "Alpha", "members": [ { "id": "a1" }, { "id": "a2" } ] },
            { "heading": "Beta", "members": [ { "id": "b1" } ] }
          ]
        }
        """;

    private static BinderCase Text(string name, string expression, string data = People) =>
        new(name, "{\"value\": " + System.Text.Json.JsonSerializer.Serialize(expression) + "}", data);

    public static IReadOnlyList<BinderCase> All { get; } =
    [
        // Paths
        Text("property", "${name}"),
        Text("nested property", "${nested.inner.leaf}"),
        Text("bracket property with a space", "${nested['with space']}"),
        Text("bracket property with double quotes", "${nested[\"with space\"]}"),
        Text("array index", "${numbers[1]}"),
        Text("array index then property", "${items[2].label}"),
        Text("property names ignore case", "${NAME} ${nested.upper}"),
        Text("explicit $root and $data", "${$root.title}|${$data.title}"),
        Text("computed index", "${items[count - 2].label}"),

        // Type-preserving single bindings
        Text("whole number keeps its type", "${count}"),
        Text("fraction keeps its type", "${ratio}"),
        Text("boolean keeps its type", "${yes}"),
        Text("object keeps its type", "${nested}"),
        Text("array keeps its type", "${numbers}"),
        Text("null keeps its type", "${nothing}"),
        Text("whitespace inside the braces", "${  name  }"),
        Text("constant single binding becomes a string", "${true}"),
        Text("number constant single binding becomes a string", "${ 1.50 }"),

        // Interpolation
        Text("several bindings in one string", "${name} has ${count} items (${ratio})"),
        Text("adjacent bindings", "${count}${ratio}${yes}"),
        Text("array and object inside a string", "n=${numbers} o=${nested}"),
        Text("empty string inside a string", "[${blank}]"),
        Text("dollar before a binding", "$${count}"),
        Text("braces around a binding", "{${count}}"),
        Text("unclosed binding stays text", "${name"),
        Text("empty binding stays text", "a ${} b"),
        Text("escaped binding stays text", "\\${name} is ${name}"),
        Text("backslash sequences in text", "tab\\there \\n ${name}"),
        Text("real newline and tab in text", "line one\nline\ttwo ${name}"),
        Text("quotes in text and data", "\"${quote}\" it's"),
        Text("unicode in text and data", "✓ ${unicode} — ${toUpper(unicode)}"),
        Text("closing brace inside a string literal", "${concat('}', name)}"),

        // Missing values
        Text("missing path stays as its binding", "${missing}"),
        Text("missing path inside a string", "x ${missing} y"),
        Text("missing nested path", "${nested.nope.deeper}"),
        Text("missing property of an array item", "${items[0].nope}"),
        Text("missing property by bracket is omitted", "${nested['nope']}"),
        Text("missing path handed to a function", "${toUpper(missing)}"),
        Text("missing path in a string concatenation", "${'a' + missing}"),
        Text("missing $index outside repetition", "${$index}"),
        new("data null leaves bindings", """{"a": "${name}", "b": "x ${name}"}""", "null"),

        // Literals and operators
        Text("single-quoted string with escaped quote", "${'it\\'s'}"),
        Text("double-quoted string", "${concat(\"double\", ' single')}"),
        Text("string literal escapes", "${concat('a\\tb', '|', 'c\\\\d')}"),
        Text("arithmetic precedence", "${1 + 2 * 3}"),
        Text("parentheses", "${(1 + 2) * 3}"),
        Text("integer division truncates", "${7 / 2}"),
        Text("negative integer division floors", "${-7 / 2}"),
        Text("fractional division", "${ratio / 2}"),
        Text("unary minus", "${-count}"),
        Text("subtraction", "${count - 5}"),
        Text("plus joins strings", "${name + '!'}"),
        Text("plus adds numbers", "${count + ratio}"),
        Text("equality", "${count == 3.0}"),
        Text("inequality", "${count != 3}"),
        Text("number is not equal to a string", "${count == '3'}"),
        Text("arrays compare deeply", "${numbers == numbers}"),
        Text("null equals missing", "${nothing == missing}"),
        Text("relational and logic", "${count >= 3 && ratio < 3}"),
        Text("zero and empty string are true", "${zero || blank} ${!zero} ${!blank}"),
        Text("not of missing", "${!missing}"),
        Text("ternary", "${count > 2 ? 'many' : 'few'}"),
        Text("equality binds tighter than relational", "${count < 5 == true}"),

        // Functions
        Text("if", "${if(yes, 'on', 'off')} ${if(missing, 'on', 'off')} ${if(nothing, 'on', missing)}"),
        Text("equals", "${equals(name, 'Robin Example')}"),
        Text("not", "${not(yes)} ${not(nothing)}"),
        Text("and", "${and(yes, count)} ${and(yes, missing)}"),
        Text("or", "${or(no, zero)} ${or(no, yes)} ${or(missing, no)}"),
        Text("or of nothing true gives the last value", "${or(no, nothing)}"),
        Text("or of nothing true inside a string fails", "x ${or(no, nothing)}"),
        Text("greater family", "${greater(count, 2)} ${greaterOrEquals(count, 3)} ${less(ratio, 2)} ${lessOrEquals(zero, 0)}"),
        Text("string comparison", "${less('apple', 'banana')}"),
        Text("comparison with missing is false", "${greater(missing, 1)}"),
        Text("exists", "${exists(name)} ${exists(nothing)} ${exists(missing)}"),
        Text("empty", "${empty(blank)} ${empty(empty)} ${empty(emptyObject)} ${empty(numbers)} ${empty(missing)} ${empty(zero)}"),
        Text("count", "${count(numbers)} ${count(name)} ${count(nested)}"),
        Text("length", "${length(name)} ${length(unicode)}"),
        Text("length of missing counts the binding text", "${length(missing)}"),
        Text("concat", "${concat(name, ': ', count, ' ', yes)}"),
        Text("concat of arrays", "${concat(numbers, numbers)}"),
        Text("nested concat", "${toUpper(concat('a', count))}"),
        Text("join", "${join(numbers, ', ')}"),
        Text("join with a last separator", "${join(numbers, ', ', ' and ')}"),
        Text("join of two with a last separator", "${join(items[0].tags, ', ', ' and ')}"),
        Text("string of number groups thousands", "${string(big)} ${string(count)} ${string(negative)}"),
        Text("string of other values", "${string(yes)}|${string(nothing)}|${string(numbers)}|${string(nested)}|${string(name)}"),
        Text("int", "${int('42')} ${int(ratio)} ${int('7 days')} ${int(negative / 3)}"),
        Text("float", "${float('1.25')} ${float(count)} ${float('2.5e2x')}"),
        Text("add sub mul div", "${add(1, 2, 3)} ${sub(10, 1, 2)} ${mul(ratio, 2)} ${div(7.5, 2)}"),
        Text("add with strings", "${add(name, 1)}"),
        Text("toUpper and toLower", "${toUpper(sentence)} ${toLower(sentence)} ${toUpper('straße')}"),
        Text("substring", "${substring(sentence, 6)} ${substring(sentence, 0, 5)} ${substring(missing, 0, 1)}"),
        Text("formatNumber", "${formatNumber(big, 2)} ${formatNumber(count, 0)} ${formatNumber(ratio, 1)} ${formatNumber(0.5, 0)} ${formatNumber(1.005, 2)}"),
        Text("formatNumber negative", "${formatNumber(negative, 2)} ${formatNumber(-0.001, 2)}"),
        Text("formatNumber en-US", "${formatNumber(big, 1, 'en-US')}"),
        Text("formatDateTime default", "${formatDateTime(when)} ${formatDateTime(whenLocal)} ${formatDateTime(day)}"),
        Text("formatDateTime with offset", "${formatDateTime(whenOffset, 'HH:mm')}"),
        Text("formatDateTime formats", "${formatDateTime(when, 'yyyy-MM-dd')}|${formatDateTime(when, 'dd MMM yyyy')}|${formatDateTime(when, 'MMMM d, yyyy HH:mm')}|${formatDateTime(when, 'ddd h:mm tt')}|${formatDateTime(when, 'dddd')}|${formatDateTime(when, 'yy M d H m s')}|${formatDateTime(when, 'yyyy-MM-ddTHH:mm:ss.fff')}|${formatDateTime(day, 'd/M/yyyy')}|${formatDateTime(when, '')}"),
        Text("formatDateTime with locale", "${formatDateTime(when, 'MMM d', 'en-US')}"),
        Text("large and small numbers", "${mul(big, 1000000000000000)} ${div(1, 3.0)} ${mul(0.0000001, 1)} ${0.1 + 0.2}"),

        // Failures inside a string keep the binding text; a failing single binding fails like the engine
        Text("failing comparison inside a string", "x ${greater(name, 1)} y"),
        Text("failing index inside a string", "x ${numbers[9]} y"),
        Text("failing comparison alone fails", "${greater(name, 1)}"),
        Text("index out of range alone fails", "${numbers[9]}"),
        Text("null inside a string fails", "a ${nothing} b"),
        Text("division by zero fails", "${div(count, 0)}"),

        // More paths, types and edge values
        Text("element access chain", "${items[0]['label']} ${items[0].tags[1]} ${nested['inner']['leaf']} ${groups[0].members[1].id}"),
        Text("string index into an array", "${numbers['1']}"),
        Text("negative index fails", "${numbers[-1]}"),
        Text("root as a whole", "${$root.nested.inner}"),
        Text("count of missing counts the binding text", "${count(missing)}"),
        Text("join of objects", "${join(items, '; ')}"),
        Text("join of missing fails", "${join(missing, ',')}"),
        Text("substring out of range fails", "${substring(name, 20)}"),
        Text("int of a boolean is omitted", "${int(yes)}"),
        Text("float of text fails", "${float('abc')}"),
        Text("formatNumber of text fails", "${formatNumber(name, 2)}"),
        Text("formatDateTime of a number fails", "${formatDateTime(count)}"),
        Text("formatDateTime of a missing value inside a string keeps the text", "on ${formatDateTime(missing, 'd MMM yyyy')} at ${formatDateTime(nested.nope)}"),
        Text("formatDateTime of an empty or null value inside a string keeps the text", "[${formatDateTime(blank)}] [${formatDateTime(nothing, 'HH:mm')}]"),
        Text("formatDateTime of a missing value alone fails", "${formatDateTime(missing)}"),
        Text("formatNumber of a missing value inside a string keeps the text", "x ${formatNumber(missing, 2)} y"),
        Text("if on numbers", "${if(count, 'a', 'b')} ${if(zero, 'a', 'b')} ${not(0)}"),
        Text("mixed logic", "${1 == 1 && 2 > 1 || false}"),
        Text("ordinal string comparison", "${'a' < 'B'}"),
        Text("unary plus on text", "${+name}"),
        Text("unary minus in an operand", "${ratio * -1} ${-ratio}"),
        Text("computed index expression", "${items[1 + 1].label}"),
        Text("data values are not re-bound", "${tricky}", """{"tricky": "${name}", "name": "x"}"""),
        Text("backslash pairs and other letters", "a\\\\b ${name} c\\\\ d \\x"),
        Text("backslash before an escaped backtick", "\\\\` ${name}"),
        Text("trailing backslash fails", "${name} c\\"),
        Text("closing brace after a binding", "${name}}"),
        Text("numbers printed like JavaScript", "${mul(0.1, 3)} ${1.0} ${div(10, 4)} ${div(10, 4.5)} ${ratio == 2.5} ${string(0.1)}"),
        Text("formatNumber three decimals", "${formatNumber(1234.5678, 3)} ${formatNumber(999.995, 2)} ${formatNumber(0, 2)}"),
        Text("formatDateTime milliseconds and midnight", "${formatDateTime('2024-03-05T00:05:09.123456Z', 'h:mm tt fff')} ${formatDateTime('2024-03-05T12:00:00Z', 'hh tt')}"),
        Text("unicode length and substring", "${length('🙂')} ${substring(unicode, 0, 3)} ${toLower('ÀÉÎ')}"),
        Text("non-ASCII identifier fails to parse", "${données}"),
        new("literal nested arrays flatten", """{"a": [[1, 2], [3], []], "b": [["x"]]}"""),
        new("data pointing at one array item", """{"row": {"$data": "${items[0]}", "label": "${label}", "tags": "${tags}"}}"""),
        new("data that is a number", """{"row": {"$data": 5, "value": "${$data}"}}"""),
        new("data from interpolated text", """{"row": {"$data": "x ${count}", "value": "${$data}"}}"""),
        new("repeated objects with only reserved keys", """{"rows": [{"$data": "${numbers}"}]}"""),
        new("root scoped by data", """{"$data": "${nested}", "leaf": "${inner.leaf}", "name": "${$root.name}"}"""),
        new("index inside a non-repeated child of a repeated element", """{"rows": [{"$data": "${items}", "inner": {"at": "${$index}", "when": {"$when": "${$index == 1}", "mid": true}}}]}"""),
        new("when inside repetition reads the item", """{"rows": [{"$data": "${items}", "cells": [{"$when": "${done}", "t": "${label} done"}, {"$when": "${!done}", "t": "${label} open"}]}]}"""),

        // $data, $when, $index, $root, $host
        new("data scopes an object", """{"card": {"$data": "${nested.inner}", "text": "${leaf} of ${$root.name}"}}"""),
        new("data repeats an element in place", """{"body": [{"type": "first"}, {"$data": "${items}", "text": "${label}: ${score}"}, {"type": "last"}]}"""),
        new("index inside repetition", """{"body": [{"$data": "${items}", "text": "${$index}. ${label}", "position": "${$index}"}]}"""),
        new("root inside repetition", """{"body": [{"$data": "${items}", "text": "${label} for ${$root.name}", "data": {"who": "${$root.name}", "what": "${label}"}}]}"""),
        new("nested repetition with indexes", """
            {"body": [{"$data": "${groups}", "type": "Container", "items": [
              {"type": "TextBlock", "text": "${$index}: ${heading}"},
              {"$data": "${members}", "type": "TextBlock", "text": "${$index} ${id} in ${$root.title}"}
            ], "after": "${$index}"}]}
            """),
        new("repetition over scalars", """{"rows": [{"$data": "${numbers}", "n": "${$data}", "twice": "${mul($data, 2)}"}]}"""),
        new("empty array repeats nothing", """{"rows": [{"$data": "${empty}", "n": "${label}"}], "after": "kept"}"""),
        new("single item array gives one element", """{"rows": [{"$data": "${groups[1].members}", "id": "${id}"}]}"""),
        new("repetition in a property gives an array", """{"select": {"$data": "${items}", "label": "${label}"}}"""),
        new("single repetition in a property gives an object", """{"select": {"$data": "${groups[1].members}", "id": "${id}"}}"""),
        new("data from a missing path renders once", """{"rows": [{"$data": "${missing}", "text": "${label}"}]}"""),
        new("literal data object", """{"card": {"$data": {"label": "fixed"}, "text": "${label}"}}"""),
        new("when keeps and drops", """{"body": [{"$when": "${yes}", "text": "kept"}, {"$when": "${no}", "text": "dropped"}, {"$when": "${count > 2}", "text": "kept too"}]}"""),
        new("when with functions inside repetition", """{"body": [{"$data": "${items}", "$when": "${and(done, greater(score, 3))}", "text": "${label}"}]}"""),
        new("when with index", """{"body": [{"$data": "${items}", "$when": "${$index > 0}", "text": "${$index} ${label}"}]}"""),
        new("when with count and empty", """{"body": [{"$when": "${count(items) == 3}", "text": "three"}, {"$when": "${empty(items[1].tags)}", "text": "no tags"}, {"$when": "${not(empty(items[0].tags))}", "text": "tags"}]}"""),
        new("when on a missing value is false", """{"body": [{"$when": "${missing}", "text": "dropped"}, {"$when": "${exists(missing)}", "text": "dropped"}, {"$when": "${!exists(missing)}", "text": "kept"}]}"""),
        new("when that is not a boolean drops", """{"body": [{"$when": "${count}", "text": "dropped"}, {"$when": "${name}", "text": "dropped"}, {"$when": "x ${yes}", "text": "dropped"}]}"""),
        new("when literals", """{"body": [{"$when": true, "text": "dropped"}, {"$when": false, "text": "kept"}, {"$when": "yes", "text": "dropped"}]}"""),
        new("dropped object in a property becomes null", """{"selectAction": {"$when": "${no}", "type": "Action.Submit"}, "kept": 1}"""),
        new("null and dropped items leave arrays", """{"list": [null, 1, {"$when": "${no}"}, "${nothing}", "${numbers}", "${missing}", "${nested['nope']}", [2, 3]]}"""),
        new("reserved keys are removed", """{"$root": "x", "$index": 1, "$host": "y", "$_acTemplateVersion": 2, "kept": "${count}"}"""),
        new("keys are not bound", """{"${name}": "value", "plain": 1.5, "flag": false, "none": null}"""),
        new("host binding", """{"theme": "${$host.theme}", "missing": "${$host.nope}"}""", People, """{"theme": "dark"}"""),

        // Whole cards, also checked by the official parser
        new("card with a date of a missing value in its text", """
            {
              "type": "AdaptiveCard",
              "version": "1.5",
              "body": [{"type": "TextBlock", "text": "Next review ${formatDateTime(review.due, 'd MMM yyyy')}", "wrap": true}]
            }
            """),
        new("card with repetition and actions", """
            {
              "type": "AdaptiveCard",
              "version": "1.5",
              "body": [
                {"type": "TextBlock", "text": "${title}", "weight": "Bolder", "wrap": true},
                {"type": "ColumnSet", "$data": "${items}", "columns": [
                  {"type": "Column", "width": "stretch", "items": [{"type": "TextBlock", "text": "${label}", "wrap": true}]},
                  {"type": "Column", "width": "auto", "items": [{"type": "TextBlock", "text": "${string(score)}/5", "color": "${if(score >= 4, 'Good', 'Attention')}"}]}
                ]},
                {"type": "Input.ChoiceSet", "id": "pick", "label": "Pick one", "choices": [{"$data": "${items}", "title": "${label}", "value": "${string($index)}"}]}
              ],
              "actions": [
                {"type": "Action.Execute", "title": "Save", "verb": "save", "data": {"count": "${count}", "who": "${name}"}},
                {"$when": "${yes}", "type": "Action.Submit", "title": "Also", "data": {"choice": "also"}}
              ]
            }
            """),
    ];
}
