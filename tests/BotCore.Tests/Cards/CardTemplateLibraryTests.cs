using System.Text.Json.Nodes;
using BotCore.Cards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotCore.Tests.Cards;

public sealed class CardTemplateLibraryTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cards-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Templates_are_found_by_name()
    {
        Write("greeting.json", """{"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Hi ${name}"}]}""");

        var card = new CardTemplateLibrary(_folder.FullName)["greeting"].Expand(JsonNode.Parse("""{"name": "Sam Sample"}"""));

        Assert.Equal("Hi Sam Sample", card["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void An_unknown_name_says_which_file_is_missing()
    {
        var library = new CardTemplateLibrary(_folder.FullName);

        var error = Assert.Throws<KeyNotFoundException>(() => library["nope"]);
        Assert.Contains("nope.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_template_fails_when_the_library_is_built_and_names_the_file()
    {
        Write("broken.json", """{"text": "${name +}"}""");

        var error = Assert.Throws<CardTemplateException>(() => new CardTemplateLibrary(_folder.FullName));
        Assert.Contains("broken.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_data_in_a_subfolder_is_not_taken_for_a_template()
    {
        Write("card.json", """{"type": "AdaptiveCard", "version": "1.5"}""");
        Directory.CreateDirectory(Path.Combine(_folder.FullName, "samples"));
        Write(Path.Combine("samples", "card.default.json"), "{}");

        Assert.Equal(["card"], new CardTemplateLibrary(_folder.FullName).Names);
    }

    [Fact]
    public async Task Start_up_fails_when_the_template_folder_is_missing()
    {
        using var host = BuildHost("no-such-folder-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));
        Assert.Contains("Cards:TemplateFolder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_registered_library_reads_the_configured_folder()
    {
        Write("card.json", """{"type": "AdaptiveCard", "version": "1.5"}""");
        using var host = BuildHost(_folder.FullName);

        var library = host.Services.GetRequiredService<CardTemplateLibrary>();

        Assert.Equal(["card"], library.Names);
    }

    [Fact]
    public void A_relative_folder_is_resolved_against_the_app_base_directory()
    {
        var options = new CardTemplateOptions { TemplateFolder = "cards" };

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "cards"), options.ResolvedFolder);
    }

    private static IHost BuildHost(string folder)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Cards:TemplateFolder"] = folder;
        builder.Services.AddCardTemplates();
        return builder.Build();
    }

    [Fact]
    public void Card_size_counts_the_bytes_sent_against_the_Teams_limit()
    {
        var small = new JsonObject { ["text"] = "plain" };
        var large = new JsonObject { ["text"] = new string('é', CardSize.TeamsLimitBytes / 4) };

        Assert.Equal("""{"text":"plain"}""".Length, CardSize.Utf8Bytes(small));
        Assert.True(CardSize.FitsInTeams(small));
        Assert.False(CardSize.FitsInTeams(large));
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_folder.FullName, name), content);
}
