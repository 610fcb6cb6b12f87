using System.Globalization;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>Every sentence a clinician reads about an insurance authorisation: on the plan card, the caseload, prep and reminders.</summary>
public static class AuthorisationWords
{
    /// <param name="shorten">Fits the projection's warning to the card (the plan card pages by size).</param>
    public static PlanInsurance ForPlanCard(AuthorisationStanding standing, Func<string, string> shorten)
    {
        var insurance = standing.Authorisation;
        return new PlanInsurance(
            CardText.Escape(Payer(insurance.Payer, insurance.Reference)),
            insurance.SessionsUsed,
            insurance.SessionsAuthorised,
            standing.SessionsLeft,
            ObjectiveMeasures.Display(insurance.Expiry),
            Projection(standing),
            Ending(standing),
            standing.Outlook.Covered ? null : shorten(string.Join(" ", standing.Outlook.Warnings)));
    }

    public static string Payer(string payer, string? reference) =>
        string.IsNullOrWhiteSpace(reference) ? payer : $"{payer}, reference {reference}";

    /// <summary>"At 1 session a week the 9 sessions left run out around 3 Feb 2027; they cover the open objectives (the last is due 1 Jan 2027)."</summary>
    public static string Projection(AuthorisationStanding standing)
    {
        var outlook = standing.Outlook;
        var pace = Pace(standing.SessionsPerWeek);
        if (standing.SessionsLeft == 0)
        {
            return "No authorised sessions are left.";
        }

        var runOut = $"At {pace} the {Sessions(standing.SessionsLeft)} left run out around {ObjectiveMeasures.Display(outlook.SessionsRunOutAround)}";
        return outlook.LastAnticipatedCompletion is not { } last
            ? $"{runOut}. No open objective has an anticipated date to compare with."
            : outlook.Covered
                ? $"{runOut}; they cover the open objectives (the last is due {ObjectiveMeasures.Display(last)})."
                : $"{runOut}; they do not cover the open objectives (the last is due {ObjectiveMeasures.Display(last)}, {Sessions(outlook.SessionsNeeded)} from now).";
    }

    /// <summary>Running low, about to expire, or expired, in words; null when none is true.</summary>
    public static string? Ending(AuthorisationStanding standing)
    {
        var parts = new List<string>();
        if (standing.Expired)
        {
            parts.Add($"the authorisation expired on {ObjectiveMeasures.Display(standing.Authorisation.Expiry)}");
        }
        else if (standing.ExpiringSoon)
        {
            parts.Add($"the authorisation ends on {ObjectiveMeasures.Display(standing.Authorisation.Expiry)}");
        }

        if (standing.RunningLow)
        {
            parts.Add(standing.SessionsLeft == 0 ? "no authorised sessions are left" : $"only {Sessions(standing.SessionsLeft)} of {standing.Authorisation.SessionsAuthorised} authorised {(standing.SessionsLeft == 1 ? "is" : "are")} left");
        }

        return parts.Count == 0 ? null : Capitalised(string.Join(" and ", parts)) + ": request a new authorisation or an extension in good time.";
    }

    /// <summary>The caseload's line: "9 of 12 sessions left · ends 3 Mar 2027".</summary>
    public static string ForCaseload(CaseloadAuthorisation authorisation) =>
        $"{authorisation.SessionsLeft} of {authorisation.SessionsAuthorised} sessions left · authorisation ends {ObjectiveMeasures.Display(authorisation.Expires)}";

    /// <summary>The caseload's attention line, or null: judged on the day the caseload is shown.</summary>
    public static string? CaseloadAttention(CaseloadAuthorisation authorisation, AuthorisationThresholds thresholds, DateOnly today)
    {
        var parts = new List<string>();
        if (authorisation.Expires < today)
        {
            parts.Add($"authorisation expired {ObjectiveMeasures.Display(authorisation.Expires)}");
        }
        else if (authorisation.Expires.DayNumber - today.DayNumber <= thresholds.ExpiryWarningDays)
        {
            parts.Add("authorisation ending soon");
        }

        if (authorisation.SessionsLeft <= thresholds.RunningLowAtSessionsLeft)
        {
            parts.Add(authorisation.SessionsLeft == 0 ? "no sessions left" : "sessions running low");
        }

        if (!authorisation.CoversObjectives && authorisation.SessionsLeft > 0 && authorisation.Expires >= today)
        {
            parts.Add($"sessions run out around {ObjectiveMeasures.Display(authorisation.RunsOutAround)}, before the plan's objectives are due");
        }

        return parts.Count == 0 ? null : Capitalised(string.Join("; ", parts));
    }

    public static string Sessions(int count) => count == 1 ? "1 session" : $"{count} sessions";

    public static string Pace(decimal perWeek) => perWeek switch
    {
        1m => "1 session a week",
        0.5m => "1 session every 2 weeks",
        0.25m => "1 session every 4 weeks",
        _ => $"{perWeek.ToString("0.##", CultureInfo.InvariantCulture)} sessions a week",
    };

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
