using System.Globalization;
using System.Text.Json;
using BotCore.Schema;

namespace BotCore.Time;

/// <summary>Reading a person's time zone from what the channel sends, and finding zones by their IANA names.</summary>
public static class TimeZones
{
    /// <summary>The zone with this IANA (or Windows) id, or null when the id is empty or unknown here.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>
    /// The IANA id of the sender's zone: Teams sends it as <c>localTimezone</c> on the activity and as the
    /// <c>timezone</c> of its <c>clientInfo</c> entity. Null when neither names a zone known here.
    /// </summary>
    public static string? IdOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Find(activity.LocalTimezone) is not null)
        {
            return activity.LocalTimezone!.Trim();
        }

        var fromClientInfo = activity.Entities?
            .Where(e => string.Equals(e.Type, "clientInfo", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Properties is { } p && p.TryGetValue("timezone", out var tz) && tz.ValueKind == JsonValueKind.String ? tz.GetString() : null)
            .FirstOrDefault(id => Find(id) is not null);
        return fromClientInfo?.Trim();
    }

    /// <summary>
    /// The sender's zone: the named zone when the channel sent one; else a fixed zone at the offset of the activity's
    /// <c>localTimestamp</c> (right for today, blind to a daylight-saving change ahead); else null.
    /// </summary>
    public static TimeZoneInfo? Of(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Find(IdOf(activity)) is { } named)
        {
            return named;
        }

        return activity.LocalTimestamp is { Offset: var offset } && offset.Ticks % TimeSpan.TicksPerMinute == 0 && Math.Abs(offset.TotalHours) <= 14
            ? FixedOffset(offset)
            : null;
    }

    public static TimeZoneInfo FixedOffset(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
        {
            return TimeZoneInfo.Utc;
        }

        var name = "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
    }
}
