using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Templates;

namespace TreatmentPlanning.Outcomes;

/// <summary>When the clinician wants to hear that an authorisation is ending: sessions left, and days before it expires.</summary>
public sealed record AuthorisationThresholds(int RunningLowAtSessionsLeft, int ExpiryWarningDays);

/// <summary>
/// Where a client's insurance authorisation stands today: sessions used and left, the projection over the plan's open
/// objectives (<see cref="AuthorisationProjection"/>), and whether it is running low or about to expire.
/// </summary>
public sealed record AuthorisationStanding(
    InsuranceAuthorisation Authorisation,
    decimal SessionsPerWeek,
    AuthorisationOutlook Outlook,
    bool RunningLow,
    bool ExpiringSoon,
    bool Expired)
{
    public int SessionsLeft => Authorisation.SessionsRemaining;

    /// <summary>Needs the clinician's attention: running low, expiring soon or expired, or not covering the open objectives.</summary>
    public bool NeedsAttention => RunningLow || ExpiringSoon || Expired || !Outlook.Covered;

    /// <param name="planFrequencies">The session frequencies of the plan's problem areas (from their templates).</param>
    public static AuthorisationStanding Of(
        InsuranceAuthorisation authorisation, TreatmentPlan? plan, IEnumerable<SessionFrequency> planFrequencies, AuthorisationThresholds thresholds, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(authorisation);
        ArgumentNullException.ThrowIfNull(thresholds);
        var perWeek = authorisation.SessionsPerWeek is { } agreed && agreed > 0 ? agreed : MostFrequent(planFrequencies);
        var open = (plan?.Objectives ?? [])
            .Where(o => o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress && o.AnticipatedCompletion is not null)
            .Select(o => new RemainingObjective(o.Behaviour, o.AnticipatedCompletion!.Value))
            .ToList();
        var outlook = AuthorisationProjection.Project(
            new SessionAuthorisation(authorisation.SessionsAuthorised, authorisation.SessionsUsed, authorisation.Expiry), open, perWeek, today);
        var expired = authorisation.IsExpiredOn(today);
        return new AuthorisationStanding(
            authorisation,
            perWeek,
            outlook,
            RunningLow: authorisation.SessionsRemaining <= thresholds.RunningLowAtSessionsLeft,
            ExpiringSoon: !expired && authorisation.Expiry.DayNumber - today.DayNumber <= thresholds.ExpiryWarningDays,
            Expired: expired);
    }

    /// <summary>The plan's session frequency is its most intensive problem area's (weekly when none is known).</summary>
    public static decimal MostFrequent(IEnumerable<SessionFrequency> frequencies)
    {
        var perWeek = frequencies.Select(PerWeek).ToList();
        return perWeek.Count == 0 ? 1m : perWeek.Max();
    }

    public static decimal PerWeek(SessionFrequency frequency) => frequency switch
    {
        SessionFrequency.TwiceWeekly => 2m,
        SessionFrequency.Weekly => 1m,
        SessionFrequency.Fortnightly => 0.5m,
        _ => 0.25m,
    };
}
