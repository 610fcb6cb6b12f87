using System.Net;
using BotCore.Tests.Hosting.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotCore.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Production_without_an_app_id_refuses_to_start_naming_the_missing_settings()
    {
        await using var app = BotTestHost.Build(new Dictionary<string, string?>(), null, out var bot, out _, out _, environment: "Production");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("MicrosoftAppId", failure.Message, StringComparison.Ordinal);
        Assert.Contains("MicrosoftAppPassword or MicrosoftAppCertificatePath", failure.Message, StringComparison.Ordinal);
        Assert.Empty(bot.Turns);
    }

    [Fact]
    public async Task Single_tenant_bot_without_a_tenant_id_refuses_to_start_naming_it_once()
    {
        var settings = new Dictionary<string, string?>
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = BotTestHost.AppId,
            ["MicrosoftAppPassword"] = "synthetic-test-secret",
        };
        await using var app = BotTestHost.Build(settings, null, out _, out _, out _, environment: "Production");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(["MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant."], failure.Failures);
    }

    [Theory]
    [InlineData("TrustedServiceHosts:0", "https://smba.trafficmanager.net/amer/", "TrustedServiceHosts")]
    [InlineData("TrustedServiceHosts:0", "*.trafficmanager.net", "TrustedServiceHosts")]
    [InlineData("AllowedChannels:0", " ", "AllowedChannels")]
    [InlineData("AllowedTenants:0", " ", "AllowedTenants")]
    [InlineData("AllowedCallers:0", "*", "AllowedCallers")]
    public async Task Unusable_trust_settings_refuse_to_start_naming_the_setting(string key, string value, string setting)
    {
        var settings = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = BotTestHost.AppId,
            ["MicrosoftAppPassword"] = "synthetic-test-secret",
            [key] = value,
        };
        await using var app = BotTestHost.Build(settings, null, out var bot, out _, out _, environment: "Production");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(failure.Failures, f => f.StartsWith(setting, StringComparison.Ordinal));
        Assert.Empty(bot.Turns);
    }

    [Fact]
    public async Task Plain_http_metadata_url_off_this_machine_refuses_to_start()
    {
        var settings = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = BotTestHost.AppId,
            ["MicrosoftAppPassword"] = "synthetic-test-secret",
            ["ToBotFromChannelOpenIdMetadataUrl"] = "http://login.example.test/v1/.well-known/openidconfiguration",
        };
        await using var app = BotTestHost.Build(settings, null, out _, out _, out _, environment: "Production");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("ToBotFromChannelOpenIdMetadataUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_without_an_app_id_on_a_non_loopback_address_refuses_to_start()
    {
        await using var app = BotTestHost.Build(new Dictionary<string, string?>(), null, out _, out _, out _, environment: "Development", url: "http://0.0.0.0:0");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("loopback", failure.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_without_an_app_id_on_loopback_runs_the_bot_without_a_token()
    {
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>());

        // As the Agents Playground sends it locally: its mock connector on loopback is the service URL.
        var response = await host.PostActivityAsync(TestActivities.Message("hello", serviceUrl: "http://localhost:56150/_connector"), bearerToken: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(host.Bot.Turns);
        Assert.False(turn.Identity?.IsAuthenticated);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("not authenticated", StringComparison.Ordinal));
    }
}
