using Microsoft.Extensions.Hosting;

namespace BotCore.Scheduling;

/// <summary>Runs the dispatcher for the life of the host. Every instance runs one; ETag-guarded leases keep them apart.</summary>
internal sealed class ScheduledWorkService(ScheduledWorkDispatcher dispatcher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dispatcher.RunAsync(stoppingToken);
}
