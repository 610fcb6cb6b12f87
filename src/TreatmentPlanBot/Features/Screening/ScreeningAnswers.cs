using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>How a screening starts: a new client (no query) or one of the clinician's clients, found by the picker.</summary>
public sealed record ScreeningStart(bool NewClient, string? ClientQuery);

/// <summary>A new client's current information, as gathered before anything is saved.</summary>
public sealed record CurrentInformation(
    PersonName Name,
    string? Pronouns,
    ContactDetails Contact,
    EmergencyContact? EmergencyContact,
    IReadOnlyList<CommunityCareProvider> CommunityCare,
    bool TreatedBefore,
    string? PastTreatmentNote,
    IReadOnlyList<string> PastDiagnoses)
{
    public ClientProfile ToProfile(string clientId)
    {
        var profile = ClientProfile.New(clientId, Name) with { Pronouns = Pronouns, Contact = Contact };
        if (EmergencyContact is { } contact)
        {
            profile = profile.AddEmergencyContact(contact);
        }

        profile = CommunityCare.Aggregate(profile, (p, provider) => p.AddCommunityCare(provider));
        profile = PastDiagnoses.Aggregate(profile, (p, diagnosis) => p.AddPastDiagnosis(new PastDiagnosis(diagnosis)));
        return TreatedBefore
            ? profile.AddPastTreatment(new PastTreatment(PastTreatmentNote ?? "Treated before; no details given at screening."))
            : profile;
    }
}

/// <summary>Where the clinician refers the client, and why, in their words.</summary>
public sealed record Referral(string Reason, string Destination);

/// <summary>
/// Everything a screening gathered, ready to save. Its ids and time are fixed when the summary is shown, so every
/// click on that one "Save" (a double click, a re-run turn) writes the same rows and the second finds them done.
/// </summary>
public sealed record ScreeningDraft(
    string ClientId,
    string DisplayName,
    CurrentInformation? NewClient,
    string ScreeningId,
    IReadOnlyList<string> Concerns,
    string? ConcernsInOwnWords,
    string Urgency,
    bool PriorTreatment,
    bool FitsClinician,
    string FitNote,
    Referral? Referral,
    DateTimeOffset ScreenedAt);

/// <summary>The urgency a clinician gives a screening; the code is what is stored.</summary>
public static class ScreeningUrgency
{
    public const string Routine = "routine";
    public const string Soon = "soon";
    public const string Urgent = "urgent";

    public static string Describe(string code) => code switch
    {
        Urgent => "needs attention today",
        Soon => "Soon: within the next week",
        _ => "Routine",
    };
}
