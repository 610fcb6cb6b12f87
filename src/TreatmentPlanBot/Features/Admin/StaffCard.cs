using System.Globalization;
using System.Text.Json;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

/// <summary>The admin's view of the clinic's staff and of the people waiting for access, with buttons to grant roles.</summary>
public sealed class StaffCard(StaffPeople people, StaffDirectory staff, CardRenderer cards)
{
    public const string Template = "staff";

    // Keeps the card under Teams' 28 KB with long names and every button (see the worst-case sample); typed
    // commands reach everyone beyond.
    public const int MaxStaffShown = 10;
    public const int MaxWaitingShown = 6;

    public async Task<JsonElement> RenderAsync(string tenantId, string? notice, CancellationToken cancellationToken) =>
        cards.Render(Template, await BuildAsync(tenantId, notice, cancellationToken).ConfigureAwait(false));

    public async Task<BotCore.Schema.Activity> MessageAsync(string tenantId, string? notice, CancellationToken cancellationToken) =>
        cards.Message(Template, await BuildAsync(tenantId, notice, cancellationToken).ConfigureAwait(false), "Clinic staff");

    private async Task<object> BuildAsync(string tenantId, string? notice, CancellationToken cancellationToken)
    {
        var everyone = await people.EveryoneAsync(tenantId, includeWaiting: true, cancellationToken).ConfigureAwait(false);
        var members = await staff.ListAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var names = members.ToDictionary(m => m.UserId, m => m.DisplayName, StringComparer.OrdinalIgnoreCase);
        var supervisors = members.ToDictionary(m => m.UserId, m => m.SupervisorId, StringComparer.OrdinalIgnoreCase);
        var current = everyone.Where(p => p.IsStaff).ToList();
        var roles = current.ToDictionary(p => p.UserId, p => p.Roles, StringComparer.OrdinalIgnoreCase);
        var waiting = everyone.Where(p => !p.IsStaff).ToList();

        return new
        {
            notice,
            staffCount = current.Count,
            waitingCount = waiting.Count,
            staff = current.Take(MaxStaffShown).Select(p => new
            {
                displayName = CardText.Escape(p.DisplayName),
                roles = StaffRoleWords.Describe(p.Roles),
                supervisor = supervisors.GetValueOrDefault(p.UserId) is { } supervisorId ? CardText.Escape(names.GetValueOrDefault(supervisorId, "someone no longer on staff")) : null,
                attention = Attention(p, supervisors.GetValueOrDefault(p.UserId), roles),
                grants = Grants(p),
            }),
            moreStaff = current.Count > MaxStaffShown
                ? $"…and {current.Count - MaxStaffShown} more. Type **staff add <name> as <role>** for anyone not shown."
                : null,
            waiting = waiting.Take(MaxWaitingShown).Select(p => new
            {
                displayName = CardText.Escape(p.DisplayName),
                seen = $"First wrote to me on {Day(p.WaitingSince!.Value)}",
                grants = Grants(p),
            }),
            moreWaiting = waiting.Count > MaxWaitingShown
                ? $"…and {waiting.Count - MaxWaitingShown} more, who wrote earlier. Type **staff add <name> as <role>** for them."
                : null,
        };
    }

    // Risk alerts go to a clinician's supervisor: a clinician without a working one is worth an admin's attention.
    private static string? Attention(StaffCandidate person, string? supervisorId, Dictionary<string, StaffRoles> roles)
    {
        if ((person.Roles & StaffRoles.Clinician) == 0)
        {
            return null;
        }

        if (supervisorId is null)
        {
            return "no supervisor assigned, so risk alerts about their clients reach only them";
        }

        return (roles.GetValueOrDefault(supervisorId) & StaffRoles.Supervisor) == 0
            ? "their supervisor no longer holds the supervisor role; assign a new one"
            : null;
    }

    private static object[] Grants(StaffCandidate person) =>
    [
        .. StaffRoleWords.Grantable.Where(r => (person.Roles & r) == 0).Select(r => new
        {
            userId = person.UserId,
            role = StaffRoleWords.Word(r),
            title = $"Make {StaffRoleWords.Word(r)}",
        }),
    ];

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
