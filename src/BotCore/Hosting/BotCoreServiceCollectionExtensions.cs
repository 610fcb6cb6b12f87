using BotCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BotCore.Hosting;

public static class BotCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the inbound runtime: <see cref="BotOptions"/> bound from the configuration root (Bot Framework setting
    /// names) and validated at start-up, token validation, and <see cref="CloudAdapter"/> (also as <see cref="BotAdapter"/>).
    /// The application registers its <see cref="IBot"/>. Also the readiness check behind <c>/readyz</c> (the table store answers).
    /// </summary>
    public static IServiceCollection AddBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BotOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotOptionsValidator>());

        // Microsoft.IdentityModel 8 refreshes signing keys in the background by default, so a request signed with a
        // freshly rotated key would get 401 while the refresh runs. The library's switch makes the refresh that an
        // unknown key id requests (rate-limited to one per five minutes) finish before the token is checked again.
        AppContext.SetSwitch(BotAuthenticator.BlockingMetadataRefreshSwitch, true);
        // Inbound requests wait on a metadata fetch; a hung key endpoint must fail them well before the channel gives up.
        services.AddHttpClient(BotAuthenticator.MetadataHttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<BotAuthenticator>();
        services.TryAddSingleton<CloudAdapter>();
        services.TryAddSingleton<BotAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        services.AddHostedService<UnauthenticatedLoopbackGuard>();
        services.AddHostedService<AnyTenantWarning>();

        services.AddBotConnector();

        // Once, like everything above: two checks of one name fail health checks as a whole.
        if (services.All(d => d.ServiceType != typeof(TableStoreReadinessCheck)))
        {
            services.AddSingleton<TableStoreReadinessCheck>();
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                TableStoreReadinessCheck.Name, sp => sp.GetRequiredService<TableStoreReadinessCheck>(), HealthStatus.Unhealthy,
                [TableStoreReadinessCheck.ReadinessTag], TableStoreReadinessCheck.Timeout));
        }

        return services;
    }
}
