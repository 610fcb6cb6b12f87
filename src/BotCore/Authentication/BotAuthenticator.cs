using System.Collections;
using System.Security.Claims;
using System.Text.Json;
using BotCore.Hosting;
using BotCore.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace BotCore.Authentication;

/// <summary>
/// Checks the Bearer token on an inbound activity the way the Bot Framework channel requires:
/// issuer, audience (the app id), lifetime, RS256 signature from the published keys, the <c>serviceurl</c> claim
/// and the signing key's endorsement for the activity's channel. SingleTenant and UserAssignedMSI bots also accept
/// tokens their own Entra tenant issued, but only from the bot's own identity or an app listed in AllowedCallers.
/// </summary>
public sealed class BotAuthenticator
{
    public const string MetadataHttpClientName = "BotCore.OpenIdMetadata";

    /// <summary>Microsoft.IdentityModel's AppContext switch that makes a requested metadata refresh complete before returning.</summary>
    public const string BlockingMetadataRefreshSwitch = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    /// <summary>Bot Framework's documented allowance for clock differences between the channel and the bot.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string ServiceUrlClaim = "serviceurl";

    // Entra access tokens name the app that asked for them: "appid" in v1.0 tokens, "azp" in v2.0 tokens ("ver" says which).
    private const string VersionClaim = "ver";
    private const string V1CallerAppClaim = "appid";
    private const string V2CallerAppClaim = "azp";
    private const string EndorsementsProperty = "endorsements";

    private readonly BotOptions _options;
    private readonly JsonWebTokenHandler _tokenHandler = new();
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _channelMetadata;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _entraMetadata;
    private readonly string[] _entraIssuers = [];

    public BotAuthenticator(IOptions<BotOptions> options, IHttpClientFactory httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options.Value;

        if (_options.IsAuthenticationDisabled)
        {
            return;
        }

        _channelMetadata = CreateMetadataManager(_options.ToBotFromChannelOpenIdMetadataUrl, httpClientFactory);

        if (_options.IsEntraTenantBound && !string.IsNullOrWhiteSpace(_options.MicrosoftAppTenantId))
        {
            var tenantId = _options.MicrosoftAppTenantId.Trim();
            _entraMetadata = CreateMetadataManager(_options.ToBotFromEntraOpenIdMetadataUrl.Replace("{tenantId}", tenantId, StringComparison.Ordinal), httpClientFactory);
            _entraIssuers =
            [
                $"https://login.microsoftonline.com/{tenantId}/v2.0",
                $"https://sts.windows.net/{tenantId}/",
            ];
        }
    }

    /// <summary>True when the header carries a Bearer token at all; requests without one are refused before their body is read.</summary>
    public static bool HasBearerToken(string? authorizationHeader) => ReadBearerToken(authorizationHeader) is not null;

    public async Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);

        if (_options.IsAuthenticationDisabled)
        {
            // Local use only (the options validator and the loopback guard make sure of that): an anonymous caller.
            return BotAuthenticationResult.Success(new ClaimsIdentity());
        }

        var token = ReadBearerToken(authorizationHeader);
        if (token is null)
        {
            return BotAuthenticationResult.Failure("MissingBearerToken");
        }

        if (!_tokenHandler.CanReadToken(token))
        {
            return BotAuthenticationResult.Failure("MalformedToken");
        }

        string issuer;
        try
        {
            issuer = _tokenHandler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return BotAuthenticationResult.Failure("MalformedToken");
        }

        try
        {
            if (string.Equals(issuer, _options.ToBotFromChannelTokenIssuer, StringComparison.Ordinal))
            {
                return await AuthenticateChannelTokenAsync(token, activity, cancellationToken).ConfigureAwait(false);
            }

            if (_entraMetadata is not null && _entraIssuers.Contains(issuer, StringComparer.Ordinal))
            {
                return await AuthenticateEntraTokenAsync(token, activity, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // The configuration manager throws this when it has never obtained the metadata: no keys, no trust.
            return BotAuthenticationResult.Failure("MetadataUnavailable");
        }

        return BotAuthenticationResult.Failure("UntrustedIssuer");
    }

    private async Task<BotAuthenticationResult> AuthenticateChannelTokenAsync(string token, Activity activity, CancellationToken cancellationToken)
    {
        var (result, configuration) = await ValidateAsync(token, _channelMetadata!, [_options.ToBotFromChannelTokenIssuer], cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return BotAuthenticationResult.Failure(DescribeFailure(result.Exception));
        }

        if (!ServiceUrlMatches(result.ClaimsIdentity, activity, required: true))
        {
            return BotAuthenticationResult.Failure("ServiceUrlMismatch");
        }

        var keyId = ((JsonWebToken)result.SecurityToken).Kid;
        if (!IsEndorsedFor(configuration, keyId, activity.ChannelId))
        {
            return BotAuthenticationResult.Failure("KeyNotEndorsedForChannel");
        }

        return BotAuthenticationResult.Success(result.ClaimsIdentity);
    }

    private async Task<BotAuthenticationResult> AuthenticateEntraTokenAsync(string token, Activity activity, CancellationToken cancellationToken)
    {
        var (result, _) = await ValidateAsync(token, _entraMetadata!, _entraIssuers, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return BotAuthenticationResult.Failure(DescribeFailure(result.Exception));
        }

        // Any app in the tenant can get a token for the bot's app id. As the Bot Framework SDK's skill validation does,
        // a token asked for by an app other than the bot's own identity is app-to-app, and only listed callers may
        // make such calls; otherwise any app in the clinic's tenant could post as any user.
        // Entra always names the requesting app in its access tokens, so a token that names none is not one to trust.
        var callerAppId = CallerAppId(result.ClaimsIdentity);
        if (callerAppId is null)
        {
            return BotAuthenticationResult.Failure("CallerUnknown");
        }

        if (!string.Equals(callerAppId, _options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase)
            && !_options.AllowedCallers.Any(a => string.Equals(a.Trim(), callerAppId, StringComparison.OrdinalIgnoreCase)))
        {
            return BotAuthenticationResult.Failure("CallerNotAllowed");
        }

        // Entra keys carry no channel endorsements; a serviceurl claim, when the token has one, must still match.
        if (!ServiceUrlMatches(result.ClaimsIdentity, activity, required: false))
        {
            return BotAuthenticationResult.Failure("ServiceUrlMismatch");
        }

        return BotAuthenticationResult.Success(result.ClaimsIdentity);
    }

    private async Task<(TokenValidationResult Result, OpenIdConnectConfiguration Configuration)> ValidateAsync(
        string token,
        ConfigurationManager<OpenIdConnectConfiguration> metadata,
        IReadOnlyList<string> validIssuers,
        CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var result = await _tokenHandler.ValidateTokenAsync(token, CreateParameters(configuration, validIssuers)).ConfigureAwait(false);

        // Keys rotate: an unknown key id earns one metadata refresh (the manager rate-limits refreshes), then a second try.
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            metadata.RequestRefresh();
            configuration = await metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            result = await _tokenHandler.ValidateTokenAsync(token, CreateParameters(configuration, validIssuers)).ConfigureAwait(false);
        }

        return (result, configuration);
    }

    private TokenValidationParameters CreateParameters(OpenIdConnectConfiguration configuration, IReadOnlyList<string> validIssuers) => new()
    {
        ValidateIssuer = true,
        ValidIssuers = validIssuers,
        ValidateAudience = true,
        ValidAudience = _options.MicrosoftAppId,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        RequireSignedTokens = true,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        IssuerSigningKeys = configuration.SigningKeys,
        TryAllIssuerSigningKeys = false,
    };

    /// <summary>The app that requested the token: by its version's claim, else whichever caller claim it carries.</summary>
    private static string? CallerAppId(ClaimsIdentity identity)
    {
        var preferred = identity.FindFirst(VersionClaim)?.Value == "1.0" ? V1CallerAppClaim : V2CallerAppClaim;
        var other = preferred == V1CallerAppClaim ? V2CallerAppClaim : V1CallerAppClaim;
        var value = identity.FindFirst(preferred)?.Value ?? identity.FindFirst(other)?.Value;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static bool ServiceUrlMatches(ClaimsIdentity identity, Activity activity, bool required)
    {
        var claim = identity.FindFirst(ServiceUrlClaim)?.Value;
        if (claim is null)
        {
            return !required;
        }

        return string.Equals(claim, activity.ServiceUrl, StringComparison.Ordinal);
    }

    /// <summary>
    /// The channel publishes, per key, the channels it may sign for (an "endorsements" array beside the key).
    /// Microsoft.IdentityModel keeps unknown key members in <see cref="JsonWebKey.AdditionalData"/>.
    /// </summary>
    private static bool IsEndorsedFor(OpenIdConnectConfiguration configuration, string? keyId, string? channelId)
    {
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(channelId) || configuration.JsonWebKeySet is null)
        {
            return false;
        }

        var key = configuration.JsonWebKeySet.Keys.FirstOrDefault(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));
        if (key is null || !key.AdditionalData.TryGetValue(EndorsementsProperty, out var endorsements))
        {
            return false;
        }

        return ReadEndorsements(endorsements).Contains(channelId, StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> ReadEndorsements(object? value) => value switch
    {
        string single => [single],
        JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.String)
            .Select(e => e.GetString()!),
        IEnumerable items => items.Cast<object?>().Select(i => i?.ToString()).OfType<string>(),
        _ => [],
    };

    private static string DescribeFailure(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => "UnknownSigningKey",
        SecurityTokenInvalidSignatureException => "InvalidSignature",
        SecurityTokenExpiredException => "Expired",
        SecurityTokenNotYetValidException => "NotYetValid",
        SecurityTokenInvalidIssuerException => "InvalidIssuer",
        SecurityTokenInvalidAudienceException => "InvalidAudience",
        SecurityTokenInvalidAlgorithmException => "InvalidAlgorithm",
        SecurityTokenException => "InvalidToken",
        _ => "MetadataUnavailable",
    };

    private static string? ReadBearerToken(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorizationHeader[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private static ConfigurationManager<OpenIdConnectConfiguration> CreateMetadataManager(string metadataUrl, IHttpClientFactory httpClientFactory)
    {
        var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(MetadataHttpClientName))
        {
            // Plain http only for a local test issuer; the options validator rejects any other http URL.
            RequireHttps = !(Uri.TryCreate(metadataUrl, UriKind.Absolute, out var uri) && Loopback.IsLoopbackHost(uri.Host)),
        };
        return new ConfigurationManager<OpenIdConnectConfiguration>(metadataUrl, new OpenIdConnectConfigurationRetriever(), retriever);
    }
}
