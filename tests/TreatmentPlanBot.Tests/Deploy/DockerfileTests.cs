using System.Text.RegularExpressions;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Deploy;

/// <summary>
/// The Dockerfile is not built here (no Docker daemon in CI); these check what can be checked without one: what it
/// copies exists, it runs as a non-root user on 8080, and the templates it relies on are in the app's output.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Repository.PathOf("Dockerfile"));

    [Fact]
    public void Everything_the_build_stage_copies_exists_in_the_repository_and_is_not_docker_ignored()
    {
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Trim().TrimStart('*', '/').TrimEnd('/'))
            .ToList();
        var sources = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
        {
            var path = Repository.PathOf(source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"The Dockerfile copies {source}, which is not in the repository.");
            Assert.DoesNotContain(source.TrimEnd('/'), ignored);
        });
    }

    [Fact]
    public void Docker_context_leaves_out_build_output_local_data_node_modules_and_git()
    {
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.All(["**/bin/", "**/obj/", "**/.local/", "**/node_modules/", ".git/"], pattern => Assert.Contains(pattern, ignored));
    }

    [Fact]
    public void The_runtime_image_runs_as_a_non_root_user_on_port_8080()
    {
        var runtime = Lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(runtime);
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(RootUser(), user);
        Assert.Contains("EXPOSE 8080", runtime);
        Assert.Contains(runtime, l => l.Contains("ASPNETCORE_HTTP_PORTS=8080", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.Contains("\"TreatmentPlanBot.dll\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_card_template_is_in_the_apps_output_where_the_default_template_folder_points()
    {
        // The project copies cards/*.json to its output and publish folders alike (TreatmentPlanBot.csproj); the
        // default Cards:TemplateFolder "cards" resolves against the app's base directory, /app in the image.
        var templates = Directory.GetFiles(Repository.PathOf("cards"), "*.json").Select(Path.GetFileName).ToList();
        var output = Path.Combine(AppContext.BaseDirectory, new BotCore.Cards.CardTemplateOptions().TemplateFolder);

        Assert.NotEmpty(templates);
        Assert.All(templates, name => Assert.True(File.Exists(Path.Combine(output, name!)), $"{name} is not in the app's output folder {output}."));
    }

    [GeneratedRegex(@"^USER\s+(root|0)(:|\s*$)")]
    private static partial Regex RootUser();
}
