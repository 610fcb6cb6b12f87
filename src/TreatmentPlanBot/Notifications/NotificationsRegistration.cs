using BotCore.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The notifier, its store, its scheduled retries and the sender's later update.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AccessRequests>();
        services.TryAddSingleton<NotificationStore>();
        services.TryAddSingleton<Notifier>();
        services.AddNotificationKind<NotificationUpdate>();
        services.AddScheduledWorkHandler<NotificationWorkHandler>(Notifier.WorkKind);
        return services;
    }

    /// <summary>A kind of notification a feature sends (see <see cref="INotificationKind"/>).</summary>
    public static IServiceCollection AddNotificationKind<TKind>(this IServiceCollection services)
        where TKind : class, INotificationKind
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationKind, TKind>());
        return services;
    }
}
