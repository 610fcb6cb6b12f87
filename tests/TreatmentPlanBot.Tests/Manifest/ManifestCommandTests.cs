using System.Text.Json;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Manifest;

/// <summary>The command menu Teams shows comes from manifest.json; every entry must be something the bot answers.</summary>
public sealed class ManifestCommandTests
{
    // "cancel" is answered by the handler itself (it ends whatever dialog is active), so no IBotCommand carries it.
    private const string HandledByTheHandler = "cancel";

    private static readonly string[] ClinicianCommandsOfIssue5 = ["new client", "screen", "assess", "plan", "show plan", "caseload", "help", "cancel"];

    [Fact]
    public async Task Every_command_in_the_manifest_menu_is_one_the_bot_recognises()
    {
        await using var app = await BotTestApp.StartAsync();
        var router = app.Get<CommandRouter>();

        var unknown = MenuCommands()
            .Where(title => !title.Equals(HandledByTheHandler, StringComparison.OrdinalIgnoreCase))
            .Where(title => router.Match(title) is not { } match || !match.Command.Name.Equals(title, StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.True(unknown.Count == 0, $"The manifest lists commands the bot does not recognise: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_clinician_command_of_issue_5_is_in_the_manifest_menu()
    {
        var menu = MenuCommands();

        var missing = ClinicianCommandsOfIssue5.Where(c => !menu.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();

        Assert.True(missing.Count == 0, $"The manifest's command list lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_menu_stays_within_the_ten_commands_teams_shows()
    {
        Assert.InRange(MenuCommands().Count, 1, 10);
    }

    private static List<string> MenuCommands()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("manifest", "manifest.json")));
        return [.. manifest.RootElement.GetProperty("bots").EnumerateArray()
            .SelectMany(bot => bot.GetProperty("commandLists").EnumerateArray())
            .SelectMany(list => list.GetProperty("commands").EnumerateArray())
            .Select(command => command.GetProperty("title").GetString()!)];
    }
}
