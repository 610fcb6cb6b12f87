using System.Diagnostics;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>Paths in the checked-out repository and the Node tools the tests use as oracles.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TreatmentPlanBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (the folder with TreatmentPlanBot.sln).");
    }

    /// <summary>Runs a Node script from the repository; fails the test clearly when the Node tools are not installed.</summary>
    public static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] arguments)
    {
        if (!Directory.Exists(PathOf("node_modules")))
        {
            throw new InvalidOperationException("node_modules is missing: run `npm ci` in the repository root (the test command does this).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
