using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using BotCore.Schema;

namespace BotCore.Dialogs.Prompts;

/// <summary>
/// Asks for a number of type <typeparamref name="T"/> (int, decimal...), optionally within a <see cref="NumberRange{T}"/>
/// given as <see cref="PromptOptions.Validations"/>. The answer must contain exactly one number ("12", "12 sessions").
/// </summary>
public sealed partial class NumberPrompt<T>(string id, PromptValidator<T>? validator = null) : Prompt<T>(id, validator)
    where T : struct, INumber<T>
{
    protected override string InputId => "number";

    protected override Task OnPromptAsync(DialogContext dc, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        ArgumentNullException.ThrowIfNull(options);
        var question = QuestionOf(options, isRetry);
        if (isRetry && options.RetryPrompt is null && RangeOf(options) is { } range)
        {
            question = question with { Text = DescribeRange(range) + " " + question.Text };
        }

        return SendPromptAsync(dc, question, cancellationToken);
    }

    protected override Task<PromptRecognizerResult<T>> OnRecognizeAsync(DialogContext dc, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var text = AnswerText(dc.Context.Activity);
        var numbers = text is null ? [] : NumberPattern().Matches(text).Select(m => m.Value).ToList();
        if (numbers.Count != 1 || !T.TryParse(numbers[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return Task.FromResult(PromptRecognizerResult<T>.Failed);
        }

        var range = RangeOf(options);
        var inRange = range is null || ((range.Minimum is not { } min || value >= min) && (range.Maximum is not { } max || value <= max));
        return Task.FromResult(inRange ? new PromptRecognizerResult<T>(true, value) : PromptRecognizerResult<T>.Failed);
    }

    private static NumberRange<T>? RangeOf(PromptOptions options) => options.Validations switch
    {
        NumberRange<T> range => range,
        JsonElement { ValueKind: JsonValueKind.Object } json => json.Deserialize<NumberRange<T>>(BotJson.Options),
        _ => null,
    };

    private static string DescribeRange(NumberRange<T> range) => (range.Minimum, range.Maximum) switch
    {
        ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $"Please answer with a number from {min} to {max}."),
        ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $"Please answer with a number of at least {min}."),
        (null, { } max) => string.Create(CultureInfo.InvariantCulture, $"Please answer with a number of at most {max}."),
        _ => "Please answer with a number.",
    };

    [GeneratedRegex(@"[-+]?\d+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
