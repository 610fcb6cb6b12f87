using BotCore.Hosting;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.People;

namespace TreatmentPlanBot.Tests.People;

/// <summary>Which tenant the bot's Graph tokens come from, and the settings checked at start-up.</summary>
public sealed class GraphSettingsTests
{
    [Theory]
    [InlineData(BotAppTypes.MultiTenant, "person-tenant")]
    [InlineData(BotAppTypes.SingleTenant, "bot-tenant")]
    [InlineData(BotAppTypes.UserAssignedMsi, "bot-tenant")]
    public void Tokens_come_from_the_persons_tenant_for_a_multi_tenant_bot_and_from_its_own_otherwise(string appType, string expected)
    {
        var credentials = new BotGraphCredentials(
            Options.Create(new BotOptions { MicrosoftAppType = appType, MicrosoftAppId = "bot-app-id", MicrosoftAppPassword = "synthetic", MicrosoftAppTenantId = "bot-tenant" }),
            Options.Create(new GraphOptions()));

        Assert.Equal(expected, credentials.TenantFor("person-tenant"));
    }

    [Fact]
    public void Graph_switched_on_needs_the_bots_credentials_and_the_catalog_id()
    {
        var validator = new GraphOptionsValidator(Options.Create(new BotOptions()));

        var result = validator.Validate(null, new GraphOptions { Enabled = true });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Graph:Enabled needs the bot's credentials", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Graph:TeamsAppCatalogId is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://graph.example.org/v1.0", false)]
    [InlineData("http://127.0.0.1:5000/v1.0", true)]
    [InlineData("https://graph.microsoft.us/v1.0", true)]
    public void Graph_is_reached_over_https_except_on_this_machine(string baseUrl, bool valid)
    {
        var validator = new GraphOptionsValidator(Options.Create(new BotOptions { MicrosoftAppId = "bot-app-id" }));

        var result = validator.Validate(null, new GraphOptions { Enabled = true, BaseUrl = baseUrl, TeamsAppCatalogId = "catalog-app-1" });

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void Graph_switched_off_checks_nothing()
    {
        var validator = new GraphOptionsValidator(Options.Create(new BotOptions()));

        Assert.True(validator.Validate(null, new GraphOptions { Enabled = false, BaseUrl = "not a url" }).Succeeded);
    }
}
