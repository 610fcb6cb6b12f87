using System.Net.Http.Json;
using System.Text.Json;
using BotCore.Schema;
using BotCore.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Hosting;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Tests.Support;

public enum TestStorage
{
    Sqlite,
    Azurite,
}

/// <summary>A person talking to the bot in the tests: their Teams identity.</summary>
public sealed record TestUser(string UserId, string Name, string TenantId = BotTestApp.Tenant)
{
    public string PersonalConversationId => $"a:personal-{UserId}";
}

/// <summary>
/// The real bot, started as the app starts (same composition, real Kestrel on loopback, real storage: a temporary
/// SQLite file or Azurite), talking to a <see cref="FakeConnector"/> that records what it sends. Tests post activities
/// to /api/messages exactly as Teams or the Agents Playground would and read back replies, invoke responses and storage.
/// The bot's clock is <see cref="Time"/>, a <see cref="TestClock"/> a test moves forward; compare with it (or
/// <see cref="Now"/>), never with the machine's clock.
/// </summary>
public sealed class BotTestApp : IAsyncDisposable
{
    public const string Tenant = "tenant-test";
    public const string GroupConversationId = "19:group-chat@thread.v2";

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly string? _sqliteDirectory;
    private int _nextActivity;

    private BotTestApp(WebApplication app, FakeConnector connector, string? sqliteDirectory, TestClock time)
    {
        _app = app;
        Connector = connector;
        Time = time;
        _sqliteDirectory = sqliteDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public FakeConnector Connector { get; }

    /// <summary>Where this instance listens (a load balancer in front of several instances forwards here).</summary>
    public Uri Address => _http.BaseAddress!;

    /// <summary>The bot's clock (unless a test registered its own <see cref="TimeProvider"/>): advance it to move "now".</summary>
    public TestClock Time { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BotTestApp> StartAsync(TestStorage storage = TestStorage.Sqlite, AzuriteFixture? azurite = null, IDictionary<string, string?>? settings = null, BotCore.Tests.Hosting.Support.LogCapture? logs = null, Action<IServiceCollection>? services = null)
    {
        var connector = await FakeConnector.StartAsync();
        string? sqliteDirectory = null;
        var configuration = new Dictionary<string, string?>
        {
            ["Clinic:SeedDemoData"] = "false",
        };
        if (storage == TestStorage.Sqlite)
        {
            sqliteDirectory = Directory.CreateTempSubdirectory("tpb-app-").FullName;
            configuration["Storage:Provider"] = "Sqlite";
            configuration["Storage:SqlitePath"] = Path.Combine(sqliteDirectory, "bot.db");
        }
        else
        {
            ArgumentNullException.ThrowIfNull(azurite);
            configuration["Storage:Provider"] = "AzureTables";
            configuration["Storage:ConnectionString"] = azurite.ConnectionString;
            configuration["Storage:TablePrefix"] = AzuriteFixture.UniqueTablePrefix();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var time = new TestClock();
        var app = BotWebApp.Create(["--environment", "Development", "--urls", "http://127.0.0.1:0", "--contentRoot", AppContext.BaseDirectory], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }

            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton<TimeProvider>(time);

            // After the providers are cleared, so a test can add its own (an OpenTelemetry in-memory exporter).
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new BotTestApp(app, connector, sqliteDirectory, time);
    }

    /// <summary>The bot's "now" (its registered clock, fake unless a test replaced it).</summary>
    public DateTimeOffset Now => Get<TimeProvider>().GetUtcNow();

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Enrols a staff member directly in the directory, as an admin would.</summary>
    public async Task<TestUser> AddStaffAsync(string userId, string name, StaffRoles roles, string? supervisorId = null, IReadOnlyList<string>? treats = null, IReadOnlyList<string>? doesNotTreat = null)
    {
        await Get<StaffDirectory>().SaveAsync(new StaffMember(Tenant, userId, name, roles)
        {
            SupervisorId = supervisorId,
            TreatedAreas = treats ?? [],
            NotTreatedAreas = doesNotTreat ?? [],
        }, null, CancellationToken.None);
        return new TestUser(userId, name);
    }

    /// <summary>The user types a message; returns what the bot sent back during that turn.</summary>
    public Task<IReadOnlyList<Activity>> SayAsync(TestUser user, string text, bool inGroupChat = false) =>
        SendAsync(Message(user, inGroupChat) with { Text = text });

    /// <summary>The user presses an Action.Submit button (or an older client's fallback for Action.Execute).</summary>
    public Task<IReadOnlyList<Activity>> SubmitAsync(TestUser user, object value, string? cardActivityId = null, bool inGroupChat = false) =>
        SendAsync(Message(user, inGroupChat) with { Value = JsonSerializer.SerializeToElement(value, BotJson.Options), ReplyToId = cardActivityId });

    /// <summary>The user presses an Action.Execute button: an adaptiveCard/action invoke answered in the HTTP response.</summary>
    public async Task<(int Status, JsonElement Body)> InvokeAsync(TestUser user, string verb, object data, bool inGroupChat = false, string? localTimezone = null)
    {
        var activity = Message(user, inGroupChat) with
        {
            LocalTimezone = localTimezone,
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            Value = JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" }, BotJson.Options),
        };
        using var response = await _http.PostAsJsonAsync("/api/messages", activity, BotJson.Options);
        var body = response.Content.Headers.ContentLength is 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, body);
    }

    /// <summary>
    /// One button pressed twice within milliseconds (a double click): two activities, each with its own id as Teams
    /// gives them, posted together once both are ready. Returns what the bot sent back for both.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> SubmitTwiceAtOnceAsync(TestUser user, object value)
    {
        var before = Connector.Calls.Count;
        var data = JsonSerializer.SerializeToElement(value, BotJson.Options);
        var responses = await PostTogetherAsync([Message(user, false) with { Value = data }, Message(user, false) with { Value = data }]);
        foreach (var response in responses)
        {
            if (response.Status is < 200 or > 299)
            {
                throw new InvalidOperationException($"The bot answered {response.Status}: {response.Body}");
            }
        }

        return [.. Connector.Calls.Skip(before).Where(c => c.Method == "POST" && c.Activity is not null).Select(c => c.Activity!)];
    }

    /// <summary>
    /// Action.Execute presses released at the same instant, one per entry of <paramref name="presses"/> (the same data
    /// twice is a double click); every activity carries <paramref name="timestamp"/> when given. Returns each HTTP answer.
    /// </summary>
    public async Task<IReadOnlyList<(int Status, JsonElement Body)>> InvokeAtOnceAsync(TestUser user, string verb, IReadOnlyList<object> presses, DateTimeOffset? timestamp = null)
    {
        var activities = presses.Select(data => Message(user, false) with
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            Timestamp = timestamp ?? Now,
            Value = JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" }, BotJson.Options),
        }).ToList();
        var responses = await PostTogetherAsync(activities);
        return [.. responses.Select(r => (r.Status, r.Body.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(r.Body)))];
    }

    // Both requests are serialized and waiting on one gate before either is sent, so they reach the bot together.
    private async Task<IReadOnlyList<(int Status, string Body)>> PostTogetherAsync(IReadOnlyList<Activity> activities)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = activities.Select(async activity =>
        {
            using var content = new StringContent(JsonSerializer.Serialize(activity, BotJson.Options), System.Text.Encoding.UTF8, "application/json");
            await gate.Task;
            using var response = await _http.PostAsync("/api/messages", content);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }).ToList();
        gate.SetResult();
        return await Task.WhenAll(posts);
    }

    /// <summary>The user installs the app or opens the chat: Teams sends a conversationUpdate.</summary>
    public Task<IReadOnlyList<Activity>> JoinAsync(TestUser user, bool inGroupChat = false) =>
        SendAsync(Message(user, inGroupChat) with
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = [new ChannelAccount { Id = "28:bot", Name = "TreatmentPlanBot" }, new ChannelAccount { Id = $"29:{user.UserId}", AadObjectId = user.UserId, Name = user.Name }],
        });

    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        var before = Connector.Calls.Count;
        using var response = await _http.PostAsJsonAsync("/api/messages", activity, BotJson.Options);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The bot answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return [.. Connector.Calls.Skip(before).Where(c => c.Method == "POST" && c.Activity is not null).Select(c => c.Activity!)];
    }

    /// <summary>The message activity Teams would send for <paramref name="user"/>, to alter before <see cref="PostAsync"/>.</summary>
    public Activity MessageFrom(TestUser user, bool inGroupChat = false) => Message(user, inGroupChat);

    /// <summary>Posts a raw body to /api/messages and returns the HTTP status, whatever it is.</summary>
    public async Task<int> PostAsync(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/api/messages", content);
        return (int)response.StatusCode;
    }

    private Activity Message(TestUser user, bool inGroupChat) => new()
    {
        Type = ActivityTypes.Message,
        Id = $"activity-in-{Interlocked.Increment(ref _nextActivity)}",
        Timestamp = Now,
        ChannelId = "msteams",
        ServiceUrl = Connector.ServiceUrl,
        From = new ChannelAccount { Id = $"29:{user.UserId}", AadObjectId = user.UserId, Name = user.Name },
        Recipient = new ChannelAccount { Id = "28:bot", Name = "TreatmentPlanBot" },
        Conversation = inGroupChat
            ? new ConversationAccount { Id = GroupConversationId, ConversationType = "groupChat", IsGroup = true, TenantId = user.TenantId }
            : new ConversationAccount { Id = user.PersonalConversationId, ConversationType = "personal", TenantId = user.TenantId },
        ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = user.TenantId } }),
        Locale = "en-US",
    };

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Connector.DisposeAsync();
        DeleteSqliteDirectory(_sqliteDirectory);
    }

    /// <summary>Deletes a temporary folder of SQLite files once no pooled connection holds them (nothing when null).</summary>
    internal static void DeleteSqliteDirectory(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>What a reply says: its text, or the text of its card's text blocks.</summary>
public static class ReplyText
{
    public static string Of(Activity activity) => BotCore.Dialogs.Prompts.PromptCards.ReadableText(activity);

    public static string All(IEnumerable<Activity> activities) => string.Join("\n", activities.Select(Of));
}
