using System.Globalization;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Features.Sessions;

// View model of cards/authorisation.json (cards/README.md).
public sealed record AuthorisationFormModel(string ClientId, string AuthorisationId, string DisplayName, string Context, AuthorisationFormView Form, IReadOnlyList<string> Errors);

/// <summary>The inputs' values; numbers as numbers (Input.Number), absent when not a number.</summary>
public sealed record AuthorisationFormView(string Payer, string Reference, int? SessionsAuthorised, string Starts, string Expires, string Frequency, int? EarlierSessions);

public sealed record AuthorisationFormValues(string Payer, string Reference, string SessionsAuthorised, string Starts, string Expires, string Frequency, string EarlierSessions);

/// <summary>The insurance authorisation form: prefilled from the current one, and reading what was typed.</summary>
public static class AuthorisationForms
{
    public const string Template = "authorisation";
    public const int PayerLimit = 100;
    public const int ReferenceLimit = 40;
    public const int MostSessions = 200;

    public static string NewAuthorisationId() => $"auth-{Guid.NewGuid():N}";

    /// <summary>
    /// The current authorisation, for changing it (sessions used before this bot counted them are what the clinician
    /// gave, less the sessions recorded here), or a blank one starting today.
    /// </summary>
    public static AuthorisationFormValues Prefill(InsuranceAuthorisation? current, IReadOnlyList<SessionRecord> sessions, DateOnly today) =>
        current is null
            ? new(string.Empty, string.Empty, string.Empty, ObjectiveMeasures.Iso(today), string.Empty, "plan", "0")
            : new(
                current.Payer,
                current.Reference ?? string.Empty,
                current.SessionsAuthorised.ToString(CultureInfo.InvariantCulture),
                current.Starts is { } starts ? ObjectiveMeasures.Iso(starts) : string.Empty,
                ObjectiveMeasures.Iso(current.Expiry),
                current.SessionsPerWeek is { } perWeek ? perWeek.ToString("0.##", CultureInfo.InvariantCulture) : "plan",
                Math.Max(0, current.SessionsUsed - RecordedWithin(current, sessions)).ToString(CultureInfo.InvariantCulture));

    public static AuthorisationFormModel View(string clientId, string authorisationId, string displayName, string context, AuthorisationFormValues form, IReadOnlyList<string> errors) =>
        new(clientId, authorisationId, CardText.Escape(displayName), context,
            new AuthorisationFormView(form.Payer, form.Reference, Whole(form.SessionsAuthorised), form.Starts, form.Expires, form.Frequency, Whole(form.EarlierSessions)),
            [.. errors.Select(CardText.Escape)]);

    public static AuthorisationFormValues Typed(CardActionContext context) => new(
        context.GetString("payer") ?? string.Empty,
        context.GetString("reference") ?? string.Empty,
        context.GetString("sessionsAuthorised") ?? string.Empty,
        context.GetString("starts") ?? string.Empty,
        context.GetString("expires") ?? string.Empty,
        context.GetString("frequency") ?? "plan",
        context.GetString("earlierSessions") ?? "0");

    /// <summary>
    /// The authorisation as typed, or what to fix. Sessions used are those the clinician says were used before, plus
    /// the attended sessions recorded here within its dates.
    /// </summary>
    public static (InsuranceAuthorisation? Authorisation, IReadOnlyList<string> Errors) Read(string authorisationId, AuthorisationFormValues form, IReadOnlyList<SessionRecord> sessions)
    {
        var errors = new List<string>();
        var payer = form.Payer.Trim();
        if (payer.Length == 0 || payer.Length > PayerLimit)
        {
            errors.Add($"Payer: name the insurer or payer (at most {PayerLimit} characters).");
        }

        var reference = form.Reference.Trim();
        if (reference.Length > ReferenceLimit)
        {
            errors.Add($"Reference: keep it to {ReferenceLimit} characters.");
        }

        var authorised = Whole(form.SessionsAuthorised);
        if (authorised is null or < 1 or > MostSessions)
        {
            errors.Add($"Sessions authorised: a whole number from 1 to {MostSessions}.");
        }

        var earlier = form.EarlierSessions.Trim().Length == 0 ? 0 : Whole(form.EarlierSessions);
        if (earlier is null or < 0 or > MostSessions)
        {
            errors.Add($"Sessions used before: a whole number from 0 to {MostSessions} (0 when every session under it is recorded here).");
        }

        var starts = Date(form.Starts);
        var expires = Date(form.Expires);
        if (starts is null)
        {
            errors.Add("Start date: choose the first day the authorisation covers.");
        }

        if (expires is null)
        {
            errors.Add("End date: choose the last day the authorisation covers.");
        }
        else if (starts is { } s && expires < s)
        {
            errors.Add("End date: it must be on or after the start date.");
        }

        decimal? perWeek = form.Frequency switch
        {
            "plan" or "" => null,
            var text when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value is 2m or 1m or 0.5m or 0.25m => value,
            _ => -1m,
        };
        if (perWeek == -1m)
        {
            errors.Add("Session frequency: pick one of the choices.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var draft = new InsuranceAuthorisation(payer, reference.Length == 0 ? null : reference, authorised!.Value, 0, expires!.Value)
        {
            Id = authorisationId,
            Starts = starts,
            SessionsPerWeek = perWeek,
        };
        return (draft with { SessionsUsed = earlier!.Value + RecordedWithin(draft, sessions) }, []);
    }

    /// <summary>Attended sessions recorded here within the authorisation's dates.</summary>
    public static int RecordedWithin(InsuranceAuthorisation authorisation, IReadOnlyList<SessionRecord> sessions) =>
        sessions.Count(s => s.Attendance == SessionAttendance.Attended && authorisation.Covers(s.HeldOn));

    private static int? Whole(string text) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
