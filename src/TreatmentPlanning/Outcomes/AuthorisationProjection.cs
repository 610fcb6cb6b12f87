using System.Globalization;

namespace TreatmentPlanning.Outcomes;

/// <summary>Whether the sessions an insurer authorised cover the objectives still open, before the authorisation expires.</summary>
public static class AuthorisationProjection
{
    /// <param name="sessionsPerWeek">Planned session frequency (0.5 = every other week).</param>
    /// <param name="today">The date the projection is made.</param>
    public static AuthorisationOutlook Project(
        SessionAuthorisation authorisation, IReadOnlyList<RemainingObjective> objectives, decimal sessionsPerWeek, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(authorisation);
        ArgumentNullException.ThrowIfNull(objectives);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sessionsPerWeek);
        ArgumentOutOfRangeException.ThrowIfNegative(authorisation.SessionsAuthorised);
        ArgumentOutOfRangeException.ThrowIfNegative(authorisation.SessionsUsed);

        var remaining = Math.Max(0, authorisation.SessionsAuthorised - authorisation.SessionsUsed);
        int SessionsUntil(DateOnly date) =>
            (int)Math.Ceiling(Math.Max(0, date.DayNumber - today.DayNumber) * sessionsPerWeek / 7m);

        var last = objectives.Count == 0 ? (DateOnly?)null : objectives.Max(o => o.AnticipatedCompletion);
        var needed = last is { } l ? SessionsUntil(l) : 0;
        var afterExpiry = objectives.Where(o => o.AnticipatedCompletion > authorisation.Expires).ToList();
        var beyondSessions = objectives.Where(o => SessionsUntil(o.AnticipatedCompletion) > remaining).ToList();
        var overdue = objectives.Where(o => o.AnticipatedCompletion < today).ToList();
        var runOut = today.AddDays((int)Math.Ceiling(remaining * 7m / sessionsPerWeek));
        var expired = authorisation.Expires < today;

        var warnings = new List<string>();
        if (expired)
        {
            warnings.Add(Say($"The authorisation expired on {authorisation.Expires:yyyy-MM-dd}: request a new one before the next session."));
        }
        else if (afterExpiry.Count > 0)
        {
            warnings.Add(Say($"The authorisation expires on {authorisation.Expires:yyyy-MM-dd}, before {Describe(afterExpiry)} {(afterExpiry.Count == 1 ? "is" : "are")} expected to be met: request an extension or revise the dates."));
        }

        if (beyondSessions.Count > 0)
        {
            warnings.Add(Say($"At {sessionsPerWeek:0.##} session{(sessionsPerWeek == 1 ? "" : "s")} a week, meeting every remaining objective by {last:yyyy-MM-dd} needs {needed} more sessions, but only {remaining} of {authorisation.SessionsAuthorised} authorised remain (they run out around {runOut:yyyy-MM-dd}): request more sessions, meet more often, or revise the objectives."));
        }

        if (overdue.Count > 0)
        {
            warnings.Add(Say($"Past the expected date: {Describe(overdue)}; record completion or set a new date."));
        }

        return new AuthorisationOutlook(
            Covered: !expired && afterExpiry.Count == 0 && beyondSessions.Count == 0,
            SessionsRemaining: remaining,
            SessionsNeeded: needed,
            LastAnticipatedCompletion: last,
            SessionsRunOutAround: runOut,
            ObjectivesAfterExpiry: afterExpiry,
            ObjectivesBeyondSessions: beyondSessions,
            Warnings: warnings);
    }

    private static string Describe(IReadOnlyList<RemainingObjective> objectives) =>
        objectives.Count == 1
            ? Say($"the objective \"{objectives[0].Description}\" ({objectives[0].AnticipatedCompletion:yyyy-MM-dd})")
            : Say($"{objectives.Count} objectives ({string.Join("; ", objectives.Select(o => Say($"\"{o.Description}\" {o.AnticipatedCompletion:yyyy-MM-dd}")))})");

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

public sealed record SessionAuthorisation(int SessionsAuthorised, int SessionsUsed, DateOnly Expires);

public sealed record RemainingObjective(string Description, DateOnly AnticipatedCompletion);

/// <param name="Covered">The remaining sessions reach every open objective before the authorisation expires.</param>
/// <param name="Warnings">Clinician-readable; empty when covered and nothing is overdue.</param>
public sealed record AuthorisationOutlook(
    bool Covered,
    int SessionsRemaining,
    int SessionsNeeded,
    DateOnly? LastAnticipatedCompletion,
    DateOnly SessionsRunOutAround,
    IReadOnlyList<RemainingObjective> ObjectivesAfterExpiry,
    IReadOnlyList<RemainingObjective> ObjectivesBeyondSessions,
    IReadOnlyList<string> Warnings);
