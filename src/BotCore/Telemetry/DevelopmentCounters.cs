using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotCore.Telemetry;

/// <summary>
/// Running totals of the runtime's turn and storage counters, read by a load driver on this machine to report storage
/// round trips per turn. Listens from the moment <see cref="TelemetryEndpointRouteBuilderExtensions.MapDevelopmentCounters"/> maps it (Development only).
/// </summary>
public sealed class DevelopmentCounters : IDisposable
{
    public const string Path = "/api/dev/counters";

    private static readonly string[] Counted = ["botcore.turns", "botcore.storage.operations", "botcore.turn.state_races", "botcore.turn.failures"];

    private readonly MeterListener _listener = new();
    private readonly long[] _totals = new long[Counted.Length];

    // Storage round trips by operation and table ("botcore.storage.operations get Staff"): which reads a turn makes.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _storageBreakdown = new(StringComparer.Ordinal);

    public DevelopmentCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BotTelemetry.Name && Array.IndexOf(Counted, instrument.Name) >= 0)
            {
                listener.EnableMeasurementEvents(instrument, Array.IndexOf(Counted, instrument.Name));
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            Interlocked.Add(ref _totals[(int)state!], value);
            if (instrument.Name == "botcore.storage.operations")
            {
                string? operation = null, table = null;
                foreach (var tag in tags)
                {
                    operation = tag.Key == "db.operation.name" ? tag.Value as string : operation;
                    table = tag.Key == "db.collection.name" ? tag.Value as string : table;
                }

                _storageBreakdown.AddOrUpdate($"{instrument.Name} {operation} {table}", value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    /// <summary>
    /// Totals since the listener started, by instrument name, and the storage round trips by operation and table
    /// (keys <c>botcore.storage.operations {operation} {table}</c>; table names only, never keys).
    /// </summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var totals = Counted.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => Interlocked.Read(ref _totals[p.i]));
        foreach (var (key, value) in _storageBreakdown)
        {
            totals[key] = value;
        }

        return totals;
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>
    /// In Development only, maps <c>GET /api/dev/counters</c>: the totals as JSON. Requests from anywhere but this
    /// machine get 404, as does every request outside Development, where nothing is mapped.
    /// </summary>
    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment()
            || endpoints.ServiceProvider.GetService<DevelopmentCounters>() is not { } counters)
        {
            return endpoints;
        }

        endpoints.MapGet(Path, (HttpContext context) =>
            context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote) ? Results.Json(counters.Snapshot()) : Results.NotFound());
        return endpoints;
    }
}

public static class TelemetryEndpointRouteBuilderExtensions
{
    /// <summary>Development only, loopback only: <c>GET /api/dev/counters</c> (<see cref="DevelopmentCounters"/>).</summary>
    public static IEndpointRouteBuilder MapDevelopmentCounters(this IEndpointRouteBuilder endpoints) => DevelopmentCounters.Map(endpoints);
}
