namespace TreatmentPlanBot.Bot;

/// <summary>
/// Every sentence a person reads when the clinic's records cannot be reached, in one place. A storage outage normally
/// reaches the one answer at the top of the turn (<see cref="RecordsUnreachable"/>, the adapter's answer through
/// <c>TurnErrorOptions</c>): the turn's state is not saved, so nothing typed is lost. Features catch it themselves only
/// where they keep a draft for a retry, answer a card button in its own words, or must still show safety steps.
/// </summary>
public static class OutageWords
{
    private const string Lead = "I couldn't reach the clinic's records just now";

    /// <summary>The adapter-level answer to any outage a feature did not answer itself.</summary>
    public const string RecordsUnreachable =
        Lead + ", so nothing was changed and your conversation is where it was. Please send that again in a moment.";

    /// <summary>A card button whose work was not done: the card is unchanged and the same press works later.</summary>
    public const string PressAgain = Lead + ", so nothing was changed. Please press the button again in a moment.";

    /// <summary>A client's answers on a feedback card, still in the card.</summary>
    public const string FeedbackNotSent = Lead + ", so your answers were not sent yet. Please press Send again in a moment.";

    /// <summary>A client's objective ratings on a check-in card, still in the card.</summary>
    public const string RatingsNotSent = Lead + ", so your ratings were not sent yet. Please press Send again in a moment.";

    /// <summary>A signature that was not recorded.</summary>
    public const string NothingSigned = Lead + ", so nothing was signed. Please press Sign again in a moment.";

    /// <summary>A client's check-in answers that could not be saved (the check-in stays open).</summary>
    public const string CheckInNotSaved = Lead + ", so your answers were not saved. Please press **Start** on the check-in again in a little while.";

    /// <summary>Answers kept in a dialog's draft for a retry; <paramref name="retry"/> says how (e.g. "say **try again** to save them, or **cancel** to discard them").</summary>
    public static string AnswersKept(string retry) => $"{Lead}, so nothing was saved. I've kept your answers: {retry}.";

    /// <summary>A risk answer that could not be recorded: the clinician must act without the bot's alert.</summary>
    public const string RiskNotRecorded =
        "I couldn't reach the clinic's records to record it or alert your supervisor, so tell your supervisor yourself now.";
}
