using BotCore.Connector;
using BotCore.Hosting;
using BotCore.Schema;
using Microsoft.Extensions.Options;

namespace BotCore.Tests.Connector;

/// <summary>The bot's bearer token, and anything it says, go only to the channel's own service hosts.</summary>
public sealed class TrustedServiceUrlTests
{
    private static readonly Activity Hello = ActivityExtensions.CreateMessage("Synthetic message text");

    private static TrustedServiceUrls Policy(string environment, params string[] hosts) =>
        new(Options.Create(new BotOptions { TrustedServiceHosts = hosts }), new TestHostEnvironment(environment));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://smba.trafficmanager.net/teams/", true)]
    [InlineData("https://SMBA.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.trafficmanager.net:443/emea/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc/", true)]
    [InlineData("https://smba.infra.gov.teams.microsoft.us/gcch/", true)]
    [InlineData("https://smba.infra.dod.teams.microsoft.us/teams/", true)]
    [InlineData("http://smba.trafficmanager.net/amer/", false)]
    [InlineData("https://smba.trafficmanager.net:8443/amer/", false)]
    [InlineData("https://evil.trafficmanager.net/amer/", false)]
    [InlineData("https://emea.smba.trafficmanager.net/amer/", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example.test/amer/", false)]
    [InlineData("https://user:pass@smba.trafficmanager.net/amer/", false)]
    [InlineData("https://directline.botframework.com/", false)]
    [InlineData("http://127.0.0.1:56150/_connector", false)]
    [InlineData("http://localhost:56150/_connector", false)]
    [InlineData("not a url", false)]
    [InlineData(null, false)]
    public void By_default_only_the_public_and_government_Teams_service_hosts_are_trusted_in_production(string? serviceUrl, bool trusted) =>
        Assert.Equal(trusted, Policy("Production").IsTrusted(serviceUrl));

    [Theory]
    [InlineData("http://localhost:56150/_connector", "Development", true)]
    [InlineData("http://127.0.0.1:3979/", "Development", true)]
    [InlineData("http://[::1]:3979/", "Development", true)]
    [InlineData("http://localhost:56150/_connector", "Staging", false)]
    public void Loopback_service_urls_are_trusted_only_in_Development(string serviceUrl, string environment, bool trusted) =>
        Assert.Equal(trusted, Policy(environment).IsTrusted(serviceUrl));

    [Fact]
    public void Configured_hosts_replace_the_defaults()
    {
        var policy = Policy("Production", "smba.example.test");

        Assert.True(policy.IsTrusted("https://smba.example.test/amer/"));
        Assert.False(policy.IsTrusted("https://smba.trafficmanager.net/amer/"));
    }

    [Fact]
    public async Task Untrusted_service_url_gets_nothing_neither_token_nor_message()
    {
        await using var attacker = await LoopbackServer.StartAsync((_, _) => new Reply(200, """{"id":"1:stolen"}"""));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous(), environment: "Production");

        var result = await bot.Client.SendToConversationAsync(attacker.Address.ToString(), "a:1personal", Hello);
        var created = await bot.Client.CreateConversationAsync(attacker.Address.ToString(), ProactiveConversation.Personal(
            new ChannelAccount { Id = "28:bot" }, new ChannelAccount { Id = "29:user" }, ConnectorHarness.TenantId, Hello));

        Assert.Equal((ConnectorOutcome.Failed, "UntrustedServiceUrl"), (result.Outcome, result.ErrorCode));
        Assert.Equal((ConnectorOutcome.Failed, "UntrustedServiceUrl"), (created.Outcome, created.ErrorCode));
        Assert.Empty(attacker.Requests);
    }
}
