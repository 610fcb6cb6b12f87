using Microsoft.Extensions.Options;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.People;

/// <summary>Which directory the bot uses, as the app is composed.</summary>
public sealed class PeopleDirectoryCompositionTests
{
    [Fact]
    public async Task In_development_without_graph_the_directory_is_the_playgrounds_people()
    {
        await using var app = await BotTestApp.StartAsync();

        var directory = app.Get<IPeopleDirectory>();
        var found = await directory.SearchAsync("00000000-0000-0000-0000-0000000000001", "supervisor");

        Assert.IsType<PlaygroundDirectory>(directory);
        Assert.Same(directory, app.Get<ITeamsAppInstaller>());
        Assert.Equal("demo-supervisor", Assert.Single(found.Value!).UserId);
    }

    [Fact]
    public async Task Graph_switched_on_without_the_bots_credentials_stops_start_up_naming_the_settings()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BotTestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Graph:Enabled"] = "true",
        }));

        Assert.Contains("Graph:Enabled needs the bot's credentials", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Graph:TeamsAppCatalogId is required", failure.Message, StringComparison.Ordinal);
    }
}
