using System.ComponentModel.DataAnnotations;

namespace TreatmentPlanBot.Security;

/// <summary>The clinic's own settings. Bound from the "Clinic" section.</summary>
public sealed class ClinicOptions
{
    public const string SectionName = "Clinic";

    /// <summary>Entra object ids of users who are admins from the start, so the first admin can enrol everyone else.</summary>
    public List<string> BootstrapAdmins { get; set; } = [];

    /// <summary>The clinic's name as people outside the staff read it (on a client's invitation).</summary>
    [Required]
    public string Name { get; set; } = "the clinic";

    /// <summary>The crisis line shown with safety steps and to clients after a risk answer (988 in the US).</summary>
    [Required]
    public string CrisisLine { get; set; } = "988 Suicide & Crisis Lifeline: call or text 988";

    /// <summary>What a client should do out of hours, shown to them with the crisis line after a risk answer in a check-in.</summary>
    [Required]
    public string AfterHours { get; set; } = "Outside the clinic's opening hours, if you're in danger call your local emergency number (911 in the US) or go to the nearest emergency department.";

    /// <summary>The clinic's safety steps, shown to the clinician the moment a risk flag fires.</summary>
    public List<string> SafetySteps { get; set; } =
    [
        "Stay with the client and ask directly about suicidal thoughts, plans, intent and access to means.",
        "If there is imminent danger, call emergency services (911 in the US) and do not leave the client alone.",
        "Complete a full safety assessment and a safety plan with the client before the session ends.",
        "Tell your supervisor today and record what was done.",
    ];

    /// <summary>Seed a demo clinic with synthetic clients at start-up (Development only).</summary>
    public bool SeedDemoData { get; set; }

    public DemoClinicOptions Demo { get; set; } = new();
}

/// <summary>Who the demo clinic is for: by default the Microsoft 365 Agents Playground's tenant and user.</summary>
public sealed class DemoClinicOptions
{
    public string TenantId { get; set; } = "00000000-0000-0000-0000-0000000000001";

    public string ClinicianUserId { get; set; } = "00000000-0000-0000-0000-0000000000020";
}
