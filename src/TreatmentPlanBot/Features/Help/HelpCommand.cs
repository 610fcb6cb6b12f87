using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Help;

/// <summary>"help": the commands this user may use, as a card. Help inside a dialog is the dialog's own.</summary>
public sealed class HelpCommand(IServiceProvider services, CardRenderer cards) : IBotCommand
{
    public string Name => "help";

    public string Usage => "help";

    public string Description => "What I can do and how to ask";

    public StaffRoles Audience => StaffRoles.None;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        // Resolved here, not injected: the router holds every command, this one included.
        var router = services.GetRequiredService<CommandRouter>();
        var isClient = context.User.IsClient;
        var available = router.Commands
            .Where(c => c.Name == Name || (c.ForClients == isClient && (c.Audience == StaffRoles.None || context.User.Is(c.Audience))))
            .OrderBy(c => c.Name == "help" ? 1 : 0)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new { command = c.Usage, description = c.Description })
            .ToList();
        var intro = isClient
            ? "Here is what you can do with me. What we talk about stays in this personal chat."
            : context.User.Staff is null
                ? "You're not enrolled as staff yet, so most commands are closed to you. Ask your clinic's admin to add you."
                : "Type a command in this chat. Anything about a client stays in this personal chat.";
        return context.Turn.SendActivityAsync(cards.Message("help", new { title = "What I can do", intro, commands = available }, "Help"), cancellationToken);
    }
}
