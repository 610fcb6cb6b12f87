using System.Text.Json.Serialization;

namespace TreatmentPlanBot.Records;

/// <summary>Who a client is to the clinic: their clinician of record and where they are in the path.</summary>
public sealed record ClientEnrolment(
    string ClientId,
    string TenantId,
    string ClinicianId,
    string DisplayName,
    ClientStatus Status,
    DateTimeOffset EnrolledAt)
{
    /// <summary>The client's own Teams user (Entra object id), once they are invited to check-ins.</summary>
    public string? ClientUserId { get; init; }

    /// <summary>The last handover's id (drawn when its card was shown): a second press of that card finds it done.</summary>
    public string? LastHandoverId { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ClientStatus>))]
public enum ClientStatus
{
    Screening,
    Assessment,
    Planning,
    Active,
    Referred,
    Discharged,
}

/// <summary>A stored value and the ETag it was read with, for optimistic concurrency on the next write.</summary>
public sealed record Versioned<T>(T Value, string ETag);
