using System.Text.RegularExpressions;

namespace TreatmentPlanBot.Cards;

/// <summary>
/// Text a person typed (a goal in the client's words, a note, a name) on its way into a card. Adaptive Card TextBlocks
/// and facts read a Markdown subset, so "- ", "1. ", "**" or "[x](y)" would become a list, emphasis or a link; every
/// view-model builder passes typed text through here so it shows exactly as typed. Input values are not text blocks:
/// prefill them with the raw text.
/// </summary>
public static partial class CardText
{
    // Inline characters first, so the backslashes added before list markers are not escaped again. A numbered item's
    // dot is escaped, not its digits: a backslash before a digit is shown as a backslash.
    public static string Escape(string text) =>
        LeadingNumberedItem().Replace(LeadingListMarker().Replace(MarkdownSensitive().Replace(text, @"\$0"), @"$1\$2"), @"$1$2\.");

    public static string? EscapeOrNull(string? text) => text is null ? null : Escape(text);

    [GeneratedRegex(@"^(\s*)([-+>#])(?=\s)", RegexOptions.Multiline)]
    private static partial Regex LeadingListMarker();

    [GeneratedRegex(@"^(\s*)(\d+)\.(?=\s)", RegexOptions.Multiline)]
    private static partial Regex LeadingNumberedItem();

    [GeneratedRegex(@"[\\*_\[\]`]")]
    private static partial Regex MarkdownSensitive();
}
