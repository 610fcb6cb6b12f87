using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Notifications;

namespace TreatmentPlanBot.Features.Signing;

public static class SigningFeature
{
    /// <summary>The plan as a contract: sending a version for signature, the client's, clinician's and supervisor's signatures.</summary>
    public static IServiceCollection AddSigningFeature(this IServiceCollection services)
    {
        services.AddOptions<PlanSigningOptions>().BindConfiguration(PlanSigningOptions.SectionName);
        services.AddNotificationKind<SigningNotification>();
        return services
            .AddSingleton<CoSignatureQueue>()
            .AddSingleton<TreatmentPlanBot.Features.Supervision.ISupervisionItemSource, CoSignatureSupervisionItems>()
            .AddSingleton<ICardActionHandler, SigningActions>()
            .AddSingleton<ICardActionHandler, ClientSigningActions>();
    }
}
