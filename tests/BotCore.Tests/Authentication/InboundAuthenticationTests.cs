using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using BotCore.Tests.Hosting.Support;
using Microsoft.IdentityModel.Tokens;

namespace BotCore.Tests.Authentication;

public sealed class InboundAuthenticationTests : IAsyncLifetime
{
    private LocalTokenIssuer _issuer = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _issuer = await LocalTokenIssuer.StartAsync();
        _host = await BotTestHost.StartAsync(BotTestHost.AuthenticatedSettings(_issuer));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Valid_channel_token_is_accepted_and_the_bot_runs_with_the_callers_claims()
    {
        var token = LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl);

        var response = await _host.PostActivityAsync(TestActivities.Message("hello"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(_host.Bot.Turns);
        Assert.Equal("hello", turn.Activity.Text);
        Assert.NotNull(turn.Identity);
        Assert.True(turn.Identity.IsAuthenticated);
        Assert.Equal(BotTestHost.ServiceUrl, turn.Identity.FindFirst("serviceurl")?.Value);
    }

    [Fact]
    public async Task Token_expired_less_than_five_minutes_ago_is_still_accepted()
    {
        var token = LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-2));

        var response = await _host.PostActivityAsync(TestActivities.Message("hello"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Bot.Turns);
    }

    [Theory]
    [InlineData("wrong issuer", "UntrustedIssuer")]
    [InlineData("wrong audience", "InvalidAudience")]
    [InlineData("expired beyond the skew", "Expired")]
    [InlineData("bad signature", "InvalidSignature")]
    [InlineData("unknown key", "UnknownSigningKey")]
    [InlineData("serviceurl not the activity's", "ServiceUrlMismatch")]
    [InlineData("no serviceurl claim", "ServiceUrlMismatch")]
    [InlineData("key not endorsed for the channel", "KeyNotEndorsedForChannel")]
    [InlineData("not a jwt", "MalformedToken")]
    [InlineData("unsigned", "InvalidSignature")]
    [InlineData("signed with a shared secret under the published key id", "InvalidSignature")]
    public async Task Invalid_token_gets_401_and_the_bot_never_runs(string flaw, string loggedReason)
    {
        var token = flaw switch
        {
            "wrong issuer" => LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl, issuer: "https://issuer.example.test"),
            "wrong audience" => LocalTokenIssuer.MintToken(_issuer.ChannelKey, "some-other-bot", BotTestHost.ServiceUrl),
            "expired beyond the skew" => LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-6)),
            // Same key id as the published key, different private key.
            "bad signature" => LocalTokenIssuer.MintToken(LocalTokenIssuer.CreateKey(LocalTokenIssuer.ChannelKeyId), BotTestHost.AppId, BotTestHost.ServiceUrl),
            "unknown key" => LocalTokenIssuer.MintToken(LocalTokenIssuer.CreateKey("never-published"), BotTestHost.AppId, BotTestHost.ServiceUrl),
            "serviceurl not the activity's" => LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, "https://elsewhere.example.test/"),
            "no serviceurl claim" => LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, serviceUrl: null),
            "key not endorsed for the channel" => LocalTokenIssuer.MintToken(_issuer.PublishChannelKey("webchat-key", ["webchat"]), BotTestHost.AppId, BotTestHost.ServiceUrl),
            "not a jwt" => "not-a-token",
            "unsigned" => LocalTokenIssuer.MintToken(signingKey: null, BotTestHost.AppId, BotTestHost.ServiceUrl),
            "signed with a shared secret under the published key id" => LocalTokenIssuer.MintToken(
                new SymmetricSecurityKey(new byte[32]) { KeyId = LocalTokenIssuer.ChannelKeyId }, BotTestHost.AppId, BotTestHost.ServiceUrl, algorithm: SecurityAlgorithms.HmacSha256),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };

        var response = await _host.PostActivityAsync(TestActivities.Message("hello"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Bot.Turns);
        Assert.Empty(_host.Connector.Calls);
        Assert.Contains(_host.Logs.Entries, e => e.Values.GetValueOrDefault("Reason") == loggedReason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic")]
    [InlineData("Bearer")]
    public async Task Missing_or_non_bearer_authorization_gets_401_and_the_bot_never_runs(string? scheme)
    {
        var token = LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl);
        var header = scheme switch
        {
            null => null,
            "Bearer" => new AuthenticationHeaderValue("Bearer"),
            _ => new AuthenticationHeaderValue(scheme, token),
        };

        var response = await _host.PostAsync(System.Text.Json.JsonSerializer.Serialize(TestActivities.Message("hello"), BotCore.Schema.BotJson.Options), header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Bot.Turns);
    }

    [Fact]
    public async Task Key_published_after_start_is_found_by_refreshing_the_metadata()
    {
        var warmUp = LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostActivityAsync(TestActivities.Message("before"), warmUp)).StatusCode);
        var requestsBefore = _issuer.ChannelMetadataRequests;

        var rotatedKey = _issuer.PublishChannelKey("channel-key-2", ["msteams"]);
        var token = LocalTokenIssuer.MintToken(rotatedKey, BotTestHost.AppId, BotTestHost.ServiceUrl);
        var response = await _host.PostActivityAsync(TestActivities.Message("after"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _host.Bot.Turns.Count);
        Assert.Equal(requestsBefore + 1, _issuer.ChannelMetadataRequests);
    }

    [Fact]
    public async Task Unknown_keys_refresh_the_metadata_at_most_once_in_the_refresh_interval()
    {
        var stranger = LocalTokenIssuer.CreateKey("never-published");
        for (var i = 0; i < 3; i++)
        {
            var token = LocalTokenIssuer.MintToken(stranger, BotTestHost.AppId, BotTestHost.ServiceUrl);
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.PostActivityAsync(TestActivities.Message("hello"), token)).StatusCode);
        }

        // One fetch at first use, one refresh for the unknown key; the manager refuses further refreshes for five minutes.
        Assert.Equal(2, _issuer.ChannelMetadataRequests);
        Assert.Empty(_host.Bot.Turns);
    }
}

public sealed class UnreachableMetadataTests
{
    [Fact]
    public async Task Unreachable_signing_key_metadata_gets_401_and_the_bot_never_runs()
    {
        await using var issuer = await LocalTokenIssuer.StartAsync();
        var settings = BotTestHost.AuthenticatedSettings(issuer);
        settings["ToBotFromChannelOpenIdMetadataUrl"] = issuer.BaseUrl + "/no-such-metadata";
        await using var host = await BotTestHost.StartAsync(settings);
        var token = LocalTokenIssuer.MintToken(issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl);

        var response = await host.PostActivityAsync(TestActivities.Message("hello"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
        Assert.Contains(host.Logs.Entries, e => e.Values.GetValueOrDefault("Reason") == "MetadataUnavailable");
    }
}

public sealed class SingleTenantAuthenticationTests : IAsyncLifetime
{
    private LocalTokenIssuer _issuer = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _issuer = await LocalTokenIssuer.StartAsync();
        var settings = BotTestHost.AuthenticatedSettings(_issuer);
        settings["MicrosoftAppType"] = "SingleTenant";
        settings["MicrosoftAppTenantId"] = BotTestHost.TenantId;
        _host = await BotTestHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/" + BotTestHost.TenantId + "/v2.0")]
    [InlineData("https://sts.windows.net/" + BotTestHost.TenantId + "/")]
    public async Task Token_from_the_bots_own_entra_tenant_is_accepted(string issuer)
    {
        // Entra names the app that asked for a token: for the channel's own calls, the bot's identity.
        var token = LocalTokenIssuer.MintToken(_issuer.EntraKey, BotTestHost.AppId, BotTestHost.ServiceUrl, issuer: issuer, extraClaims: new Dictionary<string, object> { ["azp"] = BotTestHost.AppId, ["appid"] = BotTestHost.AppId });

        var response = await _host.PostActivityAsync(TestActivities.Message("hello"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Bot.Turns);
    }

    [Fact]
    public async Task Channel_token_is_still_accepted_for_a_single_tenant_bot()
    {
        var token = LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl);

        var response = await _host.PostActivityAsync(TestActivities.Message("hello"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_from_another_entra_tenant_gets_401()
    {
        var token = LocalTokenIssuer.MintToken(_issuer.EntraKey, BotTestHost.AppId, BotTestHost.ServiceUrl, issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000bb/v2.0");

        var response = await _host.PostActivityAsync(TestActivities.Message("hello"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Bot.Turns);
    }

    [Fact]
    public async Task Entra_issuer_signed_with_a_key_entra_does_not_publish_gets_401()
    {
        var token = LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl, issuer: $"https://login.microsoftonline.com/{BotTestHost.TenantId}/v2.0");

        var response = await _host.PostActivityAsync(TestActivities.Message("hello"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Bot.Turns);
    }
}
