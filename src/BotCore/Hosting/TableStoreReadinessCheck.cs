using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BotCore.Hosting;

/// <summary>
/// Readiness: the table store answers a point read of an entity that never exists (one cheap request to the bot
/// state table). An app without a table store is ready. The registration bounds the check with a short timeout.
/// </summary>
internal sealed class TableStoreReadinessCheck(IServiceProvider services) : IHealthCheck
{
    public const string Name = "storage";
    public const string ReadinessTag = "ready";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var store = services.GetService<ITableStore>();
        if (store is null)
        {
            return HealthCheckResult.Healthy("No table store is registered.");
        }

        try
        {
            var table = await store.GetTableAsync(TableStorage.DefaultTableName, cancellationToken).ConfigureAwait(false);
            await table.GetAsync("readiness", "probe", cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (StorageException exception)
        {
            // The exception goes to the health check log only; the /readyz response never carries it.
            return new HealthCheckResult(context.Registration.FailureStatus, "The table store did not answer.", exception);
        }
    }
}
