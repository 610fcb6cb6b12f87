using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Features.Help;

/// <summary>
/// Usage written as <c>assess [client]</c>: the Playground and other HTML-aware renderers take <c>&lt;client&gt;</c> for a
/// tag and show nothing ("assess ", "staff add  as clinician").
/// </summary>
public sealed class CommandUsageTests
{
    [Fact]
    public async Task Every_command_usage_on_the_help_card_survives_an_html_renderer()
    {
        await using var app = await BotTestApp.StartAsync();
        var admin = await app.AddStaffAsync("admin-1", "Avery Admin", StaffRoles.Clinician | StaffRoles.Admin | StaffRoles.Supervisor);

        var help = System.Text.Json.JsonSerializer.Serialize(Assert.Single(await app.SayAsync(admin, "help")).Attachments![0].Content, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var usages = app.Get<CommandRouter>().Commands.Select(c => c.Usage).ToList();

        Assert.Contains("assess [client]", help);
        Assert.Contains("staff add [name or id] as clinician|supervisor|admin", help);
        Assert.All(usages, usage => Assert.DoesNotMatch("[<>]", usage));
        Assert.DoesNotMatch("<[a-z]", help);
    }

    [Fact]
    public void No_sentence_the_bot_says_spells_a_placeholder_as_an_html_tag()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "TreatmentPlanBot"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "cards"), "*.json"))
            .SelectMany(path => File.ReadLines(path).Select(line => (path, line)))
            .Where(l => !l.line.TrimStart().StartsWith("///", StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.IsMatch(l.line, @"\*\*[^*]*<[a-z][^*]*\*\*|""[a-z ]+ <[a-z ]+>"))
            .Select(l => $"{Path.GetFileName(l.path)}: {l.line.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }
}

/// <summary>A card button's answer is shown as typed (Teams and the Playground do not read Markdown there).</summary>
public sealed class ButtonAnswerTextTests
{
    [Fact]
    public async Task Open_plan_for_a_client_without_a_plan_answers_without_raw_markdown()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation.EnrolAsync(app, given: "Avery");

        var (_, body) = await app.InvokeAsync(clinician, "plan.show", new { clientId = "client-1" });

        Assert.Equal("Avery Example has no treatment plan yet. Say “plan Avery Example” to start one.", body.GetProperty("value").GetString());
    }
}
