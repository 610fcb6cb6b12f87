using BotCore;
using BotCore.Dialogs;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Bot;

/// <summary>A typed command ("show plan Alex"). Commands are registered by features and listed by help.</summary>
public interface IBotCommand
{
    /// <summary>The words that start the command, e.g. "show plan".</summary>
    string Name { get; }

    /// <summary>How to type it, e.g. "show plan &lt;client&gt;".</summary>
    string Usage { get; }

    string Description { get; }

    /// <summary>Who may use it; help lists only what the user may use. <see cref="StaffRoles.None"/>: anyone.</summary>
    StaffRoles Audience { get; }

    /// <summary>
    /// A command for clients speaking for themselves (a linked client, <see cref="TurnUser.IsClient"/>). A client may use
    /// only these and <c>help</c>; staff and everyone else never see them.
    /// </summary>
    bool ForClients => false;

    Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken);
}

public sealed record CommandContext(ITurnContext Turn, DialogContext Dialogs, TurnUser User);
