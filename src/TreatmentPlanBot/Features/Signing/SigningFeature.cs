using BotCore.Scheduling;
using BotCore.Dialogs;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Notifications;

namespace TreatmentPlanBot.Features.Signing;

public static class SigningFeature
{
    /// <summary>The plan as a contract: sending a version for signature, the client's, clinician's and supervisor's signatures, and "sign" typed by either.</summary>
    public static IServiceCollection AddSigningFeature(this IServiceCollection services)
    {
        services.AddOptions<PlanSigningOptions>().BindConfiguration(PlanSigningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScheduledWorkHandler<SignatureReminderHandler>(SignatureFollowUps.ReminderKind);
        services.AddScheduledWorkHandler<SignatureExpiryHandler>(SignatureFollowUps.ExpiryKind);
        services.AddScheduledWorkHandler<CoSignatureReminderHandler>(CoSignatureFollowUps.ReminderKind);
        services.AddSingleton<SigningNotification>().AddNotificationKind<SigningNotification>();
        return services
            .AddSingleton<SignatureFollowUps>()
            .AddSingleton<CoSignatureFollowUps>()
            .AddSingleton<SigningActions>()
            .AddSingleton<Dialog, SignDialog>()
            .AddSingleton<IBotCommand, SignCommand>()
            .AddSingleton<IBotCommand, ClientSignCommand>()
            .AddSingleton<CoSignatureQueue>()
            .AddSingleton<TreatmentPlanBot.Features.Supervision.ISupervisionItemSource, CoSignatureSupervisionItems>()
            .AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<SigningActions>())
            .AddSingleton<ICardActionHandler, ClientSigningActions>();
    }
}
