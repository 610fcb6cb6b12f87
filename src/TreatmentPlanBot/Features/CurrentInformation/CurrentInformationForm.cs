using System.Globalization;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Features.CurrentInformation;

/// <summary>What the current-information card shows and what comes back from it: the editable fields as text, and the overview entries to add.</summary>
public sealed record CurrentInformationForm(
    string Phone,
    string Email,
    string Address,
    string EmergencyContacts,
    string CommunityCare,
    string PastDiagnoses,
    string PastTreatment,
    string NewEvent,
    string NewEventDate,
    string NewTrigger,
    string NewAvoid)
{
    public static CurrentInformationForm From(ClientProfile profile, DateOnly today) => new(
        profile.Contact.Phone ?? string.Empty,
        profile.Contact.Email ?? string.Empty,
        profile.Contact.Address ?? string.Empty,
        string.Join("\n", profile.EmergencyContacts.Select(Line)),
        string.Join("\n", profile.CommunityCare.Select(Line)),
        string.Join("\n", profile.PastDiagnoses.Select(d => d.Description)),
        string.Join("\n", profile.PastTreatment.Select(t => t.Description)),
        string.Empty,
        today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string.Empty,
        string.Empty);

    /// <summary>
    /// The profile with these values, or the errors in the clinician's words. A line left as it was keeps everything the
    /// record held for it (a provider's organisation and phone, a diagnosis's date and code), since the form shows less.
    /// </summary>
    public (ClientProfile? Profile, IReadOnlyList<string> Errors, string What) Apply(ClientProfile profile, DateOnly today)
    {
        var errors = new List<string>();
        var phone = Phone.Trim();
        var email = Email.Trim();
        if (phone.Length > 0 && CurrentInformationParser.ParseContact(phone)?.Phone is null)
        {
            errors.Add("The phone number doesn't read as one (digits, spaces, + and brackets; 7 to 15 digits).");
        }

        if (email.Length > 0 && CurrentInformationParser.ParseContact(email)?.Email is null)
        {
            errors.Add("The email address doesn't read as one.");
        }

        var contacts = new List<EmergencyContact>();
        foreach (var (line, number) in Lines(EmergencyContacts))
        {
            if (profile.EmergencyContacts.FirstOrDefault(c => Line(c) == line) is { } kept)
            {
                contacts.Add(kept);
            }
            else if (CurrentInformationParser.ParseEmergencyContact(line) is { } contact)
            {
                contacts.Add(contact);
            }
            else
            {
                errors.Add($"Emergency contact line {number} doesn't read as \"name, relationship, phone\".");
            }
        }

        var providers = new List<CommunityCareProvider>();
        foreach (var (line, number) in Lines(CommunityCare))
        {
            if (profile.CommunityCare.FirstOrDefault(p => Line(p) == line) is { } kept)
            {
                providers.Add(kept);
            }
            else if (CurrentInformationParser.ParseCommunityCare(line) is [var provider])
            {
                providers.Add(provider);
            }
            else
            {
                errors.Add($"Community care line {number} doesn't read as \"role: name\" with a role of psychiatrist, GP, case manager or program.");
            }
        }

        if (providers.Count > CurrentInformationParser.MaxCommunityCareProviders)
        {
            errors.Add($"Keep community care to the {CurrentInformationParser.MaxCommunityCareProviders} main providers.");
        }

        var overview = profile.TraumaOverview;
        var newEvent = NewEvent.Trim();
        if (newEvent.Length > 0)
        {
            if (!DateOnly.TryParseExact(NewEventDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var disclosed) || disclosed > today)
            {
                errors.Add("Give the date the event was disclosed: today or earlier.");
            }
            else
            {
                overview = overview with { SignificantEvents = [.. overview.SignificantEvents, new DisclosedEvent(disclosed, newEvent)] };
            }
        }

        if (NewTrigger.Trim() is { Length: > 0 } trigger)
        {
            overview = overview with { Triggers = [.. overview.Triggers, trigger] };
        }

        if (NewAvoid.Trim() is { Length: > 0 } avoid)
        {
            overview = overview with { InterventionsToAvoid = [.. overview.InterventionsToAvoid, avoid] };
        }

        if (errors.Count > 0)
        {
            return (null, errors, string.Empty);
        }

        var changed = profile with
        {
            Contact = profile.Contact with { Phone = Blank(phone), Email = Blank(email), Address = Blank(Address.Trim()) },
            EmergencyContacts = contacts,
            CommunityCare = providers,
            PastDiagnoses = [.. Lines(PastDiagnoses).Select(l => profile.PastDiagnoses.FirstOrDefault(d => d.Description == l.Text) ?? new PastDiagnosis(l.Text))],
            PastTreatment = [.. Lines(PastTreatment).Select(l => profile.PastTreatment.FirstOrDefault(t => t.Description == l.Text) ?? new PastTreatment(l.Text))],
            TraumaOverview = overview,
        };
        var infoChanged = !SameInformation(profile, changed);
        var overviewChanged = !ReferenceEquals(overview, profile.TraumaOverview);
        var what = (infoChanged, overviewChanged) switch
        {
            (true, true) => "current information and overview",
            (true, false) => "current information",
            (false, true) => "overview",
            _ => string.Empty,
        };
        return (changed, [], what);
    }

    private static bool SameInformation(ClientProfile a, ClientProfile b) =>
        a.Contact == b.Contact
        && a.EmergencyContacts.SequenceEqual(b.EmergencyContacts)
        && a.CommunityCare.SequenceEqual(b.CommunityCare)
        && a.PastDiagnoses.SequenceEqual(b.PastDiagnoses)
        && a.PastTreatment.SequenceEqual(b.PastTreatment);

    private static string Line(EmergencyContact contact) => $"{contact.Name}, {contact.Relationship}, {contact.Phone}";

    private static string Line(CommunityCareProvider provider) => $"{CurrentInformationParser.Describe(provider.Role)}: {provider.Name}";

    private static string? Blank(string text) => text.Length == 0 ? null : text;

    private static IEnumerable<(string Text, int Number)> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select((l, i) => (l, i + 1));
}
