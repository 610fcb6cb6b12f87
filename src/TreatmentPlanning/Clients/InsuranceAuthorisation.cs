using System.Text.Json.Serialization;

namespace TreatmentPlanning.Clients;

/// <summary>Sessions an insurer has authorised for this client, how many are used, and when the authorisation ends.</summary>
public sealed record InsuranceAuthorisation(string Payer, string? Reference, int SessionsAuthorised, int SessionsUsed, DateOnly Expiry)
{
    [JsonIgnore]
    public int SessionsRemaining => Math.Max(0, SessionsAuthorised - SessionsUsed);

    public bool IsExpiredOn(DateOnly date) => date > Expiry;

    public InsuranceAuthorisation RecordSessionUsed() => this with { SessionsUsed = SessionsUsed + 1 };
}
