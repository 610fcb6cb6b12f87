using BotCore.Dialogs;
using BotCore.Scheduling;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Invitations;

/// <summary>"invite &lt;client&gt;": link a client record to the client's own Teams account.</summary>
public sealed class InviteCommand : IBotCommand
{
    public string Name => "invite";

    public string Usage => "invite [client]";

    public string Description => "Invite a client to connect their Teams account, for check-ins and their plan";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(InviteDialog.DialogId, argument.Length == 0 ? null : argument, cancellationToken);
}

public static class InvitationsFeature
{
    public static IServiceCollection AddInvitationsFeature(this IServiceCollection services)
    {
        services.AddOptions<InvitationOptions>().BindConfiguration(InvitationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddNotificationKind<InvitationCardNotification>();
        services.AddNotificationKind<InvitationAnswerNotification>();
        services.AddScheduledWorkHandler<InvitationReminderHandler>(InvitationReminderHandler.Kind);
        services.AddScheduledWorkHandler<InvitationExpiryHandler>(InvitationExpiryHandler.Kind);
        return services
            .AddSingleton<Invitations>()
            .AddSingleton<InvitationSender>()
            .AddSingleton<Dialog, InviteDialog>()
            .AddSingleton<ICardActionHandler, InvitationActions>()
            .AddSingleton<IBotCommand, InviteCommand>();
    }
}
