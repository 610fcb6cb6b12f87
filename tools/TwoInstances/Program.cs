using System.Globalization;
using TreatmentPlanBot.Hosting;
using TwoInstances;

// The long run of "two instances as one" (tools/two-instances.sh starts Azurite and the two bot processes, then this):
// a round-robin proxy in front of the instances, the recording channel their replies and proactive sends go to, and
// the run. Storage settings come from the environment (Storage__Provider, Storage__ConnectionString,
// Storage__TablePrefix), the same the bots were started with, so the seeding and the counting read the same tables.
var values = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    values[args[i].TrimStart('-')] = args[i + 1];
}

string Get(string name, string fallback) => values.TryGetValue(name, out var value) ? value : fallback;
int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var instances = Get("instances", "http://127.0.0.1:4281,http://127.0.0.1:4282").Split(',').Select(u => new Uri(u.TrimEnd('/') + "/")).ToList();
var minutes = double.Parse(Get("minutes", "5"), CultureInfo.InvariantCulture);
var duration = TimeSpan.FromMinutes(minutes);
var settings = new RunSettings(
    Conversations: Int("conversations", 64),
    Duration: duration,
    ScreeningsPerConversation: null,
    CheckIns: Int("checkins", 256),
    CheckInsDueFrom: duration * 0.05,
    CheckInsDueUntil: duration * 0.8,
    SettleTimeout: TimeSpan.FromMinutes(3));

await using var channel = await RecordingChannel.StartAsync(Int("reply-port", 4283));
await using var proxy = await RoundRobinProxy.StartAsync(Int("proxy-port", 4280), instances);

// The app's own services over the shared storage, never started: no endpoint, no dispatcher; only for seeding and counting.
await using var app = BotWebApp.Create(["--environment", "Development", "--contentRoot", AppContext.BaseDirectory], builder => builder.Logging.ClearProviders());
var clinic = new RunClinic(app.Services, Get("tenant", "tenant-two-instances"));

Console.Error.WriteLine($"{settings.Conversations} conversations for {minutes} min through {proxy.Address} to {string.Join(", ", instances)}; {settings.CheckIns} check-ins due during the run");
var report = await TwoInstanceRun.RunAsync(settings, clinic, proxy, channel, Console.Error.WriteLine);
Console.WriteLine(report);
return report.AsOne ? 0 : 1;
