using System.Text.RegularExpressions;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>
/// Reads the free-text answers of intake loosely: people type contact details in many shapes, so the checks catch
/// what is clearly not a phone number or an email address and leave the rest to the clinician.
/// </summary>
public static partial class CurrentInformationParser
{
    public static readonly string[] SkipWords = ["skip", "none", "no", "n/a", "-"];

    private static readonly (string Word, CareProviderRole Role)[] RoleWords =
    [
        ("psychiatrist", CareProviderRole.Psychiatrist),
        ("gp", CareProviderRole.GeneralPractitioner),
        ("general practitioner", CareProviderRole.GeneralPractitioner),
        ("family doctor", CareProviderRole.GeneralPractitioner),
        ("doctor", CareProviderRole.GeneralPractitioner),
        ("case manager", CareProviderRole.CaseManager),
        ("case worker", CareProviderRole.CaseManager),
        ("program", CareProviderRole.Program),
        ("programme", CareProviderRole.Program),
    ];

    public static bool IsSkip(string? text) =>
        text is not null && SkipWords.Contains(text.Trim().TrimEnd('.', '!'), StringComparer.OrdinalIgnoreCase);

    /// <summary>A phone number, an email address, or both (in any order, separated by a space, comma or "and").</summary>
    public static ContactDetails? ParseContact(string text)
    {
        var email = EmailPattern().Match(text);
        var rest = email.Success ? text.Remove(email.Index, email.Length) : text;
        rest = Separators().Replace(rest, " ").Trim();
        string? phone = null;
        if (rest.Length > 0)
        {
            phone = ParsePhone(rest);
            if (phone is null)
            {
                return null;
            }
        }

        return email.Success || phone is not null ? new ContactDetails(phone, email.Success ? email.Value : null, null) : null;
    }

    /// <summary>"name, relationship, phone".</summary>
    public static EmergencyContact? ParseEmergencyContact(string text)
    {
        var parts = text.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0].Length > 100 || parts[1].Length > 60 || ParsePhone(parts[2]) is not { } phone)
        {
            return null;
        }

        return new EmergencyContact(parts[0], parts[1], phone);
    }

    /// <summary>Intake records the main people involved; the plan card shows them all, so the list stays short.</summary>
    public const int MaxCommunityCareProviders = 6;

    /// <summary>
    /// "role: name" entries separated by semicolons or new lines, e.g. "psychiatrist: Dr Lee; GP: Dr Okafor";
    /// null when an entry cannot be read or there are more than <see cref="MaxCommunityCareProviders"/>.
    /// </summary>
    public static IReadOnlyList<CommunityCareProvider>? ParseCommunityCare(string text)
    {
        var providers = new List<CommunityCareProvider>();
        foreach (var entry in text.Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var roleText = entry[..colon].Trim();
            var name = entry[(colon + 1)..].Trim();
            var role = RoleWords.FirstOrDefault(r => string.Equals(r.Word, roleText, StringComparison.OrdinalIgnoreCase));
            if (role.Word is null || name.Length is 0 or > 120)
            {
                return null;
            }

            providers.Add(new CommunityCareProvider(role.Role, name));
        }

        return providers.Count is > 0 and <= MaxCommunityCareProviders ? providers : null;
    }

    public static string Describe(CareProviderRole role) => role switch
    {
        CareProviderRole.GeneralPractitioner => "GP",
        CareProviderRole.CaseManager => "case manager",
        CareProviderRole.Program => "program",
        _ => "psychiatrist",
    };

    // International numbers run to 15 digits (ITU-T E.164); fewer than 7 is not a number anyone can call.
    private static string? ParsePhone(string text)
    {
        var candidate = text.Trim();
        var digits = candidate.Count(char.IsAsciiDigit);
        return PhonePattern().IsMatch(candidate) && digits is >= 7 and <= 15 ? candidate : null;
    }

    [GeneratedRegex(@"[^\s,;<>@]+@[^\s,;<>@]+\.[^\s,;<>@]+")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9(][0-9 ()\-.]*$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(^|\s)(and|or)(\s|$)|[,;/]", RegexOptions.IgnoreCase)]
    private static partial Regex Separators();
}
