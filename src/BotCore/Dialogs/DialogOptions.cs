namespace BotCore.Dialogs;

/// <summary>Settings every dialog reads from the turn (put there by <see cref="State.StateTurnRunner"/>). Section <c>Dialogs</c>.</summary>
public sealed class DialogOptions
{
    public const string SectionName = "Dialogs";

    /// <summary>Answers a prompt takes before the dialog stops (the first answer counts). A prompt's own MaxAttempts wins.</summary>
    public int MaxPromptAttempts { get; set; } = 3;

    /// <summary>How an all-numbers date such as 03/04/2027 is read.</summary>
    public NumericDateOrder NumericDateOrder { get; set; } = NumericDateOrder.DayMonthYear;

    // The configuration binder appends to a list that already has items, so defaults apply only when none are configured.
    private static readonly string[] DefaultCancelWords = ["cancel"];
    private static readonly string[] DefaultHelpWords = ["help", "?"];

    /// <summary>Whole messages that stop the current dialog, compared case-insensitively. Empty means "cancel".</summary>
    public IList<string> CancelWords { get; set; } = [];

    /// <summary>Whole messages that explain the current step and ask it again. Empty means "help" and "?".</summary>
    public IList<string> HelpWords { get; set; } = [];

    /// <summary>Said when a prompt has run out of attempts, before the dialog says what it kept.</summary>
    public string AttemptsExhaustedMessage { get; set; } = "I still couldn't use that answer, so I've stopped here.";

    /// <summary>Said when a button from an earlier question's card is pressed while another question is waiting.</summary>
    public string EarlierQuestionMessage { get; set; } = "That button belongs to an earlier question, so I didn't use it. Please answer the question above.";

    internal IEnumerable<string> EffectiveCancelWords => CancelWords.Count > 0 ? CancelWords : DefaultCancelWords;

    internal IEnumerable<string> EffectiveHelpWords => HelpWords.Count > 0 ? HelpWords : DefaultHelpWords;

    /// <summary>The first problem with these settings, or null.</summary>
    public string? Validate()
    {
        if (MaxPromptAttempts is < 1 or > 10)
        {
            return "Dialogs:MaxPromptAttempts must be between 1 and 10.";
        }

        if (CancelWords.Any(string.IsNullOrWhiteSpace) || HelpWords.Any(string.IsNullOrWhiteSpace))
        {
            return "Dialogs:CancelWords and Dialogs:HelpWords must not contain empty words.";
        }

        if (string.IsNullOrWhiteSpace(EarlierQuestionMessage))
        {
            return "Dialogs:EarlierQuestionMessage must not be empty.";
        }

        return string.IsNullOrWhiteSpace(AttemptsExhaustedMessage) ? "Dialogs:AttemptsExhaustedMessage must not be empty." : null;
    }
}

public enum NumericDateOrder
{
    /// <summary>03/04/2027 is 3 April 2027.</summary>
    DayMonthYear,

    /// <summary>03/04/2027 is March 4, 2027.</summary>
    MonthDayYear,
}
