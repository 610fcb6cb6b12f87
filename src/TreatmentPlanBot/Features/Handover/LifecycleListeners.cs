using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Features.Handover;

/// <summary>Calls every <see cref="IClientLifecycleListener"/>; one failing never stops the others nor undoes the stored change.</summary>
public sealed class LifecycleListeners(IEnumerable<IClientLifecycleListener> listeners, ILogger<LifecycleListeners> logger)
{
    public Task ReassignedAsync(ClientReassigned change, CancellationToken cancellationToken) =>
        EachAsync(change.ClientId, l => l.ClientReassignedAsync(change, cancellationToken));

    public Task ClosedAsync(ClientClosed change, CancellationToken cancellationToken) =>
        EachAsync(change.ClientId, l => l.ClientClosedAsync(change, cancellationToken));

    private async Task EachAsync(string clientId, Func<IClientLifecycleListener, Task> call)
    {
        foreach (var listener in listeners)
        {
            try
            {
                await call(listener).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Lifecycle listener {Listener} failed for client {ClientId}", listener.GetType().Name, clientId);
            }
        }
    }
}
