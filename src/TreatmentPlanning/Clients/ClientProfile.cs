using System.Text.Json.Serialization;

namespace TreatmentPlanning.Clients;

/// <summary>
/// What the clinic keeps about a client outside the plan itself. <see cref="TraumaOverview"/> is clinician-only:
/// views for anyone else use <see cref="WithoutClinicianOnly"/>.
/// </summary>
public sealed record ClientProfile(
    string ClientId,
    PersonName Name,
    string? Pronouns,
    ContactDetails Contact,
    IReadOnlyList<EmergencyContact> EmergencyContacts,
    IReadOnlyList<CommunityCareProvider> CommunityCare,
    InsuranceAuthorisation? Insurance,
    IReadOnlyList<PastDiagnosis> PastDiagnoses,
    IReadOnlyList<PastTreatment> PastTreatment,
    TraumaInformedOverview TraumaOverview)
{
    public static ClientProfile New(string clientId, PersonName name) =>
        new(clientId, name, null, ContactDetails.None, [], [], null, [], [], TraumaInformedOverview.Empty);

    public ClientProfile AddEmergencyContact(EmergencyContact contact) =>
        this with { EmergencyContacts = [.. EmergencyContacts, contact] };

    public ClientProfile AddCommunityCare(CommunityCareProvider provider) =>
        this with { CommunityCare = [.. CommunityCare, provider] };

    public ClientProfile AddPastDiagnosis(PastDiagnosis diagnosis) =>
        this with { PastDiagnoses = [.. PastDiagnoses, diagnosis] };

    public ClientProfile AddPastTreatment(PastTreatment treatment) =>
        this with { PastTreatment = [.. PastTreatment, treatment] };

    public ClientProfile RecordDisclosure(DisclosedEvent disclosure) =>
        this with { TraumaOverview = TraumaOverview with { SignificantEvents = [.. TraumaOverview.SignificantEvents, disclosure] } };

    public ClientProfile AddTrigger(string trigger) =>
        this with { TraumaOverview = TraumaOverview with { Triggers = [.. TraumaOverview.Triggers, trigger] } };

    public ClientProfile AddInterventionToAvoid(string intervention) =>
        this with { TraumaOverview = TraumaOverview with { InterventionsToAvoid = [.. TraumaOverview.InterventionsToAvoid, intervention] } };

    public ClientProfile RecordSessionUsed() => Insurance is { } insurance
        ? this with { Insurance = insurance.RecordSessionUsed() }
        : throw new InvalidOperationException("This client has no insurance authorisation to count sessions against.");

    /// <summary>The profile as the client, a supervisor or an export may see it: the trauma-informed overview removed.</summary>
    public ClientProfile WithoutClinicianOnly() => this with { TraumaOverview = TraumaInformedOverview.Empty };
}

public sealed record PersonName(string Given, string Family, string? Preferred = null)
{
    /// <summary>The name to address the client by.</summary>
    [JsonIgnore]
    public string Display => string.IsNullOrWhiteSpace(Preferred) ? $"{Given} {Family}" : $"{Preferred} {Family}";
}

public sealed record ContactDetails(string? Phone, string? Email, string? Address)
{
    public static ContactDetails None { get; } = new(null, null, null);
}

public sealed record EmergencyContact(string Name, string Relationship, string Phone);

/// <summary>Someone else involved in the client's care, e.g. their psychiatrist or a day program.</summary>
public sealed record CommunityCareProvider(CareProviderRole Role, string Name, string? Organisation = null, string? Phone = null, string? Email = null);

[JsonConverter(typeof(JsonStringEnumConverter<CareProviderRole>))]
public enum CareProviderRole
{
    Psychiatrist,
    GeneralPractitioner,
    CaseManager,
    Program,
}

public sealed record PastDiagnosis(string Description, string? Code = null, DateOnly? DiagnosedOn = null, string? Note = null);

public sealed record PastTreatment(string Description, string? Provider = null, DateOnly? From = null, DateOnly? To = null, string? Outcome = null);

/// <summary>
/// The running, trauma-informed overview shown at the top of the plan: events the client has disclosed over time,
/// known triggers, and interventions to avoid so as not to retraumatise. Clinician-only.
/// </summary>
public sealed record TraumaInformedOverview(
    IReadOnlyList<DisclosedEvent> SignificantEvents,
    IReadOnlyList<string> Triggers,
    IReadOnlyList<string> InterventionsToAvoid)
{
    public static TraumaInformedOverview Empty { get; } = new([], [], []);
}

public sealed record DisclosedEvent(DateOnly DisclosedOn, string Description);
