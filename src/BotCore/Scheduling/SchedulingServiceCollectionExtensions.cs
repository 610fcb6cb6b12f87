using BotCore.Scheduling;
using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// The durable scheduler: <see cref="WorkScheduler"/> to store items, and a background dispatcher that runs them with the
    /// handlers registered by <see cref="AddScheduledWorkHandler{THandler}"/>. Needs <see cref="ITableStore"/> (AddBotStorage).
    /// Binds <see cref="ScheduledWorkOptions"/> from "Scheduler", validated at start-up. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddScheduledWork(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ScheduledWorkDispatcher)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ScheduledWorkOptions>().BindConfiguration(ScheduledWorkOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScheduledWorkOptions>, ScheduledWorkOptionsValidator>());
        services.TryAddSingleton(sp => new ScheduledWorkTable(sp.GetRequiredService<ITableStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ScheduledWorkKinds(sp.GetServices<ScheduledWorkKindRegistration>()));
        services.TryAddSingleton(sp => new ScheduledWorkDispatcher(
            sp.GetRequiredService<ScheduledWorkTable>(),
            sp.GetRequiredService<ScheduledWorkKinds>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ScheduledWorkOptions>>(),
            sp.GetRequiredService<ILogger<ScheduledWorkDispatcher>>()));
        services.TryAddSingleton(sp => new WorkScheduler(
            sp.GetRequiredService<ScheduledWorkTable>(),
            sp.GetRequiredService<ScheduledWorkKinds>(),
            sp.GetRequiredService<ScheduledWorkDispatcher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ScheduledWorkOptions>>()));
        services.AddHostedService<ScheduledWorkService>();
        return services;
    }

    /// <summary>
    /// Runs items of <paramref name="kind"/> with <typeparamref name="THandler"/> (scoped: one instance per item). One handler
    /// per kind; a second registration of a kind fails at start-up. Also calls <see cref="AddScheduledWork"/>.
    /// </summary>
    public static IServiceCollection AddScheduledWorkHandler<THandler>(this IServiceCollection services, string kind)
        where THandler : class, IScheduledWorkHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ScheduledWorkKinds.Validate(kind);
        services.AddScheduledWork();
        services.AddSingleton(new ScheduledWorkKindRegistration(kind));
        services.AddKeyedScoped<IScheduledWorkHandler, THandler>(kind);
        return services;
    }
}
