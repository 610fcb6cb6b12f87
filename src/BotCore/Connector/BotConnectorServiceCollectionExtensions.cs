using BotCore.Connector;
using BotCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class BotConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Outbound calls to the Bot Connector service: <see cref="IConnectorClient"/> (typed HttpClient with retries),
    /// <see cref="IAccessTokenProvider"/> (MSAL) and the per-conversation <see cref="ConversationSendPacer"/>.
    /// Binds <see cref="BotOptions"/> from the configuration root and <see cref="ConnectorOptions"/> from "BotConnector",
    /// both validated at start-up.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // A second call would stack a second retry handler on the same client: retries of retries.
        if (services.Any(d => d.ServiceType == typeof(ConversationSendPacer)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<BotOptions>().BindConfiguration(string.Empty).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotCredentialsValidator>());
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>());

        services.AddHttpClient(BotConnectorHttpClients.Token);
        services.TryAddSingleton<IAccessTokenProvider, MsalAccessTokenProvider>();
        services.TryAddSingleton<ConversationSendPacer>();
        services.TryAddSingleton<TrustedServiceUrls>();

        services.AddHttpClient<IConnectorClient, ConnectorClient>(BotConnectorHttpClients.Connector, client =>
            {
                // Each attempt has its own timeout inside the retry pipeline; the pipeline as a whole is bounded by its attempts.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("bot-connector-retry", (pipeline, context) => ConnectorRetry.Configure(
                pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value,
                context.ServiceProvider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
