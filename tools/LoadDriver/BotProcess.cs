using System.Globalization;
using System.Net.Http.Json;

namespace LoadDriver;

/// <summary>What the driver reads from the bot's side: its process CPU time and its own turn and storage counters.</summary>
internal static class BotProcess
{
    // USER_HZ: 100 on every Linux the project runs on (getconf CLK_TCK).
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time of the process, from /proc/&lt;pid&gt;/stat (fields 14 and 15), in milliseconds.</summary>
    public static double CpuMilliseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) * 1000 / TicksPerSecond;
    }

    /// <summary>
    /// The bot's running totals from GET /api/dev/counters (Development only): turns and storage round trips as the bot
    /// counts them. Null when the bot has no such endpoint.
    /// </summary>
    public static async Task<Dictionary<string, long>?> CountersAsync(HttpClient http, Uri countersUrl)
    {
        try
        {
            return await http.GetFromJsonAsync<Dictionary<string, long>>(countersUrl);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
