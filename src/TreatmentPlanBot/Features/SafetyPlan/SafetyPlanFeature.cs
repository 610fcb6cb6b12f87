using BotCore;
using System.Text.Json;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.SafetyPlan;

/// <summary>"safety plan [client]": the brief safety assessment and safety plan form for one of the clinician's clients.</summary>
internal sealed class SafetyPlanCommand(ClientLookup lookup, SafetyPlanActions actions) : IBotCommand
{
    public string Name => "safety plan";

    public string Usage => "safety plan [client]";

    public string Description => "A brief safety assessment and the client's safety plan (saved on their file, shared with them)";

    public StaffRoles Audience => StaffRoles.Clinician;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        var found = argument.Length == 0 ? [] : await lookup.FindAsync(context.User, argument, cancellationToken).ConfigureAwait(false);
        if (found.Count != 1)
        {
            var why = argument.Length == 0
                ? "Whose safety plan? Say safety plan and the client's name, e.g. safety plan Jordan."
                : found.Count == 0
                    ? $"I couldn't find “{argument}” among your clients. Say caseload to see them."
                    : $"More than one of your clients matches “{argument}”: {string.Join(", ", found.Select(f => f.DisplayName))}. Please say the full name.";
            await context.Turn.SendActivityAsync(why, cancellationToken).ConfigureAwait(false);
            return;
        }

        var press = new CardActionContext(context.Turn, SafetyPlanActions.Start, JsonSerializer.SerializeToElement(new { clientId = found[0].ClientId }), context.User, context.Dialogs);
        if (await actions.SendFormAsync(press, found[0].ClientId, null, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            await context.Turn.SendActivityAsync(refused, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>"my safety plan": a client reads the latest safety plan they made with their clinician.</summary>
internal sealed class MySafetyPlanCommand(ClientFiles files, CardRenderer cards, IOptions<ClinicOptions> clinic) : IBotCommand
{
    public const string NoneYet = "You don't have a safety plan here yet. Your clinician can make one with you. If you need help now, call or text the crisis line: ";

    public string Name => "my safety plan";

    public string Usage => "my safety plan";

    public string Description => "Read the safety plan you made with your clinician: what helps, who to ask, who to call";

    public StaffRoles Audience => StaffRoles.None;

    public bool ForClients => true;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        if (context.User.Client is not { } link)
        {
            await context.Turn.SendActivityAsync(BotReplies.OnlyForClients, cancellationToken).ConfigureAwait(false);
            return;
        }

        var opened = await files.OpenOwnAsync(context.User.Caller, link.ClientId, SafetyPlans.RecordName, cancellationToken).ConfigureAwait(false);
        if (opened.File is not { } file)
        {
            await context.Turn.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return;
        }

        var plan = await file.GetSafetyPlanAsync(cancellationToken).ConfigureAwait(false);
        await context.Turn.SendActivityAsync(plan is null
            ? ActivityExtensions.CreateMessage(NoneYet + clinic.Value.CrisisLine)
            : cards.Message(SafetyPlanCards.ForClient, SafetyPlanCards.ClientView(plan, context.Turn.Clock(), clinic.Value.CrisisLine, null), "Your safety plan"), cancellationToken).ConfigureAwait(false);
    }
}

public static class SafetyPlanFeature
{
    /// <summary>The brief safety assessment and safety plan: its form and buttons, the client's copy, and the two commands.</summary>
    public static IServiceCollection AddSafetyPlanFeature(this IServiceCollection services) => services
        .AddSingleton<SafetyPlans>()
        .AddSingleton<SafetyPlanActions>()
        .AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<SafetyPlanActions>())
        .AddNotificationKind<SafetyPlanNotification>()
        .AddSingleton<IBotCommand, SafetyPlanCommand>()
        .AddSingleton<IBotCommand, MySafetyPlanCommand>();
}
