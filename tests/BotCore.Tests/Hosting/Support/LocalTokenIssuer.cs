using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BotCore.Tests.Hosting.Support;

/// <summary>
/// A stand-in for login.botframework.com and Entra ID on 127.0.0.1: serves OpenID metadata and a JWKS whose keys carry
/// "endorsements", and mints RS256 tokens with those keys.
/// </summary>
public sealed class LocalTokenIssuer : IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string ChannelKeyId = "channel-key-1";

    // RSA key generation is the slow part of a test; every issuer can publish the same two keys.
    private static readonly RsaSecurityKey SharedChannelKey = CreateKey(ChannelKeyId);
    private static readonly RsaSecurityKey SharedEntraKey = CreateKey("entra-key-1");

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<PublishedKey> _channelKeys = [];
    private readonly List<PublishedKey> _entraKeys = [];
    private int _channelMetadataRequests;

    private LocalTokenIssuer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ChannelMetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";

    /// <summary>In the shape of <c>BotOptions.ToBotFromEntraOpenIdMetadataUrl</c>, with the {tenantId} placeholder.</summary>
    public string EntraMetadataUrlTemplate => BaseUrl + "/{tenantId}/v2.0/.well-known/openid-configuration";

    public int ChannelMetadataRequests => Volatile.Read(ref _channelMetadataRequests);

    public RsaSecurityKey ChannelKey { get; private set; } = null!;

    public RsaSecurityKey EntraKey { get; private set; } = null!;

    public static async Task<LocalTokenIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new LocalTokenIssuer(app);

        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            Interlocked.Increment(ref issuer._channelMetadataRequests);
            return Results.Text(Metadata(ChannelIssuer, issuer.BaseUrl + "/v1/keys").ToJsonString(), "application/json");
        });
        app.MapGet("/v1/keys", () => Results.Text(issuer.Jwks(issuer._channelKeys).ToJsonString(), "application/json"));
        app.MapGet("/{tenantId}/v2.0/.well-known/openid-configuration", (string tenantId) =>
            Results.Text(Metadata($"https://login.microsoftonline.com/{tenantId}/v2.0", issuer.BaseUrl + "/entra/keys").ToJsonString(), "application/json"));
        app.MapGet("/entra/keys", () => Results.Text(issuer.Jwks(issuer._entraKeys).ToJsonString(), "application/json"));

        await app.StartAsync();
        issuer.BaseUrl = app.Urls.Single();
        issuer.ChannelKey = SharedChannelKey;
        issuer._channelKeys.Add(new PublishedKey(SharedChannelKey, ["msteams"]));
        issuer.EntraKey = SharedEntraKey;
        issuer._entraKeys.Add(new PublishedKey(SharedEntraKey, null));
        return issuer;
    }

    /// <summary>Adds a signing key to the channel JWKS, endorsed for the given channels.</summary>
    public RsaSecurityKey PublishChannelKey(string keyId, string[] endorsements)
    {
        var key = CreateKey(keyId);
        lock (_gate)
        {
            _channelKeys.Add(new PublishedKey(key, endorsements));
        }

        return key;
    }

    public static RsaSecurityKey CreateKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    /// <param name="signingKey">Null mints an unsigned token (alg "none").</param>
    public static string MintToken(
        SecurityKey? signingKey,
        string audience,
        string? serviceUrl,
        string issuer = ChannelIssuer,
        DateTime? expires = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(30);
        var claims = new Dictionary<string, object>(extraClaims ?? new Dictionary<string, object>());
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddHours(-1),
            NotBefore = expiry.AddHours(-1),
            Expires = expiry,
            Claims = claims,
            SigningCredentials = signingKey is null ? null : new SigningCredentials(signingKey, algorithm),
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static JsonObject Metadata(string issuer, string jwksUri) => new()
    {
        ["issuer"] = issuer,
        ["jwks_uri"] = jwksUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("RS256"),
    };

    private JsonObject Jwks(List<PublishedKey> keys)
    {
        var array = new JsonArray();
        lock (_gate)
        {
            foreach (var key in keys)
            {
                var parameters = key.Key.Rsa.ExportParameters(includePrivateParameters: false);
                var jwk = new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = key.Key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                };
                if (key.Endorsements is not null)
                {
                    jwk["endorsements"] = new JsonArray(key.Endorsements.Select(e => (JsonNode)JsonValue.Create(e)).ToArray());
                }

                array.Add(jwk);
            }
        }

        return new JsonObject { ["keys"] = array };
    }

    private sealed record PublishedKey(RsaSecurityKey Key, string[]? Endorsements);
}
