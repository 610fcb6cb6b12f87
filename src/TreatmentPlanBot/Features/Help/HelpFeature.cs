using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;

namespace TreatmentPlanBot.Features.Help;

public static class HelpFeature
{
    public static IServiceCollection AddHelpFeature(this IServiceCollection services) =>
        services.AddSingleton<IBotCommand, HelpCommand>();
}
