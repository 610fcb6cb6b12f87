namespace BotCore.Hosting;

/// <summary>
/// The bot's identity and channel endpoints. Bound from the configuration root with the Bot Framework's own
/// setting names, so an existing Azure Bot registration's settings work unchanged.
/// An empty <see cref="MicrosoftAppId"/> means local, unauthenticated use (Development on loopback only).
/// </summary>
public sealed class BotOptions
{
    /// <summary>MultiTenant, SingleTenant or UserAssignedMSI.</summary>
    public string MicrosoftAppType { get; set; } = BotAppTypes.MultiTenant;

    public string? MicrosoftAppId { get; set; }

    /// <summary>Client secret. Used when no certificate is configured and the type is not UserAssignedMSI.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>Required for SingleTenant and UserAssignedMSI.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>PFX file with the app's certificate; when set it is used instead of the client secret.</summary>
    public string? MicrosoftAppCertificatePath { get; set; }

    public string? MicrosoftAppCertificatePassword { get; set; }

    /// <summary>Where the Bot Framework channel's signing keys are published. Tests point this at a local issuer.</summary>
    public string ToBotFromChannelOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string ToBotFromChannelTokenIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>Entra ID OpenID metadata for single-tenant tokens; {tenantId} is replaced.</summary>
    public string ToBotFromEntraOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/{tenantId}/v2.0/.well-known/openid-configuration";

    /// <summary>Authority for outbound tokens. Multi-tenant bots use the botframework.com tenant; single-tenant bots their own.</summary>
    public string ToChannelFromBotLoginUrl { get; set; } = "https://login.microsoftonline.com/botframework.com";

    public string ToChannelFromBotOAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Requests to /api/messages larger than this get 413 before any bot code runs.</summary>
    public long MaxRequestBodyBytes { get; set; } = 512 * 1024;

    public bool IsAuthenticationDisabled => string.IsNullOrWhiteSpace(MicrosoftAppId);
}

public static class BotAppTypes
{
    public const string MultiTenant = "MultiTenant";
    public const string SingleTenant = "SingleTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";
}
