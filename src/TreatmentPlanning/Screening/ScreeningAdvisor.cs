using TreatmentPlanning.Instruments;

namespace TreatmentPlanning.Screening;

/// <summary>Turns a screening conversation into next steps: which assessments to run, and whether this clinician fits.</summary>
public sealed class ScreeningAdvisor
{
    private readonly InstrumentLibrary _library;
    private readonly InstrumentDefinition _suicideRiskScreen;

    /// <exception cref="ArgumentException">The configured suicide-risk screen is not loaded or is not a suicide-risk screen.</exception>
    public ScreeningAdvisor(InstrumentLibrary library, ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(options);
        _library = library;
        var screen = library.FindDefinition(options.SuicideRiskScreen)
            ?? throw new ArgumentException($"Screening:SuicideRiskScreen '{options.SuicideRiskScreen}' is not a loaded instrument.", nameof(options));
        if (!screen.SuicideRiskScreen)
        {
            throw new ArgumentException($"Screening:SuicideRiskScreen '{screen.Id}' is not marked as a suicide-risk screen.", nameof(options));
        }

        _suicideRiskScreen = screen;
    }

    public ScreeningRecommendation Recommend(IEnumerable<PresentingConcern> concerns)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        var given = concerns.Distinct().ToList();
        var recommendations = new List<AssessmentRecommendation>();
        var notes = new List<string>();

        var suicideReasons = new List<string> { "A suicide-risk screen is recommended for every new client." };
        if (given.Contains(PresentingConcerns.SelfHarmThoughts))
        {
            suicideReasons.Insert(0, "Thoughts of self-harm or suicide reported: screen for suicide risk before anything else.");
        }

        recommendations.Add(Recommendation(_suicideRiskScreen, suicideReasons, null));

        foreach (var concern in given)
        {
            var rules = ScreeningRules.Rules.Where(r => r.ConcernCode == concern.Code).ToList();
            foreach (var rule in rules)
            {
                if (_library.FindDefinition(rule.InstrumentId) is not { } instrument)
                {
                    notes.Add($"{concern.Label}: the {rule.InstrumentId} is not available at this clinic (it needs the clinic's licence); assess this clinically.");
                    continue;
                }

                var existing = recommendations.FindIndex(r => r.InstrumentId == instrument.Id);
                if (existing >= 0)
                {
                    recommendations[existing] = recommendations[existing] with { Reasons = [.. recommendations[existing].Reasons, rule.Reason] };
                }
                else
                {
                    recommendations.Add(Recommendation(instrument, [rule.Reason], rule.FollowsPositive));
                }
            }

            if (rules.Count == 0 && concern != PresentingConcerns.SelfHarmThoughts)
            {
                notes.Add($"{concern.Label}: no standardized measure is recommended; track it in the plan with a count per week or a 0-10 rating.");
            }
        }

        return new ScreeningRecommendation(recommendations, notes);
    }

    /// <summary>Whether this clinician treats what the client brings; a referral is suggested when they do not.</summary>
    public static ClinicianFit AssessFit(IEnumerable<PresentingConcern> concerns, ClinicianScope scope)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        ArgumentNullException.ThrowIfNull(scope);
        // Immediate risk is everyone's to respond to: thoughts of self-harm get the safety response and the suicide-risk
        // screen whoever the clinician is, so they are never a specialism that decides the fit. The rest is asked about.
        var given = concerns.Distinct().Where(c => c != PresentingConcerns.SelfHarmThoughts).ToList();
        var atRisk = concerns.Contains(PresentingConcerns.SelfHarmThoughts);
        var notTreated = given.Where(c => scope.NotTreated.Contains(c)).ToList();
        var unlisted = given.Where(c => !scope.Treated.Contains(c) && !scope.NotTreated.Contains(c)).ToList();

        if (notTreated.Count > 0)
        {
            var reason = $"This clinician does not treat {JoinLabels(notTreated)}: consider referring to a clinician or service that does.";
            if (atRisk)
            {
                reason += " Complete the suicide-risk screen before the referral.";
            }

            return new ClinicianFit(FitVerdict.Refer, notTreated, unlisted, new ReferralSuggestion(reason, notTreated));
        }

        return unlisted.Count > 0
            ? new ClinicianFit(FitVerdict.Confirm, notTreated, unlisted, null)
            : new ClinicianFit(FitVerdict.Fits, notTreated, unlisted, null);
    }

    private static AssessmentRecommendation Recommendation(InstrumentDefinition instrument, IReadOnlyList<string> reasons, string? followsPositive) =>
        new(instrument.Id, instrument.Name, reasons, followsPositive, instrument.RemoteUseAllowed, instrument.SuicideRiskScreen);

    private static string JoinLabels(IReadOnlyList<PresentingConcern> concerns)
    {
        var labels = concerns.Select(c => c.Label.ToLowerInvariant()).ToList();
        return labels.Count == 1 ? labels[0] : string.Join(", ", labels[..^1]) + " or " + labels[^1];
    }
}

/// <summary>One assessment to run next, with why, in clinician-readable words.</summary>
/// <param name="FollowsPositive">Run only after this instrument screens positive.</param>
public sealed record AssessmentRecommendation(
    string InstrumentId,
    string InstrumentName,
    IReadOnlyList<string> Reasons,
    string? FollowsPositive,
    bool RemoteUseAllowed,
    bool SuicideRiskScreen);

/// <summary>The assessments in the order to run them (suicide-risk screen first), and notes for concerns without one.</summary>
public sealed record ScreeningRecommendation(IReadOnlyList<AssessmentRecommendation> Assessments, IReadOnlyList<string> Notes);

/// <summary>The areas a clinician has said they treat and do not treat, as presenting concerns.</summary>
public sealed record ClinicianScope(IReadOnlySet<PresentingConcern> Treated, IReadOnlySet<PresentingConcern> NotTreated)
{
    /// <exception cref="ArgumentException">A code is not in the presenting-concern vocabulary.</exception>
    public static ClinicianScope FromCodes(IEnumerable<string> treated, IEnumerable<string> notTreated) =>
        new(treated.Select(PresentingConcerns.Parse).ToHashSet(), notTreated.Select(PresentingConcerns.Parse).ToHashSet());
}

public enum FitVerdict
{
    /// <summary>Every concern is one the clinician treats.</summary>
    Fits,

    /// <summary>No concern is excluded, but some are not on the clinician's list: the clinician confirms.</summary>
    Confirm,

    /// <summary>At least one concern is one the clinician does not treat.</summary>
    Refer,
}

public sealed record ClinicianFit(
    FitVerdict Verdict,
    IReadOnlyList<PresentingConcern> NotTreated,
    IReadOnlyList<PresentingConcern> Unlisted,
    ReferralSuggestion? Referral);

/// <summary>Why a referral is suggested; where to is the clinician's choice, recorded with the referral.</summary>
public sealed record ReferralSuggestion(string Reason, IReadOnlyList<PresentingConcern> Concerns);
