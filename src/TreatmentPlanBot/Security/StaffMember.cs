using BotCore.Schema;

namespace TreatmentPlanBot.Security;

[Flags]
public enum StaffRoles
{
    None = 0,
    Clinician = 1,
    Supervisor = 2,
    Admin = 4,
}

/// <summary>A member of the clinic's staff, keyed by their Entra object id within the tenant.</summary>
public sealed record StaffMember(string TenantId, string UserId, string DisplayName, StaffRoles Roles)
{
    /// <summary>The supervisor of a clinician (their user id), who receives progress cards and risk alerts.</summary>
    public string? SupervisorId { get; init; }

    /// <summary>Problem areas this clinician treats (template area ids); used to check fit at screening.</summary>
    public IReadOnlyList<string> TreatedAreas { get; init; } = [];

    public IReadOnlyList<string> NotTreatedAreas { get; init; } = [];

    /// <summary>Where to reach this person proactively (risk alerts, digests): their personal chat with the bot.</summary>
    public ConversationReference? PersonalChat { get; init; }

    public bool Has(StaffRoles role) => (Roles & role) == role;
}
