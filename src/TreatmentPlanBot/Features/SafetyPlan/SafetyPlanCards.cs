using System.Globalization;
using BotCore.Time;
using TreatmentPlanBot.Cards;
using TreatmentPlanning.Safety;
using Plan = TreatmentPlanning.Safety.SafetyPlan;

namespace TreatmentPlanBot.Features.SafetyPlan;

/// <summary>The view models of the three safety plan cards: the clinician's form, the clinician's saved plan, the client's plan.</summary>
internal static class SafetyPlanCards
{
    public const string Form = "safety-plan-form";
    public const string Saved = "safety-plan";
    public const string ForClient = "my-safety-plan";

    /// <summary>
    /// The form: a brief safety assessment, then the seven parts of the plan. Prefilled from <paramref name="typed"/> (a form
    /// sent back to fix), else from the latest version, and the clinic's crisis line is always among the professionals.
    /// </summary>
    public static object FormView(string clientId, string displayName, string draftId, string? riskEventId, Plan? latest, FormInput? typed, string crisisLine, IReadOnlyList<string> errors)
    {
        string Text(SafetyPlanSection section)
        {
            if (typed?.Sections.TryGetValue(section, out var given) == true)
            {
                return given;
            }

            var items = latest?.ItemsOf(section) ?? [];
            if (section == SafetyPlanSection.ProfessionalsAndCrisisLines && !items.Any(i => i.Contains(crisisLine, StringComparison.OrdinalIgnoreCase)))
            {
                items = [.. items, crisisLine];
            }

            return string.Join("\n", items);
        }

        return new
        {
            clientId,
            draftId,
            riskEventId = riskEventId ?? string.Empty,
            client = new { displayName = CardText.Escape(displayName) },
            context = latest is null ? "A new safety plan" : $"Starting from version {latest.Version}: change what no longer fits",
            errors,
            thoughtsChoices = Choices(SafetyPlanRules.ThoughtsChoices),
            yesNoUnknown = Choices(SafetyPlanRules.YesNoUnknown),
            judgements = Choices(SafetyPlanRules.Judgements),
            thoughtsNow = typed?.Assessment.ThoughtsNow ?? string.Empty,
            planDetail = typed?.Assessment.PlanDetail ?? string.Empty,
            meansAccess = typed?.Assessment.MeansAccess ?? string.Empty,
            pastAttempts = typed?.Assessment.PastAttempts ?? string.Empty,
            protective = typed?.Assessment.Protective ?? string.Empty,
            riskJudgement = typed?.Assessment.RiskJudgement ?? string.Empty,
            nextSteps = typed?.Assessment.NextSteps ?? string.Empty,
            sections = SafetyPlanRules.Wording.Select(w => new { id = w.Key, heading = w.Heading, prompt = w.Prompt, value = Text(w.Section) }),
        };
    }

    /// <summary>The saved plan as the clinician (or their supervisor) reads it, with the assessment it followed.</summary>
    public static object SavedView(string displayName, Plan plan, LocalClock clock, bool clientLinked, bool canOffer, string? notice) => new
    {
        clientId = plan.ClientId,
        version = plan.Version,
        client = new { displayName = CardText.Escape(displayName) },
        saved = $"Version {plan.Version}, saved {Display(plan.SavedAt, clock)}",
        notice = CardText.EscapeOrNull(notice),
        assessment = new[]
        {
            new { title = "Thoughts now", value = CardText.Escape(plan.Assessment.ThoughtsNow) },
            new { title = "Plan", value = CardText.Escape(string.IsNullOrWhiteSpace(plan.Assessment.PlanDetail) ? "None described" : plan.Assessment.PlanDetail) },
            new { title = "Access to means", value = CardText.Escape(plan.Assessment.MeansAccess) },
            new { title = "Past attempts", value = CardText.Escape(plan.Assessment.PastAttempts) },
            new { title = "Keeps them safe", value = CardText.Escape(string.IsNullOrWhiteSpace(plan.Assessment.Protective) ? "Not recorded" : plan.Assessment.Protective) },
            new { title = "Risk now", value = CardText.Escape(plan.Assessment.RiskJudgement) },
            new { title = "Next steps", value = CardText.Escape(string.IsNullOrWhiteSpace(plan.Assessment.NextSteps) ? "Not recorded" : plan.Assessment.NextSteps) },
        },
        sections = Sections(plan, w => w.Heading),
        offer = canOffer && clientLinked,
        offerNote = canOffer && !clientLinked ? "The client isn't connected to me in Teams yet, so give them a copy yourself (say invite [client] to connect them)." : null,
    };

    /// <summary>The client's own card: their plan in the second person, and the crisis line. Nothing from the assessment.</summary>
    public static object ClientView(ClientFacingSafetyPlan plan, LocalClock clock, string crisisLine, string? lead) => new
    {
        lead = CardText.EscapeOrNull(lead),
        saved = $"Updated {Display(plan.SavedAt, clock)}",
        sections = plan.Parts.Select(p => new { heading = p.Heading, items = Items(p.Items) }),
        crisisLine = CardText.Escape(crisisLine),
    };

    private static IEnumerable<object> Sections(Plan plan, Func<SafetyPlanSectionWording, string> heading) =>
        SafetyPlanRules.Wording.Select(w => new { heading = heading(w), items = Items(plan.ItemsOf(w.Section)) });

    private static IReadOnlyList<string> Items(IReadOnlyList<string> items) =>
        items.Count == 0 ? ["Nothing written here yet."] : [.. items.Select(CardText.Escape)];

    private static IEnumerable<object> Choices(IReadOnlyList<string> choices) => choices.Select(c => new { title = c, value = c });

    private static string Display(DateTimeOffset at, LocalClock clock) => clock.ToLocal(at).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>What the form sent: the assessment and each part's text as typed (kept whole when the form goes back to fix).</summary>
internal sealed record FormInput(BriefSafetyAssessment Assessment, IReadOnlyDictionary<SafetyPlanSection, string> Sections)
{
    public IReadOnlyDictionary<SafetyPlanSection, IReadOnlyList<string>> Items() =>
        Sections.ToDictionary(s => s.Key, s => SafetyPlanRules.Items(s.Value));
}
