using System.Text.Json.Nodes;

namespace BotCore.Cards;

/// <summary>
/// Cuts a list shown on cards into pages by measured size: each page holds as many consecutive items as keep its card
/// within a byte budget, counted as sent (<see cref="CardSize"/>: BotJson writes every non-ASCII character as a six-byte
/// escape, so the same number of CJK or emoji characters weighs six times as much as Latin text), and within a count
/// limit; never fewer than one. Pages are cut from the start, so page n is the same page for every viewer of the same data.
/// </summary>
public static class CardPages
{
    /// <summary>Teams' 28 KB less room for the activity around the card (addresses, ids) and the paging buttons.</summary>
    public const int PageBudgetBytes = 26 * 1024;

    /// <param name="itemCount">How many items the list has.</param>
    /// <param name="maxPerPage">Beyond this a page is long to read, whatever its size.</param>
    /// <param name="render">The card of the page holding <c>count</c> items from <c>first</c>, as page <c>number</c> (1-based).</param>
    /// <param name="budgetBytes">The size one page's card may reach.</param>
    /// <returns>The pages in order; one empty page when there are no items.</returns>
    public static IReadOnlyList<(int First, int Count)> Cut(int itemCount, int maxPerPage, Func<int, int, int, JsonNode> render, int budgetBytes = PageBudgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerPage, 1);
        ArgumentNullException.ThrowIfNull(render);

        var pages = new List<(int First, int Count)>();
        var start = 0;
        while (start < itemCount || pages.Count == 0)
        {
            var count = Math.Min(1, itemCount - start);
            while (start + count < itemCount && count < maxPerPage && CardSize.Utf8Bytes(render(start, count + 1, pages.Count + 1)) <= budgetBytes)
            {
                count++;
            }

            pages.Add((start, count));
            start += Math.Max(count, 1);
        }

        return pages;
    }

    /// <summary>How many of the items, from the start, one card has room for (the first page of <see cref="Cut"/>).</summary>
    public static int MostThatFit(int itemCount, int max, Func<int, JsonNode> render, int budgetBytes = PageBudgetBytes)
    {
        ArgumentNullException.ThrowIfNull(render);
        return Cut(itemCount, max, (_, count, _) => render(count), budgetBytes)[0].Count;
    }
}
