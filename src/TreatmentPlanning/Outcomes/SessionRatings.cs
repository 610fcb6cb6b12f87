namespace TreatmentPlanning.Outcomes;

/// <summary>
/// A client's ratings of one session, each 0-10, in the project's own words (not a licensed instrument's): felt heard
/// and respected; worked on what mattered to them; the approach fit them; overall.
/// </summary>
public sealed record SessionRatings(int HeardAndRespected, int WhatMattered, int ApproachFit, int Overall)
{
    public const int Min = 0;
    public const int Max = 10;

    /// <summary>The items in the order the card asks them, with the short label a clinician reads.</summary>
    public IReadOnlyList<(string Label, int Value)> Items =>
    [
        ("felt heard and respected", HeardAndRespected),
        ("worked on what mattered to them", WhatMattered),
        ("the approach fit them", ApproachFit),
        ("overall", Overall),
    ];

    public static bool InRange(int value) => value is >= Min and <= Max;
}

/// <summary>When feedback is worth the clinician's attention: any item at or below one line, overall at or below another, or a fall.</summary>
public sealed record FeedbackThresholds(int LowItemAtOrBelow, int LowOverallAtOrBelow, int FallOf);

/// <summary>What the clinician is told about one session's feedback: low items, items that fell, and the overall trend.</summary>
public sealed record FeedbackSignal(IReadOnlyList<string> LowItems, IReadOnlyList<string> FallingItems, IReadOnlyList<int> OverallTrend)
{
    public bool Flagged => LowItems.Count > 0 || FallingItems.Count > 0;

    public bool IsLow => LowItems.Count > 0;

    public bool IsFalling => FallingItems.Count > 0;

    /// <summary>
    /// Compares <paramref name="current"/> with the thresholds and with <paramref name="previous"/> (the client's earlier
    /// answers, oldest first). An item is falling when it dropped by <see cref="FeedbackThresholds.FallOf"/> or more since
    /// the previous answers. The trend is the overall rating over at most the last five sessions, this one last.
    /// </summary>
    public static FeedbackSignal Assess(SessionRatings current, IReadOnlyList<SessionRatings> previous, FeedbackThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(thresholds);
        var items = current.Items;
        var low = items
            .Where((item, i) => i == items.Count - 1 ? item.Value <= thresholds.LowOverallAtOrBelow : item.Value <= thresholds.LowItemAtOrBelow)
            .Select(item => item.Label)
            .ToList();
        var falling = new List<string>();
        if (previous.Count > 0)
        {
            var before = previous[^1].Items;
            falling.AddRange(items.Where((item, i) => before[i].Value - item.Value >= thresholds.FallOf).Select(item => item.Label));
        }

        var trend = previous.TakeLast(4).Select(r => r.Overall).Append(current.Overall).ToList();
        return new FeedbackSignal(low, falling, trend);
    }
}
