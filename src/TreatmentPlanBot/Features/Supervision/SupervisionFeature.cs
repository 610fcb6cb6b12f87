using BotCore.Scheduling;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Charts;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Supervision;

/// <summary>When an admin makes someone a clinician's supervisor, their weekly card starts.</summary>
internal sealed class StartWeeklyCardOnAssignment(SupervisionSchedule schedule) : ISupervisorAssignments
{
    public Task SupervisorAssignedAsync(string tenantId, string supervisorId, CancellationToken cancellationToken) =>
        schedule.EnsureAsync(tenantId, supervisorId, null, cancellationToken);
}

public static class SupervisionFeature
{
    public static IServiceCollection AddSupervisionFeature(this IServiceCollection services)
    {
        services.AddOptions<SupervisionOptions>().BindConfiguration(SupervisionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddNotificationKind<SupervisionCardNotification>();
        services.AddScheduledWorkHandler<SupervisionCardHandler>(SupervisionSchedule.Kind);
        return services
            .AddOutcomeCharts()
            .AddSingleton<ISupervisionItemSource, RiskEventItems>()
            .AddSingleton<ISupervisionItemSource, OutcomeItems>()
            .AddSingleton<ISupervisionItemSource, ReviewItems>()
            .AddSingleton<SupervisionSchedule>()
            .AddSingleton<SupervisionCardBuilder>()
            .AddSingleton<ISupervisorAssignments, StartWeeklyCardOnAssignment>()
            .AddSingleton<ICardActionHandler, SupervisionCardActions>()
            .AddSingleton<IBotCommand, SupervisionCommand>()
            .AddSingleton<IBotCommand, SupervisionSettingsCommand>();
    }
}
