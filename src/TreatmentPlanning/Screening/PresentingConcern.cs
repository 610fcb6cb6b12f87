namespace TreatmentPlanning.Screening;

/// <summary>A reason a client gives for coming, from a fixed vocabulary so that rules can act on it.</summary>
public sealed record PresentingConcern(string Code, string Label);

public static class PresentingConcerns
{
    public static PresentingConcern LowMood { get; } = new("low-mood", "Low mood");
    public static PresentingConcern Worry { get; } = new("worry", "Worry or anxiety");
    public static PresentingConcern Panic { get; } = new("panic", "Panic attacks");
    public static PresentingConcern Sleep { get; } = new("sleep", "Sleep problems");
    public static PresentingConcern Alcohol { get; } = new("alcohol", "Alcohol use");
    public static PresentingConcern Drugs { get; } = new("drugs", "Drug use");
    public static PresentingConcern Trauma { get; } = new("trauma", "A traumatic or frightening experience");
    public static PresentingConcern MoodSwings { get; } = new("mood-swings", "Mood swings");
    public static PresentingConcern Anger { get; } = new("anger", "Anger");
    public static PresentingConcern SelfHarmThoughts { get; } = new("self-harm-thoughts", "Thoughts of self-harm or suicide");
    public static PresentingConcern SelfEsteem { get; } = new("self-esteem", "Low self-esteem");
    public static PresentingConcern Relationships { get; } = new("relationships", "Relationship difficulties");
    public static PresentingConcern Work { get; } = new("work", "Work or employment difficulties");
    public static PresentingConcern Gambling { get; } = new("gambling", "Gambling or other compulsive behaviour");
    public static PresentingConcern UnusualExperiences { get; } = new("unusual-experiences", "Hearing or seeing things others do not");

    public static IReadOnlyList<PresentingConcern> All { get; } =
    [
        LowMood, Worry, Panic, Sleep, Alcohol, Drugs, Trauma, MoodSwings, Anger, SelfHarmThoughts,
        SelfEsteem, Relationships, Work, Gambling, UnusualExperiences,
    ];

    public static PresentingConcern? Find(string code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <exception cref="ArgumentException">The code is not in the vocabulary.</exception>
    public static PresentingConcern Parse(string code) =>
        Find(code) ?? throw new ArgumentException(
            $"'{code}' is not a presenting concern code; known codes: {string.Join(", ", All.Select(c => c.Code))}.", nameof(code));
}
