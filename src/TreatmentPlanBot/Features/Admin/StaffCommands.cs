using BotCore;
using System.Text.RegularExpressions;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

/// <summary>"staff": the clinic's staff and the people waiting for access, as a card with buttons to grant roles.</summary>
public sealed class StaffCommand(StaffCard card, StaffChanges changes) : IBotCommand
{
    public string Name => "staff";

    public string Usage => "staff";

    public string Description => "The clinic's staff and the people waiting for access, with buttons to grant roles";

    public StaffRoles Audience => StaffRoles.Admin;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        await changes.RecordBootstrapAdminAsync(context.User.Caller, context.User.Staff!, context.User.StaffETag,
            context.Turn.Activity.GetConversationReference() with { ActivityId = null }, cancellationToken).ConfigureAwait(false);
        var message = await card.MessageAsync(context.User.Caller.TenantId, null, cancellationToken).ConfigureAwait(false);
        await context.Turn.SendActivityAsync(message, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The typed staff commands: each parses its words and hands the change to <see cref="StaffChangeDialog"/>.</summary>
public abstract partial class StaffChangeCommand(StaffChanges changes) : IBotCommand
{
    public abstract string Name { get; }

    public abstract string Usage { get; }

    public abstract string Description { get; }

    public StaffRoles Audience => StaffRoles.Admin;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        var request = Parse(argument);
        if (request is null)
        {
            await context.Turn.SendActivityAsync(
                $"Please type it as **{Usage}**, for example **{Example}**.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await changes.RecordBootstrapAdminAsync(context.User.Caller, context.User.Staff!, context.User.StaffETag,
            context.Turn.Activity.GetConversationReference() with { ActivityId = null }, cancellationToken).ConfigureAwait(false);

        await context.Dialogs.BeginDialogAsync(StaffChangeDialog.DialogId, request, cancellationToken).ConfigureAwait(false);
    }

    protected abstract string Example { get; }

    protected abstract StaffChangeRequest? Parse(string argument);

    protected static StaffRoles? Role(Match match) => match.Success ? StaffRoleWords.Parse(match.Groups["role"].Value) : null;

    // Greedy names split at the last keyword, so "staff add Ana as Sousa as clinician" names "Ana as Sousa".
    [GeneratedRegex(@"^(?<who>.+)\s+as\s+(?:an?\s+)?(?<role>\S+)$", RegexOptions.IgnoreCase)]
    protected static partial Regex AddPattern();

    [GeneratedRegex(@"^(?<who>.+)\s+role\s+(?<role>\S+)$", RegexOptions.IgnoreCase)]
    protected static partial Regex RemovePattern();

    [GeneratedRegex(@"^(?<who>.+?)\s+is\s+(?<supervisor>.+)$", RegexOptions.IgnoreCase)]
    protected static partial Regex SupervisorPattern();
}

public sealed class StaffAddCommand(StaffChanges changes) : StaffChangeCommand(changes)
{
    public override string Name => "staff add";

    public override string Usage => "staff add [name or id] as clinician|supervisor|admin";

    public override string Description => "Give someone a role (people waiting for access included)";

    protected override string Example => "staff add Robin Example as clinician";

    protected override StaffChangeRequest? Parse(string argument)
    {
        var match = AddPattern().Match(argument);
        return Role(match) is { } role ? new StaffChangeRequest(StaffChangeKind.Grant, match.Groups["who"].Value.Trim(), role) : null;
    }
}

public sealed class StaffRemoveCommand(StaffChanges changes) : StaffChangeCommand(changes)
{
    public override string Name => "staff remove";

    public override string Usage => "staff remove [name or id] role clinician|supervisor|admin";

    public override string Description => "Take a role away from a staff member";

    protected override string Example => "staff remove Robin Example role supervisor";

    protected override StaffChangeRequest? Parse(string argument)
    {
        var match = RemovePattern().Match(argument);
        return Role(match) is { } role ? new StaffChangeRequest(StaffChangeKind.RemoveRole, match.Groups["who"].Value.Trim(), role) : null;
    }
}

public sealed class StaffSupervisorCommand(StaffChanges changes) : StaffChangeCommand(changes)
{
    public override string Name => "staff supervisor";

    public override string Usage => "staff supervisor [clinician name or id] is [supervisor name or id]";

    public override string Description => "Assign a clinician's supervisor, who receives their progress cards and risk alerts";

    protected override string Example => "staff supervisor Robin Example is Sam Supervisor";

    protected override StaffChangeRequest? Parse(string argument)
    {
        var match = SupervisorPattern().Match(argument);
        return match.Success
            ? new StaffChangeRequest(StaffChangeKind.AssignSupervisor, match.Groups["who"].Value.Trim(), SupervisorQuery: match.Groups["supervisor"].Value.Trim())
            : null;
    }
}
