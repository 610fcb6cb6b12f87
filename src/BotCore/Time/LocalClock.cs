namespace BotCore.Time;

/// <summary>
/// The one clock: instants come from the <see cref="TimeProvider"/>, calendar days and times of day from one person's
/// time zone. "Today", a due date or "09:00 on Monday" means the same thing to the bot as to the person reading it,
/// whatever zone the server runs in (a clinician in California pressing a button at 17:00 is still on today's date).
/// </summary>
public sealed class LocalClock
{
    public LocalClock(TimeProvider time, TimeZoneInfo zone)
    {
        Time = time ?? throw new ArgumentNullException(nameof(time));
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
    }

    public TimeProvider Time { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>This instant, for storing (UTC).</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow();

    /// <summary>This instant as the person's wall clock shows it, with the offset in force now.</summary>
    public DateTimeOffset Now => ToLocal(Time.GetUtcNow());

    /// <summary>The person's calendar date now.</summary>
    public DateOnly Today => DateOf(Time.GetUtcNow());

    /// <summary>An instant as the person's wall clock showed (or will show) it, with the offset in force then.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The person's calendar date at an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>
    /// The instant the person's wall clock reads <paramref name="time"/> on <paramref name="date"/>. A time that a
    /// daylight-saving change skips (02:30 on the spring-forward night) is read as the same length of time after the
    /// change (03:30); a time that happens twice (01:30 on the fall-back night) is the first of the two.
    /// </summary>
    public DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var wall = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(wall))
        {
            // Before the gap the standard offset applies; the same UTC instant reads an hour later after it.
            var before = Zone.GetUtcOffset(wall.AddHours(-3));
            return TimeZoneInfo.ConvertTime(new DateTimeOffset(wall, before), Zone);
        }

        if (Zone.IsAmbiguousTime(wall))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(wall);
            return new DateTimeOffset(wall, offsets.Max());
        }

        return new DateTimeOffset(wall, Zone.GetUtcOffset(wall));
    }

    /// <summary>The first instant of <paramref name="date"/> in the person's zone.</summary>
    public DateTimeOffset StartOf(DateOnly date) => At(date, TimeOnly.MinValue);
}
