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

    /// <summary>
    /// App ids, besides the channel, that may call the bot with an Entra token (skills, other bots). Empty by default:
    /// any app in the bot's tenant can get a token for the bot's app id, so a token whose caller app (<c>azp</c> in
    /// v2 tokens, <c>appid</c> in v1) is not the bot's own identity is refused unless its app id is listed here.
    /// </summary>
    public string[] AllowedCallers { get; set; } = [];

    /// <summary>Channel ids accepted on /api/messages. Empty means Teams only (<see cref="DefaultChannels"/>).</summary>
    public string[] AllowedChannels { get; set; } = [];

    /// <summary>
    /// Entra tenant ids whose activities are accepted. Empty means the bot's own tenant (MicrosoftAppTenantId) for
    /// SingleTenant and UserAssignedMSI bots, and any tenant for MultiTenant bots (a warning at start-up says so).
    /// </summary>
    public string[] AllowedTenants { get; set; } = [];

    /// <summary>
    /// Host names that may receive the bot's token and messages (https on the default port, exact match). Empty means
    /// <see cref="DefaultTrustedServiceHosts"/>. Loopback addresses are trusted in Development only (the Agents Playground).
    /// </summary>
    public string[] TrustedServiceHosts { get; set; } = [];

    public bool IsAuthenticationDisabled => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public static IReadOnlyList<string> DefaultChannels { get; } = ["msteams"];

    /// <summary>
    /// Where Teams' Bot Connector service lives: the public cloud (every region, under /amer/, /emea/, /teams/...) and
    /// the US government clouds (GCC, GCC High, DoD), as Microsoft documents them for proactive messages. Exact hosts
    /// only: anyone can register a name under trafficmanager.net.
    /// </summary>
    public static IReadOnlyList<string> DefaultTrustedServiceHosts { get; } =
    [
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    public IReadOnlyList<string> EffectiveChannels => AllowedChannels.Length > 0 ? AllowedChannels : DefaultChannels;

    public IReadOnlyList<string> EffectiveTrustedServiceHosts => TrustedServiceHosts.Length > 0 ? TrustedServiceHosts : DefaultTrustedServiceHosts;

    /// <summary>The tenants accepted, or null for any tenant.</summary>
    public IReadOnlyList<string>? EffectiveTenants =>
        AllowedTenants.Length > 0 ? AllowedTenants
        : IsEntraTenantBound && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId) ? [MicrosoftAppTenantId.Trim()]
        : null;

    /// <summary>SingleTenant and UserAssignedMSI identities live in one Entra tenant and also receive Entra-issued tokens.</summary>
    public bool IsEntraTenantBound =>
        string.Equals(MicrosoftAppType, BotAppTypes.SingleTenant, StringComparison.Ordinal)
        || string.Equals(MicrosoftAppType, BotAppTypes.UserAssignedMsi, StringComparison.Ordinal);
}

public static class BotAppTypes
{
    public const string MultiTenant = "MultiTenant";
    public const string SingleTenant = "SingleTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";
}
