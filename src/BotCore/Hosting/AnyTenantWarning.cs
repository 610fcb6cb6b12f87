using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotCore.Hosting;

/// <summary>
/// A MultiTenant bot without AllowedTenants serves anyone who installs its Teams app in any tenant. That is the
/// default, so it is said once at start-up, where an operator reads it.
/// </summary>
internal sealed partial class AnyTenantWarning(IOptions<BotOptions> options, ILogger<AnyTenantWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsAuthenticationDisabled && options.Value.EffectiveTenants is null)
        {
            LogAnyTenant(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "AllowedTenants is empty and MicrosoftAppType is MultiTenant: activities from any Entra tenant are accepted. A clinic should set AllowedTenants to its tenant ids.")]
    private static partial void LogAnyTenant(ILogger logger);
}
