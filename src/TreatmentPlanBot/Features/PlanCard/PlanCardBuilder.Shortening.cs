using TreatmentPlanBot.Cards;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>Shortening typed text to what a page has room for (see the README's "Shortening").</summary>
public sealed partial class PlanCardBuilder
{
    /// <summary>Typed text shortened to what the card has room for, then escaped so it reads as typed.</summary>
    public static string Shown(string text, int limit) => CardText.Escape(Shorten(text, limit));

    private static string Shown(string text, int limit, TextFit fit) => CardText.Escape(Shorten(text, limit, fit.MostWeight));

    public static string Shorten(string text, int limit) => Shorten(text, limit, int.MaxValue);

    /// <summary>
    /// At most <paramref name="limit"/> characters and <paramref name="mostWeight"/> bytes as sent (<see cref="Weight"/>),
    /// "…" included. A cut for weight ends at a space when one is near, so Latin text is not cut mid-word; CJK has no
    /// spaces and reads cut anywhere. An emoji's two UTF-16 halves are never split.
    /// </summary>
    private static string Shorten(string text, int limit, int mostWeight)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= limit && Weight(trimmed) <= mostWeight)
        {
            return trimmed;
        }

        var room = mostWeight == int.MaxValue ? int.MaxValue : mostWeight - Weight("…");
        var keep = 0;
        var weight = 0;
        while (keep < Math.Min(limit - 1, trimmed.Length) && weight + Weight(trimmed[keep]) <= room)
        {
            weight += Weight(trimmed[keep++]);
        }

        if (keep > 0 && char.IsHighSurrogate(trimmed[keep - 1]))
        {
            keep--;
        }

        var space = trimmed.LastIndexOf(' ', Math.Max(keep - 1, 0));
        if (mostWeight != int.MaxValue && keep < trimmed.Length && !char.IsWhiteSpace(trimmed[keep]) && space > keep * 3 / 4)
        {
            keep = space;
        }

        return string.Concat(trimmed.AsSpan(0, keep).TrimEnd(), "…");
    }

    /// <summary>Bytes as sent, near enough to choose a cut (the card is measured after): BotJson escapes non-ASCII as six bytes.</summary>
    private static int Weight(char c) => c < 0x80 ? 1 : 6;

    private static int Weight(string text) => text.Sum(Weight);

    /// <summary>How much typed text the page shows: each entry at most <see cref="MostWeight"/> bytes as sent, and that many overview entries of each kind.</summary>
    private sealed record TextFit(int MostWeight, int OverviewEntries)
    {
        public static TextFit Full { get; } = new(int.MaxValue, ListLimit);

        /// <summary>About 30 CJK characters or 180 Latin: shorter, an entry reads as a fragment, and fewer entries read better.</summary>
        public const int ShortestReadable = 180;

        /// <summary>The heaviest entry the card ever shows: 600 characters of projection warning, all CJK.</summary>
        public const int LongestShown = WarningLimit * 6;
    }
}
