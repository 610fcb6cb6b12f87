using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

/// <summary>The words for the three roles, as admins type them and as the bot says them.</summary>
public static class StaffRoleWords
{
    public static readonly IReadOnlyList<StaffRoles> Grantable = [StaffRoles.Clinician, StaffRoles.Supervisor, StaffRoles.Admin];

    public const string Choices = "clinician, supervisor or admin";

    public static StaffRoles? Parse(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "clinician" or "clinicians" or "therapist" => StaffRoles.Clinician,
        "supervisor" or "supervisors" => StaffRoles.Supervisor,
        "admin" or "admins" or "administrator" or "administrators" => StaffRoles.Admin,
        _ => null,
    };

    public static string Word(StaffRoles role) => role switch
    {
        StaffRoles.Clinician => "clinician",
        StaffRoles.Supervisor => "supervisor",
        StaffRoles.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Only single roles have a word."),
    };

    /// <summary>"clinician and supervisor", or "no role yet".</summary>
    public static string Describe(StaffRoles roles)
    {
        var words = Grantable.Where(r => (roles & r) == r).Select(Word).ToList();
        return words.Count switch
        {
            0 => "no role yet",
            1 => words[0],
            _ => string.Join(", ", words[..^1]) + " and " + words[^1],
        };
    }
}
