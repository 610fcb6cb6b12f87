using BotCore;
using BotCore.Dialogs;
using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Handover;

/// <summary>"reassign [client]": admins and supervisors (the handler checks which clients each may hand over).</summary>
public sealed class ReassignCommand : IBotCommand
{
    public string Name => "reassign";

    public string Usage => "reassign [client]";

    public string Description => "Hand a client over to another clinician (admins, and a clinician's supervisor)";

    // Admins or supervisors: one role flag cannot say "either", so the command checks and says who may.
    public StaffRoles Audience => StaffRoles.None;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        if (!context.User.Is(StaffRoles.Admin) && !context.User.Is(StaffRoles.Supervisor))
        {
            await context.Turn.SendActivityAsync(ReassignActions.NotYours, cancellationToken).ConfigureAwait(false);
            return;
        }

        await context.Dialogs.BeginDialogAsync(ReassignDialog.DialogId, ClientCommandDialog.Parse(argument), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>"close [client]" or "close [client] referral".</summary>
public sealed class CloseCommand : IBotCommand
{
    public string Name => "close";

    public string Usage => "close [client]";

    public string Description => "Close a client's plan: discharge, or referral on (add \"referral\" to start with it)";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(CloseDialog.DialogId, ClientCommandDialog.Parse(argument, "referral"), cancellationToken);
}

public static class HandoverFeature
{
    public static IServiceCollection AddHandoverFeature(this IServiceCollection services)
    {
        services.AddNotificationKind<HandoverNotification>();
        return services
            .AddSingleton<LifecycleListeners>()
            .AddSingleton<ClosingSummary>()
            .AddSingleton<ReassignActions>()
            .AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<ReassignActions>())
            .AddSingleton<CloseActions>()
            .AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<CloseActions>())
            .AddSingleton<Dialog, ReassignDialog>()
            .AddSingleton<Dialog, CloseDialog>()
            .AddSingleton<IBotCommand, ReassignCommand>()
            .AddSingleton<IBotCommand, CloseCommand>();
    }
}
