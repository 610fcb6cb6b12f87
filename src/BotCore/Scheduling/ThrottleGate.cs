using System.Collections.Concurrent;

namespace BotCore.Scheduling;

/// <summary>
/// The dispatcher's shared back-off. A 429 for one item pauses every item with its pacing key (Teams throttles per app per
/// tenant, so the next item for that tenant would get 429 too); items without a pacing key share one key. The pause doubles
/// while 429s keep coming and resets after a run that is not throttled. Per process, like the send pacers.
/// </summary>
internal sealed class ThrottleGate(TimeProvider time, TimeSpan firstPause, TimeSpan maxPause)
{
    private const string Unkeyed = "";

    private readonly ConcurrentDictionary<string, Pause> pauses = new(StringComparer.Ordinal);

    public bool IsPaused(string? pacingKey) =>
        pauses.TryGetValue(pacingKey ?? Unkeyed, out var pause) && pause.Until > time.GetUtcNow();

    /// <summary>Records a 429 and returns when the key may run again.</summary>
    public DateTimeOffset Throttled(string? pacingKey, TimeSpan? retryAfter)
    {
        var now = time.GetUtcNow();
        var updated = pauses.AddOrUpdate(
            pacingKey ?? Unkeyed,
            _ => new Pause(now + Longer(firstPause, retryAfter), 1),
            (_, current) =>
            {
                // 429s from runs that started before the pause began are the same storm, not a reason to double again.
                if (current.Until > now)
                {
                    return current;
                }

                var doubled = TimeSpan.FromTicks(Math.Min(maxPause.Ticks, firstPause.Ticks << Math.Min(current.Strikes, 20)));
                return new Pause(now + Longer(doubled, retryAfter), current.Strikes + 1);
            });
        return updated.Until;
    }

    public void Succeeded(string? pacingKey)
    {
        var key = pacingKey ?? Unkeyed;
        if (pauses.TryGetValue(key, out var pause) && pause.Until <= time.GetUtcNow())
        {
            pauses.TryRemove(new KeyValuePair<string, Pause>(key, pause));
        }
    }

    // The service's Retry-After wins even over maxPause: asking earlier only earns another 429.
    private static TimeSpan Longer(TimeSpan pause, TimeSpan? retryAfter) =>
        retryAfter is { } after && after > pause ? after : pause;

    private sealed record Pause(DateTimeOffset Until, int Strikes);
}
