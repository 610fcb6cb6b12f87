using System.Text.Json.Serialization;

namespace TreatmentPlanning.Plans;

/// <summary>
/// Who signed which plan version, and when. <see cref="ContentHash"/> is the plan's content hash at signing,
/// so a signature can be checked against the content it was given for.
/// </summary>
public sealed record Signature(SignerRole Role, string SignerId, DateTimeOffset SignedAt, int PlanVersion, string ContentHash)
{
    /// <summary>The name the signer typed when signing (the client types theirs on the signing card), if any.</summary>
    public string? TypedName { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SignerRole>))]
public enum SignerRole
{
    Clinician,
    Client,
    Supervisor,
}
