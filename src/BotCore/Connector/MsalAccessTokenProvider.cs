using System.Security.Cryptography.X509Certificates;
using BotCore.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace BotCore.Connector;

/// <summary>
/// Client-credentials tokens from MSAL for <see cref="BotOptions.ToChannelFromBotOAuthScope"/>. One MSAL application
/// per process, so its in-memory app token cache serves every call until the token nears expiry.
/// The credential is chosen by settings: user-assigned managed identity (MicrosoftAppType=UserAssignedMSI),
/// otherwise a certificate when MicrosoftAppCertificatePath is set, otherwise the client secret.
/// </summary>
internal sealed class MsalAccessTokenProvider : IAccessTokenProvider
{
    private readonly Lazy<Func<CancellationToken, Task<AuthenticationResult>>> acquire;
    private readonly bool disabled;

    public MsalAccessTokenProvider(IOptions<BotOptions> options, IHttpClientFactory httpClientFactory)
    {
        var bot = options.Value;
        disabled = bot.IsAuthenticationDisabled;
        var msalHttp = new MsalHttpClientFactory(httpClientFactory);
        acquire = new Lazy<Func<CancellationToken, Task<AuthenticationResult>>>(() => Build(bot, msalHttp));
    }

    public async Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        if (disabled)
        {
            return null;
        }

        var result = await acquire.Value(cancellationToken).ConfigureAwait(false);
        return result.AccessToken;
    }

    /// <summary>The authority outbound tokens come from: the bot's own tenant for single-tenant bots.</summary>
    internal static string Authority(BotOptions bot)
    {
        if (bot.MicrosoftAppType != BotAppTypes.SingleTenant)
        {
            return bot.ToChannelFromBotLoginUrl;
        }

        // Keep the configured cloud's login host (sovereign clouds differ), swap in the bot's tenant.
        var login = new Uri(bot.ToChannelFromBotLoginUrl);
        return new Uri(login, "/" + Uri.EscapeDataString(bot.MicrosoftAppTenantId!)).ToString();
    }

    private static Func<CancellationToken, Task<AuthenticationResult>> Build(BotOptions bot, IMsalHttpClientFactory http)
    {
        string[] scopes = [bot.ToChannelFromBotOAuthScope];
        if (bot.MicrosoftAppType == BotAppTypes.UserAssignedMsi)
        {
            var identity = ManagedIdentityApplicationBuilder
                .Create(ManagedIdentityId.WithUserAssignedClientId(bot.MicrosoftAppId!))
                .WithHttpClientFactory(http)
                .Build();
            // Managed identity endpoints take a resource, not a scope.
            var resource = ResourceOf(bot.ToChannelFromBotOAuthScope);
            return ct => identity.AcquireTokenForManagedIdentity(resource).ExecuteAsync(ct);
        }

        var builder = ConfidentialClientApplicationBuilder
            .Create(bot.MicrosoftAppId)
            .WithAuthority(Authority(bot))
            .WithHttpClientFactory(http);
        builder = string.IsNullOrWhiteSpace(bot.MicrosoftAppCertificatePath)
            ? builder.WithClientSecret(bot.MicrosoftAppPassword)
            : builder.WithCertificate(X509CertificateLoader.LoadPkcs12FromFile(bot.MicrosoftAppCertificatePath, bot.MicrosoftAppCertificatePassword));
        var app = builder.Build();
        return ct => app.AcquireTokenForClient(scopes).ExecuteAsync(ct);
    }

    private static string ResourceOf(string scope) =>
        scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : scope;

    /// <summary>Lets MSAL use handlers from IHttpClientFactory (pooled connections, and a test can route it to loopback).</summary>
    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(BotConnectorHttpClients.Token);
    }
}
