using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

public static class AdminFeature
{
    /// <summary>Staff roles and supervisors, managed by admins from Teams; remembers who is waiting for access.</summary>
    public static IServiceCollection AddAdminFeature(this IServiceCollection services)
    {
        // The turn-user resolver notes unknown senders through this store.
        services.TryAddSingleton<AccessRequests>();
        return services
            .AddSingleton<StaffPeople>()
            .AddSingleton<StaffChanges>()
            .AddSingleton<StaffCard>()
            .AddSingleton<Dialog, StaffChangeDialog>()
            .AddSingleton<ICardActionHandler, StaffCardActions>()
            .AddSingleton<IBotCommand, StaffCommand>()
            .AddSingleton<IBotCommand, StaffAddCommand>()
            .AddSingleton<IBotCommand, StaffRemoveCommand>()
            .AddSingleton<IBotCommand, StaffSupervisorCommand>();
    }
}
