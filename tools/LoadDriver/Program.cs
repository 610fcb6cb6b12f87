using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LoadDriver;

// Plays Teams against a running bot on loopback: N personal conversations each run a six-prompt waterfall over and
// over (one message per turn, the next sent when the previous turn's HTTP call returns, as one person typing as fast as
// the bot answers); the bot's replies go to a stub connector this process hosts. Reports turns/s, turn latency
// percentiles, the bot process's CPU per turn and, when the bot exposes them, its storage round trips per turn.
var options = Options.Parse(args);
await using var channel = await ChannelStub.StartAsync(options.ReplyPort);
using var http = new HttpClient { BaseAddress = options.Bot, Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.ConnectionClose = false;
var script = Scripts.For(options.Script);
var run = Guid.NewGuid().ToString("N")[..8];

var latencies = new List<double>[options.Concurrency];
var errors = 0L;
var warmupTurns = 0L;
var warmupOver = false;
var measuring = false;
using var stop = new CancellationTokenSource();

async Task ConversationAsync(int index)
{
    var mine = latencies[index] = [];
    var conversationId = $"a:bench-{run}-{index}";
    var turn = 0;
    while (!stop.IsCancellationRequested)
    {
        foreach (var text in script)
        {
            var activity = Activities.Message(options, channel.ServiceUrl, conversationId, $"{run}-{index}-{turn++}", text);
            var started = Stopwatch.GetTimestamp();
            var counted = Volatile.Read(ref measuring);
            try
            {
                using var response = await http.PostAsJsonAsync("api/messages", activity);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }

            if (counted && Volatile.Read(ref measuring))
            {
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else if (!Volatile.Read(ref warmupOver))
            {
                Interlocked.Increment(ref warmupTurns);
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}

var countersUrl = new Uri(options.Bot, "api/dev/counters");
var workers = Enumerable.Range(0, options.Concurrency).Select(i => Task.Run(() => ConversationAsync(i))).ToList();
await Task.Delay(options.Warmup);

var cpuBefore = options.Pid is { } pid ? BotProcess.CpuMilliseconds(pid) : (double?)null;
var storageCpuBefore = options.StoragePid is { } storagePid ? BotProcess.CpuMilliseconds(storagePid) : (double?)null;
var driverCpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
var countersBefore = await BotProcess.CountersAsync(http, countersUrl);
var clock = Stopwatch.StartNew();
Volatile.Write(ref warmupOver, true);
Volatile.Write(ref measuring, true);
await Task.Delay(options.Duration);
Volatile.Write(ref measuring, false);
var elapsed = clock.Elapsed.TotalSeconds;
var cpuAfter = options.Pid is { } pid2 ? BotProcess.CpuMilliseconds(pid2) : (double?)null;
var storageCpuAfter = options.StoragePid is { } storagePid2 ? BotProcess.CpuMilliseconds(storagePid2) : (double?)null;
var driverCpuAfter = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
var countersAfter = await BotProcess.CountersAsync(http, countersUrl);
await stop.CancelAsync();
await Task.WhenAll(workers);

var all = latencies.SelectMany(l => l).Order().ToList();
double? Percentile(double p) => all.Count == 0 ? null : Math.Round(all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)], 1);
var turns = all.Count;
double? storagePerTurn = countersBefore is not null && countersAfter is not null
    && countersAfter.GetValueOrDefault("botcore.turns") - countersBefore.GetValueOrDefault("botcore.turns") is > 0 and var botTurns
        ? (countersAfter.GetValueOrDefault("botcore.storage.operations") - countersBefore.GetValueOrDefault("botcore.storage.operations")) / (double)botTurns
        : null;
// Which round trips those were, per turn ("get Staff": 1.0), when the bot breaks them down by operation and table.
const string StoragePrefix = "botcore.storage.operations ";
var storageByOperation = countersBefore is not null && countersAfter is not null
    && countersAfter.GetValueOrDefault("botcore.turns") - countersBefore.GetValueOrDefault("botcore.turns") is > 0 and var turnsCounted
        ? countersAfter.Where(p => p.Key.StartsWith(StoragePrefix, StringComparison.Ordinal))
            .Select(p => (Key: p.Key[StoragePrefix.Length..], PerTurn: Math.Round((p.Value - countersBefore.GetValueOrDefault(p.Key)) / (double)turnsCounted, 2)))
            .Where(p => p.PerTurn > 0)
            .OrderByDescending(p => p.PerTurn)
            .ToDictionary(p => p.Key, p => p.PerTurn)
        : null;
var report = new
{
    label = options.Label,
    script = options.Script,
    concurrency = options.Concurrency,
    seconds = Math.Round(elapsed, 1),
    turns,
    turnsPerSecond = Math.Round(turns / elapsed, 1),
    // The warm-up's own rate, from a fresh start: how far below its steady state a just-started process runs (.NET
    // recompiles hot code with profile data for its first seconds).
    warmupTurnsPerSecond = Math.Round(Interlocked.Read(ref warmupTurns) / options.Warmup.TotalSeconds, 1),
    p50Ms = Percentile(0.50),
    p95Ms = Percentile(0.95),
    p99Ms = Percentile(0.99),
    cpuMsPerTurn = cpuBefore is { } before && cpuAfter is { } after && turns > 0 ? Math.Round((after - before) / turns, 2) : (double?)null,
    // Where the machine's CPU went in the window, per turn: the storage emulator's process (Azurite is one Node thread,
    // so a share near 1.0 core means it is the queue) and this driver's own (it shares the machine with the bot).
    storageCpuMsPerTurn = storageCpuBefore is { } sb && storageCpuAfter is { } sa && turns > 0 ? Math.Round((sa - sb) / turns, 2) : (double?)null,
    storageCpuCores = storageCpuBefore is { } sb2 && storageCpuAfter is { } sa2 ? Math.Round((sa2 - sb2) / (elapsed * 1000), 2) : (double?)null,
    driverCpuMsPerTurn = turns > 0 ? Math.Round((driverCpuAfter - driverCpuBefore) / turns, 2) : (double?)null,
    storageRoundTripsPerTurn = storagePerTurn is { } s ? Math.Round(s, 2) : (double?)null,
    errors = Interlocked.Read(ref errors),
    stateRaces = countersBefore is not null && countersAfter is not null
        ? countersAfter.GetValueOrDefault("botcore.turn.state_races") - countersBefore.GetValueOrDefault("botcore.turn.state_races")
        : (long?)null,
    replies = channel.Replies,
    storageByOperation,
};
Console.WriteLine(JsonSerializer.Serialize(report));
// No turn finished inside the window: nothing was measured.
return turns == 0 ? 1 : 0;

internal sealed record Options(Uri Bot, string Script, int Concurrency, TimeSpan Duration, TimeSpan Warmup, int? Pid, int? StoragePid, int ReplyPort, string Label, string TenantId, string UserId)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Get(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var bot = new Uri(Get("bot", "http://127.0.0.1:4008/").TrimEnd('/') + "/");
        if (!bot.IsLoopback)
        {
            throw new ArgumentException("The load driver only drives a bot on this machine (a loopback address).");
        }

        return new Options(
            bot,
            Get("script", "bot"),
            Int("concurrency", 1),
            TimeSpan.FromSeconds(double.Parse(Get("seconds", "20"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Get("warmup", "3"), CultureInfo.InvariantCulture)),
            values.TryGetValue("pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            values.TryGetValue("storage-pid", out var storagePid) ? int.Parse(storagePid, CultureInfo.InvariantCulture) : null,
            Int("reply-port", 4080),
            Get("label", string.Empty),
            // The demo clinic's tenant and clinician (Clinic:Demo), who may screen a new client.
            Get("tenant", "00000000-0000-0000-0000-0000000000001"),
            Get("user", "00000000-0000-0000-0000-0000000000020"));
    }
}
