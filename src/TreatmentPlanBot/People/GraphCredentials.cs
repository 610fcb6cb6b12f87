using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using BotCore.Hosting;
using Microsoft.Extensions.Options;

namespace TreatmentPlanBot.People;

/// <summary>The credential the bot's Graph tokens come from, for the tenant a person is in. Tests supply their own.</summary>
public interface IGraphCredentials
{
    TokenCredential For(string tenantId);
}

/// <summary>
/// The bot's own identity, chosen by the same settings as the connector's MSAL tokens: the user-assigned managed
/// identity (MicrosoftAppType=UserAssignedMSI), else the certificate when MicrosoftAppCertificatePath is set, else
/// the client secret. Application permissions are granted per tenant, so a multi-tenant bot asks the person's
/// tenant; single-tenant bots and managed identities always ask their own. One credential per tenant, kept for the
/// process, so Azure.Identity's token cache serves every call until the token nears expiry.
/// </summary>
internal sealed class BotGraphCredentials(IOptions<BotOptions> bot, IOptions<GraphOptions> graph) : IGraphCredentials
{
    private readonly ConcurrentDictionary<string, TokenCredential> _byTenant = new(StringComparer.OrdinalIgnoreCase);

    public TokenCredential For(string tenantId) => _byTenant.GetOrAdd(TenantFor(tenantId), Create);

    internal string TenantFor(string tenantId) =>
        bot.Value.MicrosoftAppType is BotAppTypes.SingleTenant or BotAppTypes.UserAssignedMsi
            ? bot.Value.MicrosoftAppTenantId!
            : tenantId;

    private TokenCredential Create(string tenantId)
    {
        var options = bot.Value;
        var authority = new Uri(graph.Value.AuthorityHost);
        if (options.MicrosoftAppType == BotAppTypes.UserAssignedMsi)
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.MicrosoftAppId!));
        }

        if (!string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.MicrosoftAppCertificatePath, options.MicrosoftAppCertificatePassword);
            return new ClientCertificateCredential(tenantId, options.MicrosoftAppId, certificate, new ClientCertificateCredentialOptions { AuthorityHost = authority });
        }

        return new ClientSecretCredential(tenantId, options.MicrosoftAppId, options.MicrosoftAppPassword, new ClientSecretCredentialOptions { AuthorityHost = authority });
    }
}
