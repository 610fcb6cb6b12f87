using BotCore.Schema;
using Microsoft.Extensions.Options;

namespace BotCore.Time;

/// <summary>Gives out <see cref="LocalClock"/>s: for the person in a turn, for a person whose zone was stored, or the fallback.</summary>
public sealed class Clocks
{
    private readonly TimeProvider _time;

    public Clocks(TimeProvider time, IOptions<ClockOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Fallback = new LocalClock(time, TimeZones.Find(options.Value.FallbackTimeZone) ?? TimeZoneInfo.Utc);
    }

    /// <summary>The configured zone's clock, for work that belongs to no one person's day.</summary>
    public LocalClock Fallback { get; }

    /// <summary>The clock of the person who sent <paramref name="activity"/>.</summary>
    public LocalClock For(Activity activity) =>
        TimeZones.Of(activity) is { } zone ? new LocalClock(_time, zone) : Fallback;

    /// <summary>The clock of a person whose zone id was stored from an earlier turn (proactive work).</summary>
    public LocalClock For(string? timeZoneId) =>
        TimeZones.Find(timeZoneId) is { } zone ? new LocalClock(_time, zone) : Fallback;
}
