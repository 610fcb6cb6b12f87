namespace TreatmentPlanBot.People;

/// <summary>
/// Someone in the clinic's Microsoft 365 organisation, as the directory knows them. <see cref="UserId"/> is their
/// Entra object id: the id Teams sends as aadObjectId and the one staff entries and client enrolments keep.
/// Names and emails are shown to the person picking; they are never logged.
/// </summary>
public sealed record Person(string TenantId, string UserId, string DisplayName, string? Email);
