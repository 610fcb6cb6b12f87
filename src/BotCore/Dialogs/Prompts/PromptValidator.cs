namespace BotCore.Dialogs.Prompts;

/// <summary>Decides whether a recognised answer is acceptable; may send its own message explaining why not.</summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> promptContext, CancellationToken cancellationToken);

public sealed record PromptRecognizerResult<T>(bool Succeeded, T? Value = default)
{
    public static PromptRecognizerResult<T> Failed { get; } = new(false);
}

public sealed record PromptValidatorContext<T>(ITurnContext Context, PromptRecognizerResult<T> Recognized, PromptOptions Options, int AttemptCount);
