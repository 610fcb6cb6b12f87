using System.Globalization;
using System.Text.Json;
using BotCore.Cards;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

/// <summary>The admin's view of the clinic's staff and of the people waiting for access, with buttons to grant roles.</summary>
public sealed class StaffCard(StaffPeople people, StaffDirectory staff, CardRenderer cards)
{
    public const string Template = "staff";

    // At most this many of each, and fewer when their names are long or in a script that weighs more as sent: the card
    // keeps to the page budget by measured size (CardPages). Typed commands reach everyone not shown.
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

        // The people waiting are what an admin acts on, so they get room first; staff fill what is left.
        var waitingShown = CardPages.MostThatFit(Math.Min(waiting.Count, MaxWaitingShown), MaxWaitingShown,
            count => cards.Expand(Template, View(Math.Min(current.Count, 1), count)));
        var staffShown = CardPages.MostThatFit(Math.Min(current.Count, MaxStaffShown), MaxStaffShown,
            count => cards.Expand(Template, View(count, waitingShown)));
        return View(staffShown, waitingShown);

        object View(int staffShown, int waitingShown) => new
        {
            notice,
            staffCount = current.Count,
            waitingCount = waiting.Count,
            staff = current.Take(staffShown).Select(p => new
            {
                displayName = CardText.Escape(p.DisplayName),
                roles = StaffRoleWords.Describe(p.Roles),
                supervisor = supervisors.GetValueOrDefault(p.UserId) is { } supervisorId ? CardText.Escape(names.GetValueOrDefault(supervisorId, "someone no longer on staff")) : null,
                attention = Attention(p, supervisors.GetValueOrDefault(p.UserId), roles),
                grants = Grants(p),
            }),
            moreStaff = current.Count > staffShown
                ? $"…and {current.Count - staffShown} more. Type **staff add [name] as [role]** for anyone not shown."
                : null,
            waiting = waiting.Take(waitingShown).Select(p => new
            {
                displayName = CardText.Escape(p.DisplayName),
                seen = $"First wrote to me on {Day(p.WaitingSince!.Value)}",
                grants = Grants(p),
            }),
            moreWaiting = waiting.Count > waitingShown
                ? $"…and {waiting.Count - waitingShown} more, who wrote earlier. Type **staff add [name] as [role]** for them."
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
