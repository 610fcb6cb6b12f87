namespace TreatmentPlanning.Smart;

/// <summary>SMART rules that are checked where an objective is typed as well as when it is validated whole.</summary>
public static class SmartRules
{
    /// <summary>Fewer words than this cannot say what behaviour or situation will change ("feel better" does not).</summary>
    public const int MinimumBehaviourWords = 3;

    /// <summary>Whether the text is long enough to be the Specific part of an objective.</summary>
    public static bool IsSpecific(string? behaviour) =>
        (behaviour?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0) >= MinimumBehaviourWords;
}
