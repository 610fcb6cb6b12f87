namespace TreatmentPlanning.Instruments;

/// <summary>One item's response: an answer value, or an explicit decline.</summary>
public readonly record struct ItemResponse
{
    private ItemResponse(int? value, bool declined) => (Value, Declined) = (value, declined);

    public int? Value { get; }
    public bool Declined { get; }

    public static ItemResponse Answer(int value) => new(value, false);

    public static ItemResponse Decline { get; } = new(null, true);
}

/// <summary>What the engine needs to know about the client beyond the answers.</summary>
public sealed record ScoringContext(Sex? Sex = null)
{
    public static ScoringContext Unknown { get; } = new();
}

public sealed record InstrumentResult(
    string InstrumentId,
    int? Total,
    int MinScore,
    int MaxScore,
    string? Band,
    bool? Positive,
    string? Triage,
    IReadOnlyList<RiskFlag> RiskFlags,
    IReadOnlyList<MissingItem> MissingItems,
    string Interpretation)
{
    /// <summary>False when a required item is missing: then there is no total, band or screen result.</summary>
    public bool IsScored => Total is not null;

    public RiskLevel? HighestRisk => RiskFlags.Count == 0 ? null : RiskFlags.Max(f => f.Level);
}

/// <summary>A risk found in the answers. <see cref="Source"/> is the rule id or "triage:" and the level.</summary>
public sealed record RiskFlag(RiskLevel Level, string Source, string Message);

public sealed record MissingItem(int Number, string Text)
{
    /// <summary>A risk rule reads this item: without it the risk cannot be ruled out, so it must be asked.</summary>
    public bool ReadByRiskRule { get; init; }

    /// <summary>What the clinician is told to do about it.</summary>
    public string AskNow(string instrumentId) => ReadByRiskRule
        ? $"Ask question {Number} now: it asks about thoughts of death or self-harm, so a risk cannot be ruled out without it, whatever the total. The {instrumentId} is not scored until it is answered."
        : $"The {instrumentId} is not scored with a required answer missing.";
}
