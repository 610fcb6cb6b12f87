using BotCore.Schema;

namespace BotCore.Dialogs.Prompts;

/// <summary>What a prompt asks and how; stored with the prompt as JSON, so everything here must serialise.</summary>
public sealed record PromptOptions
{
    public Activity? Prompt { get; init; }

    /// <summary>Sent after an answer that was not understood or not valid; <see cref="Prompt"/> again when null.</summary>
    public Activity? RetryPrompt { get; init; }

    /// <summary>For <see cref="ChoicePrompt"/>: the answers offered.</summary>
    public IReadOnlyList<Choice>? Choices { get; init; }

    /// <summary>For <see cref="ChoicePrompt"/>: the value a drop-down starts on (the suggestion the question names).</summary>
    public string? SelectedChoice { get; init; }

    /// <summary>Prompt-specific rules, e.g. a <see cref="NumberRange{T}"/> for <see cref="NumberPrompt{T}"/>.</summary>
    public object? Validations { get; init; }

    public PromptStyle Style { get; init; } = PromptStyle.Card;

    /// <summary>What "help" says about this question (see <see cref="InterruptibleDialog"/>).</summary>
    public string? Help { get; init; }

    /// <summary>Overrides <see cref="DialogOptions.MaxPromptAttempts"/> for this question.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>A prompt whose question is plain text.</summary>
    public static PromptOptions Text(string prompt, string? retryPrompt = null, string? help = null) => new()
    {
        Prompt = ActivityExtensions.CreateMessage(prompt),
        RetryPrompt = retryPrompt is null ? null : ActivityExtensions.CreateMessage(retryPrompt),
        Help = help,
    };
}

/// <summary>How a prompt with answers to click is shown.</summary>
public enum PromptStyle
{
    /// <summary>An Adaptive Card whose Action.Submit buttons carry the answer in their data (typing works too).</summary>
    Card,

    /// <summary>The card, plus the answers as suggested actions above the compose box (1:1 chats).</summary>
    CardWithSuggestedActions,

    /// <summary>A plain numbered list; the user types the number or the answer.</summary>
    Text,

    /// <summary>The question alone: the answers are already on screen (a card just sent carries them as buttons).</summary>
    QuestionOnly,
}

/// <summary>An answer offered by a <see cref="ChoicePrompt"/>: <see cref="Value"/> is returned, <see cref="Title"/> is shown.</summary>
public sealed record Choice(string Value)
{
    public string? Title { get; init; }

    /// <summary>Other words that pick this answer, compared case-insensitively.</summary>
    public IReadOnlyList<string> Synonyms { get; init; } = [];

    public string DisplayTitle => Title ?? Value;
}

/// <summary>The answer a <see cref="ChoicePrompt"/> recognised, and its zero-based position.</summary>
public sealed record FoundChoice(string Value, int Index);

/// <summary>Inclusive bounds for <see cref="NumberPrompt{T}"/>; either may be absent.</summary>
public sealed record NumberRange<T>(T? Minimum, T? Maximum)
    where T : struct;
