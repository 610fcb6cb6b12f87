using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Features.CurrentInformation;

/// <summary>An optional question's answer: present once asked, with a null <see cref="Value"/> when it was skipped.</summary>
public sealed record Answer<T>(T? Value);

/// <summary>The questions of current information, in the order they are asked.</summary>
public enum CurrentInformationQuestion
{
    GivenName,
    FamilyName,
    PreferredName,
    Pronouns,
    Contact,
    EmergencyContact,
    CommunityCare,
    TreatedBefore,
    PastTreatmentNote,
    PastDiagnoses,
}

/// <summary>
/// Current information as it is being gathered, kept whole in the dialog's state (one JSON record, not a key per
/// answer). A null property is a question not answered yet, so the next question is always "the first one without an
/// answer": a conversation that resumes after a deployment, or a draft started from what a record already holds, asks
/// exactly what is still missing. A property renamed later reads back as unanswered and is asked again, never a crash.
/// </summary>
public sealed record CurrentInformationDraft
{
    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    public Answer<string>? PreferredName { get; init; }

    public Answer<string>? Pronouns { get; init; }

    public ContactDetails? Contact { get; init; }

    public Answer<EmergencyContact>? EmergencyContact { get; init; }

    public IReadOnlyList<CommunityCareProvider>? CommunityCare { get; init; }

    public bool? TreatedBefore { get; init; }

    public Answer<string>? PastTreatmentNote { get; init; }

    public IReadOnlyList<string>? PastDiagnoses { get; init; }

    /// <summary>The first question without an answer, or null when the draft is complete.</summary>
    public CurrentInformationQuestion? NextQuestion() =>
        Enum.GetValues<CurrentInformationQuestion>().Where(IsOpen).Select(q => (CurrentInformationQuestion?)q).FirstOrDefault();

    /// <summary>Whether the question still waits for an answer (the treatment note only once they were treated before).</summary>
    public bool IsOpen(CurrentInformationQuestion question) => question switch
    {
        CurrentInformationQuestion.GivenName => GivenName is null,
        CurrentInformationQuestion.FamilyName => FamilyName is null,
        CurrentInformationQuestion.PreferredName => PreferredName is null,
        CurrentInformationQuestion.Pronouns => Pronouns is null,
        CurrentInformationQuestion.Contact => Contact is null,
        CurrentInformationQuestion.EmergencyContact => EmergencyContact is null,
        CurrentInformationQuestion.CommunityCare => CommunityCare is null,
        CurrentInformationQuestion.TreatedBefore => TreatedBefore is null,
        CurrentInformationQuestion.PastTreatmentNote => TreatedBefore == true && PastTreatmentNote is null,
        _ => PastDiagnoses is null,
    };

    /// <summary>The finished information; only when <see cref="NextQuestion"/> is null.</summary>
    public CurrentInformationDetails ToDetails() => new(
        new PersonName(GivenName!, FamilyName!, PreferredName?.Value),
        Pronouns?.Value,
        Contact!,
        EmergencyContact?.Value,
        CommunityCare ?? [],
        TreatedBefore ?? false,
        PastTreatmentNote?.Value,
        PastDiagnoses ?? []);

    /// <summary>
    /// What a client's record already answers. An empty list or a missing contact is left unanswered, so
    /// "current info" asks about exactly the gaps (a missing emergency contact above all).
    /// </summary>
    public static CurrentInformationDraft FromProfile(ClientProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new CurrentInformationDraft
        {
            GivenName = profile.Name.Given,
            FamilyName = profile.Name.Family,
            PreferredName = new Answer<string>(profile.Name.Preferred),
            Pronouns = profile.Pronouns is { } pronouns ? new Answer<string>(pronouns) : null,
            Contact = profile.Contact.Phone is null && profile.Contact.Email is null ? null : profile.Contact,
            EmergencyContact = profile.EmergencyContacts.Count > 0 ? new Answer<EmergencyContact>(profile.EmergencyContacts[0]) : null,
            CommunityCare = profile.CommunityCare.Count > 0 ? profile.CommunityCare : null,
            TreatedBefore = profile.PastTreatment.Count > 0 ? true : null,
            PastTreatmentNote = profile.PastTreatment.Count > 0 ? new Answer<string>(profile.PastTreatment[0].Description) : null,
            PastDiagnoses = profile.PastDiagnoses.Count > 0 ? [.. profile.PastDiagnoses.Select(d => d.Description)] : null,
        };
    }
}

/// <summary>A client's current information as gathered in chat, before anything is saved.</summary>
public sealed record CurrentInformationDetails(
    PersonName Name,
    string? Pronouns,
    ContactDetails Contact,
    EmergencyContact? EmergencyContact,
    IReadOnlyList<CommunityCareProvider> CommunityCare,
    bool TreatedBefore,
    string? PastTreatmentNote,
    IReadOnlyList<string> PastDiagnoses)
{
    public ClientProfile ToProfile(string clientId) => FillGaps(ClientProfile.New(clientId, Name));

    /// <summary>
    /// The profile with what was missing filled in from these answers; whatever the profile already held is kept as
    /// it was (its extra contacts, a provider's organisation, a diagnosis's date), so filling a gap never loses detail.
    /// </summary>
    public ClientProfile FillGaps(ClientProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var filled = profile with
        {
            Pronouns = profile.Pronouns ?? Pronouns,
            Contact = profile.Contact.Phone is null && profile.Contact.Email is null ? Contact with { Address = profile.Contact.Address } : profile.Contact,
        };
        if (filled.EmergencyContacts.Count == 0 && EmergencyContact is { } contact)
        {
            filled = filled.AddEmergencyContact(contact);
        }

        if (filled.CommunityCare.Count == 0)
        {
            filled = CommunityCare.Aggregate(filled, (p, provider) => p.AddCommunityCare(provider));
        }

        if (filled.PastDiagnoses.Count == 0)
        {
            filled = PastDiagnoses.Aggregate(filled, (p, diagnosis) => p.AddPastDiagnosis(new PastDiagnosis(diagnosis)));
        }

        return filled.PastTreatment.Count == 0 && TreatedBefore
            ? filled.AddPastTreatment(new PastTreatment(PastTreatmentNote ?? "Treated before; no details given at screening."))
            : filled;
    }
}
