namespace TreatmentPlanning.Screening;

/// <summary>
/// Which assessment each presenting concern calls for (CLINICAL.md "The path a client takes"). The suicide-risk
/// screen is not here: it is recommended for every client whatever the concerns.
/// </summary>
internal static class ScreeningRules
{
    /// <param name="FollowsPositive">Run only after this screen comes back positive.</param>
    internal sealed record Rule(string ConcernCode, string InstrumentId, string Reason, string? FollowsPositive = null);

    public static IReadOnlyList<Rule> Rules { get; } =
    [
        new("low-mood", "PHQ-9", "Low mood reported: the PHQ-9 measures how severe depression symptoms are."),
        new("sleep", "PHQ-9", "Sleep problems reported: they are a core depression symptom the PHQ-9 covers."),
        new("worry", "GAD-7", "Worry reported: the GAD-7 measures how severe anxiety symptoms are."),
        new("panic", "GAD-7", "Panic attacks reported: the GAD-7 measures how severe anxiety symptoms are."),
        new("alcohol", "AUDIT-C", "Alcohol use reported: the AUDIT-C screens for hazardous drinking."),
        new("drugs", "DAST-10", "Drug use reported: the DAST-10 screens for problems with drug use."),

        // PC-PTSD-5 first; the PCL-5 measures severity once the screen is positive (VA National Center for PTSD).
        new("trauma", "PC-PTSD-5", "Trauma reported: the PC-PTSD-5 screens for PTSD."),
        new("trauma", "PCL-5", "If the PC-PTSD-5 is positive, the PCL-5 measures PTSD symptom severity.", FollowsPositive: "PC-PTSD-5"),

        // The MDQ is licensed: recommended only where the clinic has loaded its definition.
        new("mood-swings", "MDQ", "Mood swings reported: the MDQ screens for bipolar spectrum disorder."),
    ];
}
