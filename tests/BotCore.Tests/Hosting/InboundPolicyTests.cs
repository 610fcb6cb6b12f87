using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;
using BotCore.Tests.Connector;
using BotCore.Tests.Hosting.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotCore.Tests.Hosting;

/// <summary>Only Teams, only the clinic's tenants, only the channel's own service hosts: refused before the bot runs.</summary>
public sealed class InboundPolicyTests : IAsyncLifetime
{
    private const string PrivateText = "synthetic private words that must never be logged";
    private const string OtherTenant = "00000000-0000-0000-0000-0000000000bb";

    private LocalTokenIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await LocalTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    private string ChannelToken(string serviceUrl = BotTestHost.ServiceUrl) => LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, serviceUrl);

    private static Activity FromTenant(string tenantId, string text = PrivateText) => TestActivities.Message(text) with
    {
        Conversation = new ConversationAccount { Id = "a:conversation-synthetic", ConversationType = "personal", TenantId = tenantId },
        ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = tenantId } }),
    };

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    [InlineData("emulator")]
    public async Task Activity_from_a_channel_other_than_teams_gets_403_and_the_bot_never_runs(string channelId)
    {
        await using var host = await BotTestHost.StartAsync(BotTestHost.AuthenticatedSettings(_issuer));
        var key = _issuer.PublishChannelKey("other-channels-key", ["webchat", "directline", "emulator"]);

        var response = await host.PostActivityAsync(TestActivities.Message("hello", channelId: channelId), LocalTokenIssuer.MintToken(key, BotTestHost.AppId, BotTestHost.ServiceUrl));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
        Assert.Contains(host.Logs.Entries, e => e.Values.GetValueOrDefault("Reason") == "ChannelNotAllowed");
    }

    [Fact]
    public async Task Channel_listed_in_AllowedChannels_is_accepted()
    {
        var settings = BotTestHost.AuthenticatedSettings(_issuer);
        settings["AllowedChannels:0"] = "msteams";
        settings["AllowedChannels:1"] = "webchat";
        await using var host = await BotTestHost.StartAsync(settings);
        var key = _issuer.PublishChannelKey("webchat-key", ["webchat"]);

        var response = await host.PostActivityAsync(TestActivities.Message("hello", channelId: "webchat"), LocalTokenIssuer.MintToken(key, BotTestHost.AppId, BotTestHost.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Activity_from_a_tenant_not_in_AllowedTenants_gets_403_and_is_audited_without_content()
    {
        var settings = BotTestHost.AuthenticatedSettings(_issuer);
        settings["AllowedTenants:0"] = BotTestHost.TenantId;
        await using var host = await BotTestHost.StartAsync(settings);

        var refused = await host.PostActivityAsync(FromTenant(OtherTenant), ChannelToken());
        var accepted = await host.PostActivityAsync(FromTenant(BotTestHost.TenantId, "hello"), ChannelToken());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("hello", Assert.Single(host.Bot.Turns).Activity.Text);
        var audit = Assert.Single(host.Logs.Entries, e => e.Values.GetValueOrDefault("Reason") == "TenantNotAllowed");
        Assert.Equal(OtherTenant, audit.Values["TenantId"]);
        Assert.Equal("activity-1", audit.Values["ActivityId"]);
        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText.Contains(PrivateText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Activity_without_a_tenant_gets_403_when_tenants_are_restricted()
    {
        var settings = BotTestHost.AuthenticatedSettings(_issuer);
        settings["AllowedTenants:0"] = BotTestHost.TenantId;
        await using var host = await BotTestHost.StartAsync(settings);
        var activity = TestActivities.Message("hello") with { Conversation = new ConversationAccount { Id = "a:conversation-synthetic", ConversationType = "personal" } };

        var response = await host.PostActivityAsync(activity, ChannelToken());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
    }

    [Fact]
    public async Task Single_tenant_bot_without_AllowedTenants_accepts_only_its_own_tenant()
    {
        var settings = BotTestHost.AuthenticatedSettings(_issuer);
        settings["MicrosoftAppType"] = "SingleTenant";
        settings["MicrosoftAppTenantId"] = BotTestHost.TenantId;
        await using var host = await BotTestHost.StartAsync(settings);

        var refused = await host.PostActivityAsync(FromTenant(OtherTenant), ChannelToken());
        var accepted = await host.PostActivityAsync(FromTenant(BotTestHost.TenantId), ChannelToken());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(host.Bot.Turns);
    }

    [Fact]
    public async Task Multi_tenant_bot_without_AllowedTenants_accepts_any_tenant_and_warns_at_start_up()
    {
        await using var host = await BotTestHost.StartAsync(BotTestHost.AuthenticatedSettings(_issuer));

        var response = await host.PostActivityAsync(FromTenant(OtherTenant), ChannelToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("AllowedTenants", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://attacker.example.test/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example.test/amer/")]
    [InlineData("https://smba.example.test:8443/amer/")]
    public async Task Activity_whose_service_url_is_not_a_trusted_host_gets_403_and_the_bot_never_runs(string serviceUrl)
    {
        await using var host = await BotTestHost.StartAsync(BotTestHost.AuthenticatedSettings(_issuer), (turn, ct) => turn.SendActivityAsync(ActivityExtensions.CreateMessage("reply"), ct));

        var response = await host.PostActivityAsync(TestActivities.Message("hello", serviceUrl: serviceUrl), ChannelToken(serviceUrl));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
        Assert.Empty(host.Connector.Calls);
        Assert.Contains(host.Logs.Entries, e => e.Values.GetValueOrDefault("Reason") == "UntrustedServiceUrl");
    }

    [Fact]
    public async Task Attacker_chosen_service_url_receives_no_token_no_reply_and_no_later_proactive_message()
    {
        await using var attacker = await LoopbackServer.StartAsync((_, _) => new Reply(200, """{"id":"1:stolen"}"""));
        var attackerUrl = new Uri(attacker.Address, "/amer/").ToString();
        await using var host = await BotTestHost.StartAsync(
            BotTestHost.AuthenticatedSettings(_issuer),
            (turn, ct) => turn.SendActivityAsync(ActivityExtensions.CreateMessage("reply"), ct),
            environment: "Production",
            realConnector: true);

        var response = await host.PostActivityAsync(TestActivities.Message("hello", serviceUrl: attackerUrl), ChannelToken(attackerUrl));
        var adapter = host.Services.GetRequiredService<CloudAdapter>();
        var reference = TestActivities.Message("hello", serviceUrl: attackerUrl).GetConversationReference();
        await Assert.ThrowsAnyAsync<Exception>(() => adapter.ContinueConversationAsync(
            reference, (turn, ct) => turn.SendActivityAsync(ActivityExtensions.CreateMessage("later alert"), ct), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
        Assert.Empty(attacker.Requests);
    }

    public static TheoryData<string> Flaws() =>
    [
        "no channelId", "no conversation", "no conversation id", "no from", "no from id", "no serviceUrl", "relative serviceUrl",
        "tenant is a string", "tenant is a number", "tenant id is a number", "team is a string", "channelData tenant and conversation tenant differ",
        "lone surrogate in text", "lone surrogate in from id", "lone surrogate in a property name",
        "conversation id over the key limit", "from id over the key limit", "aadObjectId over the key limit", "tenant id over the key limit",
        "channelId over the key limit", "activity id over the key limit",
    ];

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Malformed_activity_gets_400_before_the_bot_runs_and_logs_no_error(string flaw)
    {
        await using var host = await BotTestHost.StartAsync(BotTestHost.AuthenticatedSettings(_issuer));
        var node = JsonSerializer.SerializeToNode(FromTenant(BotTestHost.TenantId, "hello"), BotJson.Options)!.AsObject();
        var tooLong = new string('x', 300);
        const string surrogate = "LONE-SURROGATE";
        switch (flaw)
        {
            case "no channelId": node.Remove("channelId"); break;
            case "no conversation": node.Remove("conversation"); break;
            case "no conversation id": node["conversation"]!.AsObject().Remove("id"); break;
            case "no from": node.Remove("from"); break;
            case "no from id": node["from"]!.AsObject().Remove("id"); break;
            case "no serviceUrl": node.Remove("serviceUrl"); break;
            case "relative serviceUrl": node["serviceUrl"] = "/amer/"; break;
            case "tenant is a string": node["channelData"]!["tenant"] = BotTestHost.TenantId; break;
            case "tenant is a number": node["channelData"]!["tenant"] = 42; break;
            case "tenant id is a number": node["channelData"]!["tenant"] = new JsonObject { ["id"] = 42 }; break;
            case "team is a string": node["channelData"]!["team"] = "team"; break;
            case "channelData tenant and conversation tenant differ": node["conversation"]!["tenantId"] = OtherTenant; break;
            case "lone surrogate in text": node["text"] = "hello " + surrogate; break;
            case "lone surrogate in from id": node["from"]!["id"] = "29:" + surrogate; break;
            case "lone surrogate in a property name": node["channelData"]![surrogate] = "x"; break;
            case "conversation id over the key limit": node["conversation"]!["id"] = "a:" + tooLong; break;
            case "from id over the key limit": node["from"]!["id"] = "29:" + tooLong; break;
            case "aadObjectId over the key limit": node["from"]!["aadObjectId"] = tooLong; break;
            case "tenant id over the key limit":
                node["channelData"]!["tenant"] = new JsonObject { ["id"] = tooLong };
                node["conversation"]!["tenantId"] = tooLong;
                break;
            case "channelId over the key limit": node["channelId"] = "msteams" + tooLong; break;
            case "activity id over the key limit": node["id"] = tooLong; break;
            default: throw new ArgumentOutOfRangeException(nameof(flaw));
        }

        // Escaped as the wire carries it: a lone surrogate can only arrive as a \u escape.
        var body = node.ToJsonString().Replace(surrogate, "\\ud800", StringComparison.Ordinal);
        var response = await host.PostAsync(body, new AuthenticationHeaderValue("Bearer", ChannelToken()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains(host.Logs.Entries, e => e.Values.GetValueOrDefault("Reason")?.StartsWith("Malformed", StringComparison.Ordinal) == true);
    }
}
