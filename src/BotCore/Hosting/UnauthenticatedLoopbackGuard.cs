using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotCore.Hosting;

/// <summary>
/// Once the server listens, refuses to go on when the bot is unauthenticated (no app id) and any listening address
/// is reachable from other machines. The addresses are only known after the server has bound them.
/// </summary>
internal sealed partial class UnauthenticatedLoopbackGuard(
    IOptions<BotOptions> options,
    IServiceProvider services,
    ILogger<UnauthenticatedLoopbackGuard> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsAuthenticationDisabled)
        {
            return Task.CompletedTask;
        }

        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopbackAddress(a)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"MicrosoftAppId is not set, so the bot runs without authentication, which is allowed only on a loopback address; " +
                $"the server listens on {string.Join(", ", exposed)}. Listen on 127.0.0.1 or localhost only, or configure " +
                "MicrosoftAppId and MicrosoftAppPassword (or MicrosoftAppCertificatePath).");
        }

        LogUnauthenticated(logger);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsLoopbackAddress(string address)
    {
        try
        {
            return Loopback.IsLoopbackHost(BindingAddress.Parse(address).Host);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "MicrosoftAppId is not set: inbound requests are not authenticated (Development, loopback only)")]
    private static partial void LogUnauthenticated(ILogger logger);
}
