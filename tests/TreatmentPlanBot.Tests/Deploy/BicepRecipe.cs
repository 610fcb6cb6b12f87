using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Deploy;

/// <summary>deploy/main.bicep compiled once by the Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
public sealed class BicepRecipe : IAsyncLifetime
{
    public static string RecipePath => Repository.PathOf("deploy", "main.bicep");

    public int ExitCode { get; private set; }

    /// <summary>What the CLI wrote to stderr: errors and linter warnings.</summary>
    public string Diagnostics { get; private set; } = "";

    public JsonObject Template { get; private set; } = new();

    public async Task InitializeAsync()
    {
        if (!BicepFactAttribute.CanRun)
        {
            return;
        }

        var bicep = typeof(BicepRecipe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value;
        var start = new ProcessStartInfo(bicep!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", RecipePath, "--stdout" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        ExitCode = process.ExitCode;
        Diagnostics = await stderr;
        var json = await stdout;
        if (ExitCode == 0)
        {
            Template = JsonNode.Parse(json)!.AsObject();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The compiled resources of one type (ARM's languageVersion 2.0 keeps them in an object by symbolic name).</summary>
    public IReadOnlyList<JsonObject> Resources(string type)
    {
        var resources = Template["resources"] switch
        {
            JsonObject byName => byName.Select(r => r.Value!.AsObject()),
            JsonArray list => list.Select(r => r!.AsObject()),
            _ => [],
        };
        return resources.Where(r => (string?)r["type"] == type).ToList();
    }
}

/// <summary>A fact that needs the Bicep CLI, which the package carries for linux-x64 only; skipped elsewhere.</summary>
public sealed class BicepFactAttribute : FactAttribute
{
    public static bool CanRun => OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    public BicepFactAttribute()
    {
        if (!CanRun)
        {
            Skip = $"The Bicep CLI package referenced by the tests is for linux-x64; this is {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}.";
        }
    }
}
