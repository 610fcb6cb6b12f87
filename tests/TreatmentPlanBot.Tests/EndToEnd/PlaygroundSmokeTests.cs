using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.EndToEnd;

/// <summary>
/// The quick start's promise, checked as a person would: the bot running locally, the Microsoft 365 Agents
/// Playground against it, and a browser showing the greeting and the answer to "help".
/// Needs Chromium (Debian: apt-get install chromium; elsewhere set CHROMIUM_PATH); test.sh installs it where it can.
/// </summary>
public sealed class PlaygroundSmokeTests
{
    [Fact]
    public async Task The_playground_shows_the_greeting_and_the_help_card()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium was not found at {chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH.");
        var playground = Repository.PathOf("node_modules", ".bin", OperatingSystem.IsWindows() ? "agentsplayground.cmd" : "agentsplayground");
        Assert.True(File.Exists(playground), "The Agents Playground is not installed: run `npm ci` in the repository root.");

        await using var app = await BotTestApp.StartAsync();
        var botAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = FreePort();
        using var process = Process.Start(new ProcessStartInfo(playground)
        {
            ArgumentList = { "-e", $"{botAddress}/api/messages", "-c", "msteams", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disable-telemetry" },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var playgroundOutput = process.StandardOutput.ReadToEndAsync();
        try
        {
            await WaitUntilListeningAsync(port, process);

            var (exitCode, output) = await Repository.RunNodeAsync(
                Repository.PathOf("tests", "TreatmentPlanBot.Tests", "EndToEnd", "playground-smoke.cjs"), $"http://localhost:{port}", chromium);

            Assert.True(exitCode == 0, output);
            Assert.Contains("seen: help card", output);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            _ = await playgroundOutput;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListeningAsync(int port, Process process)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            Assert.False(process.HasExited, "The Agents Playground stopped while starting.");
            try
            {
                using var response = await client.GetAsync(new Uri($"http://localhost:{port}/"));
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(500);
            }
        }

        Assert.Fail("The Agents Playground did not start listening within a minute.");
    }
}
