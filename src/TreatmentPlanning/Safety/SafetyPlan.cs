using System.Text.Json.Serialization;

namespace TreatmentPlanning.Safety;

/// <summary>
/// The parts of a safety plan, in the order they are used in a crisis: notice the signs, try what works alone, go where
/// others are, ask someone, call a professional, make the surroundings safer, and hold on to what matters. This is the
/// standard structure of a brief safety planning intervention; the wording is the bot's own.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SafetyPlanSection>))]
public enum SafetyPlanSection
{
    WarningSigns,
    CopingOnYourOwn,
    PeopleAndPlacesThatDistract,
    PeopleToAskForHelp,
    ProfessionalsAndCrisisLines,
    SaferSurroundings,
    ReasonsForLiving,
}

/// <summary>How a section reads to the clinician (heading and prompt) and to the client (in the second person).</summary>
public sealed record SafetyPlanSectionWording(SafetyPlanSection Section, string Key, string Heading, string Prompt, string ForClient);

/// <summary>The clinician's brief safety assessment that comes before the plan: current thoughts, plan, means, history, judgement.</summary>
public sealed record BriefSafetyAssessment(
    string ThoughtsNow,
    string? PlanDetail,
    string MeansAccess,
    string PastAttempts,
    string? Protective,
    string RiskJudgement,
    string? NextSteps);

/// <summary>One saved version of a client's safety plan with the assessment that led to it.</summary>
public sealed record SafetyPlan(
    string ClientId,
    int Version,
    BriefSafetyAssessment Assessment,
    IReadOnlyDictionary<SafetyPlanSection, IReadOnlyList<string>> Sections,
    DateTimeOffset SavedAt,
    string SavedBy)
{
    /// <summary>The form this version was saved from: a second press of the same Save finds it instead of saving twice.</summary>
    public string? DraftId { get; init; }

    /// <summary>The risk event whose safety steps started it, when it came from one.</summary>
    public string? RiskEventId { get; init; }

    public IReadOnlyList<string> ItemsOf(SafetyPlanSection section) =>
        Sections.TryGetValue(section, out var items) ? items : [];
}

/// <summary>The rules a safety plan is checked against before it is saved, and the words each part is asked in.</summary>
public static class SafetyPlanRules
{
    public const int MaxItemsPerSection = 12;

    public const int MaxItemLength = 300;

    public static IReadOnlyList<string> ThoughtsChoices { get; } =
        ["None right now", "Passing thoughts, no wish to act on them", "Thoughts with some wish to act", "Thoughts with a plan or intent"];

    public static IReadOnlyList<string> YesNoUnknown { get; } = ["Yes", "No", "Not known"];

    public static IReadOnlyList<string> Judgements { get; } = ["Low", "Moderate", "High"];

    public static IReadOnlyList<SafetyPlanSectionWording> Wording { get; } =
    [
        new(SafetyPlanSection.WarningSigns, "warningSigns", "Signs a crisis may be building",
            "Thoughts, moods, situations or behaviours the client notices before things get worse.",
            "Signs that things are getting harder for you"),
        new(SafetyPlanSection.CopingOnYourOwn, "copingOnYourOwn", "What the client can do on their own",
            "Things that take their mind off it or calm them, without needing anyone else.",
            "Things you can do on your own to feel calmer"),
        new(SafetyPlanSection.PeopleAndPlacesThatDistract, "peopleAndPlaces", "People and places that take their mind off it",
            "Company or busy places that help, without having to talk about the crisis.",
            "People and places that help take your mind off things"),
        new(SafetyPlanSection.PeopleToAskForHelp, "peopleToAsk", "People they can ask for help",
            "Family or friends they could tell that they are struggling (name and how to reach them).",
            "People you can tell that you're struggling"),
        new(SafetyPlanSection.ProfessionalsAndCrisisLines, "professionals", "Professionals and crisis lines",
            "The clinic, their clinician, other services, and crisis lines available at any hour.",
            "Professionals and crisis lines you can call, any time"),
        new(SafetyPlanSection.SaferSurroundings, "saferSurroundings", "Making their surroundings safer",
            "What will be removed, locked away or handed to someone, and who will help with it.",
            "What we agreed to make your surroundings safer"),
        new(SafetyPlanSection.ReasonsForLiving, "reasonsForLiving", "Reasons for living",
            "What matters most to them and is worth staying safe for, in their own words.",
            "What matters most to you"),
    ];

    /// <summary>A section's items from what was typed: one per line (or separated by semicolons), trimmed, blanks dropped.</summary>
    public static IReadOnlyList<string> Items(string? typed) =>
        string.IsNullOrWhiteSpace(typed)
            ? []
            : [.. typed.Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(i => i.TrimStart('-', '•', '*', ' ').Trim())
                .Where(i => i.Length > 0)];

    /// <summary>What must be put right before the plan can be saved, in the clinician's words; empty when it can be.</summary>
    public static IReadOnlyList<string> Problems(BriefSafetyAssessment assessment, IReadOnlyDictionary<SafetyPlanSection, IReadOnlyList<string>> sections)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(sections);
        var problems = new List<string>();
        if (!ThoughtsChoices.Contains(assessment.ThoughtsNow))
        {
            problems.Add("Choose what the client says about thoughts of suicide right now.");
        }

        if (!YesNoUnknown.Contains(assessment.MeansAccess) || !YesNoUnknown.Contains(assessment.PastAttempts))
        {
            problems.Add("Answer access to means and past attempts (“Not known” is an answer).");
        }

        if (!Judgements.Contains(assessment.RiskJudgement))
        {
            problems.Add("Give your judgement of the risk now: low, moderate or high.");
        }

        if (!sections.TryGetValue(SafetyPlanSection.WarningSigns, out var signs) || signs.Count == 0)
        {
            problems.Add("Write at least one warning sign, so the client knows when to use the plan.");
        }

        var someoneToCall = sections.TryGetValue(SafetyPlanSection.PeopleToAskForHelp, out var people) && people.Count > 0;
        var professional = sections.TryGetValue(SafetyPlanSection.ProfessionalsAndCrisisLines, out var lines) && lines.Count > 0;
        if (!professional)
        {
            problems.Add("Keep at least one professional or crisis line the client can call at any hour.");
        }
        else if (!someoneToCall && assessment.RiskJudgement == "High")
        {
            problems.Add("With a high risk, name at least one person the client can ask for help.");
        }

        foreach (var wording in Wording)
        {
            var items = sections.TryGetValue(wording.Section, out var found) ? found : [];
            if (items.Count > MaxItemsPerSection)
            {
                problems.Add($"{wording.Heading}: keep it to {MaxItemsPerSection} lines or fewer, so it can be read in a hurry.");
            }

            if (items.Any(i => i.Length > MaxItemLength))
            {
                problems.Add($"{wording.Heading}: keep each line under {MaxItemLength} characters.");
            }
        }

        return problems;
    }
}

/// <summary>A safety plan as its client reads it: the parts in the second person, no clinician's assessment.</summary>
public sealed record ClientFacingSafetyPlan(int Version, DateTimeOffset SavedAt, IReadOnlyList<(string Heading, IReadOnlyList<string> Items)> Parts)
{
    public static ClientFacingSafetyPlan From(SafetyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(plan.Version, plan.SavedAt, [.. SafetyPlanRules.Wording.Select(w => (w.ForClient, plan.ItemsOf(w.Section)))]);
    }
}
