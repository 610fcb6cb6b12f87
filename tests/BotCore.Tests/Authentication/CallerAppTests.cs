using System.Net;
using BotCore.Schema;
using BotCore.Tests.Hosting.Support;

namespace BotCore.Tests.Authentication;

/// <summary>
/// An Entra token for the bot's app id can be had by any app in the bot's tenant. Only the channel may call the bot;
/// another app (a skill caller, or any app at all) must be named in AllowedCallers.
/// </summary>
public sealed class CallerAppTests : IAsyncLifetime
{
    private const string OtherAppId = "00000000-0000-0000-0000-0000000000e1";
    private const string ClinicianObjectId = "00000000-0000-0000-0000-00000000c11c";

    private LocalTokenIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await LocalTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    private Dictionary<string, string?> Settings(string appType, params string[] allowedCallers)
    {
        var settings = BotTestHost.AuthenticatedSettings(_issuer);
        settings["MicrosoftAppType"] = appType;
        if (appType != "MultiTenant")
        {
            settings["MicrosoftAppTenantId"] = BotTestHost.TenantId;
        }

        if (appType == "UserAssignedMSI")
        {
            settings["MicrosoftAppPassword"] = null;
        }

        for (var i = 0; i < allowedCallers.Length; i++)
        {
            settings[$"AllowedCallers:{i}"] = allowedCallers[i];
        }

        return settings;
    }

    private string EntraToken(string version, string? callerAppId)
    {
        var claims = new Dictionary<string, object> { ["ver"] = version, ["tid"] = BotTestHost.TenantId };
        if (callerAppId is not null)
        {
            claims[version == "1.0" ? "appid" : "azp"] = callerAppId;
        }

        var issuer = version == "1.0"
            ? $"https://sts.windows.net/{BotTestHost.TenantId}/"
            : $"https://login.microsoftonline.com/{BotTestHost.TenantId}/v2.0";
        return LocalTokenIssuer.MintToken(_issuer.EntraKey, BotTestHost.AppId, BotTestHost.ServiceUrl, issuer: issuer, extraClaims: claims);
    }

    private static Activity Impersonating(bool impersonating) => impersonating
        ? TestActivities.Message("show plan") with { From = new ChannelAccount { Id = "29:clinician", AadObjectId = ClinicianObjectId, Name = "Synthetic Clinician" } }
        : TestActivities.Message("hello");

    [Theory]
    [InlineData("SingleTenant", "2.0", false)]
    [InlineData("SingleTenant", "2.0", true)]
    [InlineData("SingleTenant", "1.0", false)]
    [InlineData("SingleTenant", "1.0", true)]
    [InlineData("UserAssignedMSI", "2.0", false)]
    [InlineData("UserAssignedMSI", "1.0", true)]
    public async Task Entra_token_from_another_app_in_the_tenant_gets_401_and_the_bot_never_runs(string appType, string version, bool impersonating)
    {
        await using var host = await BotTestHost.StartAsync(Settings(appType));

        var response = await host.PostActivityAsync(Impersonating(impersonating), EntraToken(version, OtherAppId));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
        Assert.Empty(host.Connector.Calls);
        Assert.Contains(host.Logs.Entries, e => e.Values.GetValueOrDefault("Reason") == "CallerNotAllowed");
    }

    [Theory]
    [InlineData("SingleTenant", "2.0")]
    [InlineData("UserAssignedMSI", "1.0")]
    public async Task Entra_token_from_an_app_listed_in_AllowedCallers_is_accepted(string appType, string version)
    {
        await using var host = await BotTestHost.StartAsync(Settings(appType, OtherAppId));

        var response = await host.PostActivityAsync(TestActivities.Message("hello"), EntraToken(version, OtherAppId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Bot.Turns);
    }

    [Theory]
    [InlineData("SingleTenant", "2.0")]
    [InlineData("SingleTenant", "1.0")]
    [InlineData("UserAssignedMSI", "2.0")]
    [InlineData("UserAssignedMSI", "1.0")]
    public async Task Entra_token_issued_to_the_bots_own_identity_is_the_channel_and_is_accepted(string appType, string version)
    {
        await using var host = await BotTestHost.StartAsync(Settings(appType));

        var response = await host.PostActivityAsync(TestActivities.Message("hello"), EntraToken(version, BotTestHost.AppId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Bot.Turns);
    }

    [Theory]
    [InlineData("SingleTenant", "2.0")]
    [InlineData("UserAssignedMSI", "1.0")]
    public async Task Entra_token_that_names_no_caller_app_gets_401_and_the_bot_never_runs(string appType, string version)
    {
        await using var host = await BotTestHost.StartAsync(Settings(appType));

        var response = await host.PostActivityAsync(Impersonating(true), EntraToken(version, callerAppId: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
    }

    [Theory]
    [InlineData("MultiTenant")]
    [InlineData("SingleTenant")]
    [InlineData("UserAssignedMSI")]
    public async Task Channel_token_is_accepted_on_every_app_type(string appType)
    {
        await using var host = await BotTestHost.StartAsync(Settings(appType));

        var response = await host.PostActivityAsync(TestActivities.Message("hello"), LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Bot.Turns);
    }

    [Fact]
    public async Task Allowed_caller_still_cannot_use_a_channel_other_than_teams()
    {
        await using var host = await BotTestHost.StartAsync(Settings("SingleTenant", OtherAppId));

        var response = await host.PostActivityAsync(TestActivities.Message("hello", channelId: "webchat"), EntraToken("2.0", OtherAppId));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
    }
}
