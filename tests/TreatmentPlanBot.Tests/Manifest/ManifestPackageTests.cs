using System.IO.Compression;
using System.Text.Json;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Manifest;

public sealed class ManifestPackageTests
{
    [Fact]
    public async Task Manifest_is_valid_against_the_teams_schema_with_icons_of_the_required_sizes()
    {
        var (exitCode, output) = await Repository.RunNodeAsync("manifest/package.mjs", "--check");

        Assert.True(exitCode == 0, output);
        Assert.Contains("is valid", output);
    }

    [Fact]
    public async Task An_invalid_manifest_is_refused_with_the_schema_error()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.json");
        var text = await File.ReadAllTextAsync(Repository.PathOf("manifest", "manifest.json"));
        await File.WriteAllTextAsync(broken, text.Replace("\"#006978\"", "\"teal\""));
        try
        {
            var (exitCode, output) = await Repository.RunNodeAsync("manifest/package.mjs", "--check", "--manifest", broken);

            Assert.Equal(1, exitCode);
            Assert.Contains("/accentColor", output);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task Package_fills_the_bot_id_from_settings_and_holds_manifest_and_icons()
    {
        var dir = Directory.CreateTempSubdirectory("manifest-");
        var settings = Path.Combine(dir.FullName, "appsettings.Production.json");
        await File.WriteAllTextAsync(settings, """{ "MicrosoftAppId": "0e7a1c55-1d2b-4c3d-9e8f-123456789abc", "Teams": { "AppVersion": "2.3.4" } }""");
        var zipPath = Path.Combine(dir.FullName, "app.zip");
        try
        {
            var (exitCode, output) = await Repository.RunNodeAsync("manifest/package.mjs", "--settings", settings, "--out", zipPath);
            Assert.True(exitCode == 0, output);

            using var zip = ZipFile.OpenRead(zipPath);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order().ToArray());
            using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
            var root = manifest.RootElement;
            Assert.Equal("0e7a1c55-1d2b-4c3d-9e8f-123456789abc", root.GetProperty("bots")[0].GetProperty("botId").GetString());
            Assert.Equal("0e7a1c55-1d2b-4c3d-9e8f-123456789abc", root.GetProperty("id").GetString());
            Assert.Equal("2.3.4", root.GetProperty("version").GetString());
            Assert.Equal(["personal"], root.GetProperty("bots")[0].GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Packaging_without_a_bot_id_says_which_setting_is_missing()
    {
        var (exitCode, output) = await Repository.RunNodeAsync("manifest/package.mjs", "--out", Path.Combine(Path.GetTempPath(), "never.zip"));

        Assert.Equal(1, exitCode);
        Assert.Contains("MicrosoftAppId is not set", output);
    }
}
