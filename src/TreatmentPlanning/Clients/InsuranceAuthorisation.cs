using System.Text.Json.Serialization;

namespace TreatmentPlanning.Clients;

/// <summary>Sessions an insurer has authorised for this client, how many are used, and when the authorisation ends.</summary>
public sealed record InsuranceAuthorisation(string Payer, string? Reference, int SessionsAuthorised, int SessionsUsed, DateOnly Expiry)
{
    /// <summary>
    /// Which authorisation this is: drawn when the clinician's form is shown, so a second press of one Save is the same
    /// authorisation, and reminders belong to one authorisation (a new one replaces them). Null on older records.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>The first day sessions count against it; null on older records (every session up to the expiry counts).</summary>
    public DateOnly? Starts { get; init; }

    /// <summary>The session frequency agreed with the payer (0.5 = every other week); null: the plan's own frequency.</summary>
    public decimal? SessionsPerWeek { get; init; }

    [JsonIgnore]
    public int SessionsRemaining => Math.Max(0, SessionsAuthorised - SessionsUsed);

    public bool IsExpiredOn(DateOnly date) => date > Expiry;

    /// <summary>Whether a session held on <paramref name="date"/> counts against this authorisation.</summary>
    public bool Covers(DateOnly date) => (Starts is not { } start || date >= start) && date <= Expiry;

    public InsuranceAuthorisation RecordSessionUsed() => this with { SessionsUsed = SessionsUsed + 1 };
}
