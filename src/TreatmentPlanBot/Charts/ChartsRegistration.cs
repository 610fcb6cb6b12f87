using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TreatmentPlanBot.Charts;

public static class ChartsRegistration
{
    /// <summary>Outcome charts, for every feature that shows one (safe to call from each).</summary>
    public static IServiceCollection AddOutcomeCharts(this IServiceCollection services)
    {
        services.TryAddSingleton<OutcomeChartRenderer>();
        services.TryAddSingleton<ObjectiveCharts>();
        return services;
    }
}
