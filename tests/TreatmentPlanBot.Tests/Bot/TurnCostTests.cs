using BotCore.Schema;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Bot;

/// <summary>
/// What a turn costs in storage, counted by a <see cref="CountingTableStore"/> around the app's store: an answer to a prompt reads and writes the conversation's state and
/// nothing else; the first turn of a conversation adds the staff read and the personal chat's address. And what is
/// not cached: a role removed on one instance is refused on the next turn served by another.
/// </summary>
public abstract class TurnCostTests
{
    private static readonly TestUser Clinician = new("clinician-cost", "Casey Rivera");
    private static readonly TestUser Admin = new("admin-cost", "Alex Admin");

    // No scheduler poll inside a counted turn (the work table is polled on a timer, not by turns): the longest allowed.
    private static readonly Dictionary<string, string?> QuietScheduler = new() { ["Scheduler:PollInterval"] = "00:10:00" };

    // The scheduler's scan of due work, on its own timer; a turn reads scheduled items by id, never by query.
    private const string ScannerQuery = "query ScheduledWork";

    protected abstract Task<BotTestApp> StartAsync(IDictionary<string, string?> settings, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null);

    /// <summary>Settings that put a second app on the first one's storage.</summary>
    protected abstract IDictionary<string, string?> SharedStorage();

    [Fact]
    public async Task A_first_turn_makes_at_most_four_storage_round_trips_and_an_answer_to_a_prompt_two()
    {
        await using var app = await StartAsync(QuietScheduler, CountingTableStore.Install);
        await app.AddStaffAsync(Clinician.UserId, Clinician.Name, StaffRoles.Clinician);
        await app.Get<CountingTableStore>().SchedulerSettledAsync();

        var (first, firstTrips) = await CountAsync(app, () => app.SayAsync(Clinician, "new client"));
        var (answer, answerTrips) = await CountAsync(app, () => app.SayAsync(Clinician, "Avery"));
        var (next, nextTrips) = await CountAsync(app, () => app.SayAsync(Clinician, "Sample"));

        Assert.Contains("given", ReplyText.All(first), StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(answer);
        Assert.NotEmpty(next);
        Assert.True(firstTrips.Values.Sum() <= 4, Describe("first turn", firstTrips));
        Assert.True(answerTrips.Values.Sum() <= 2, Describe("answer", answerTrips));
        Assert.True(nextTrips.Values.Sum() <= 2, Describe("next answer", nextTrips));
        Assert.DoesNotContain(answerTrips.Keys, k => k.EndsWith(" Staff", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_person_talking_in_two_conversations_never_rewrites_their_staff_entry()
    {
        await using var app = await StartAsync(QuietScheduler, CountingTableStore.Install);
        await app.AddStaffAsync(Clinician.UserId, Clinician.Name, StaffRoles.Clinician);
        var before = (await app.Get<StaffDirectory>().FindAsync(BotTestApp.Tenant, Clinician.UserId, default))!.ETag;

        var (_, trips) = await CountAsync(app, async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await app.SayAsync(Clinician, "help");
                await app.SendAsync(InSecondConversation(app, "help"));
            }

            return (IReadOnlyList<Activity>)[];
        });

        Assert.DoesNotContain(trips.Keys, k => k.EndsWith(" Staff", StringComparison.Ordinal) && !k.StartsWith("get ", StringComparison.Ordinal));
        Assert.Equal(before, (await app.Get<StaffDirectory>().FindAsync(BotTestApp.Tenant, Clinician.UserId, default))!.ETag);
    }

    [Fact]
    public async Task A_clinician_removed_on_one_instance_is_refused_on_their_next_turn_on_another()
    {
        var admins = new Dictionary<string, string?>(SharedStorage()) { ["Clinic:BootstrapAdmins:0"] = Admin.UserId };
        await using var first = await StartAsync(admins);
        await using var second = await StartAsync(admins);
        await first.AddStaffAsync(Clinician.UserId, Clinician.Name, StaffRoles.Clinician);

        // The second instance has served the clinician (whatever it could cache, it has), before and during a dialog.
        Assert.DoesNotContain("is for clinicians", ReplyText.All(await second.SayAsync(Clinician, "caseload")));
        await second.SayAsync(Clinician, "new client");
        await second.SayAsync(Clinician, "cancel");

        Assert.Contains("no longer has the clinician role", ReplyText.All(await first.SayAsync(Admin, "staff remove Casey role clinician")));

        Assert.Contains("**caseload** is for", ReplyText.All(await second.SayAsync(Clinician, "caseload")));
        Assert.Contains("**new client** is for", ReplyText.All(await second.SayAsync(Clinician, "new client")));
    }

    private static Activity InSecondConversation(BotTestApp app, string text) => app.MessageFrom(Clinician) with
    {
        Text = text,
        Conversation = new ConversationAccount { Id = $"a:second-{Clinician.UserId}", ConversationType = "personal", TenantId = BotTestApp.Tenant },
    };

    /// <summary>Runs one or more turns and returns the storage round trips they made, by "operation table".</summary>
    private static async Task<(IReadOnlyList<Activity> Replies, Dictionary<string, long> Trips)> CountAsync(BotTestApp app, Func<Task<IReadOnlyList<Activity>>> turns)
    {
        var counters = app.Get<CountingTableStore>();
        var before = counters.Snapshot();
        var replies = await turns();
        var trips = counters.Snapshot()
            .Select(p => (p.Key, Count: p.Value - before.GetValueOrDefault(p.Key)))
            .Where(p => p.Count > 0 && p.Key != ScannerQuery)
            .ToDictionary(p => p.Key, p => p.Count);
        return (replies, trips);
    }

    private static string Describe(string turn, Dictionary<string, long> trips) =>
        $"{turn}: {trips.Values.Sum()} round trips ({string.Join(", ", trips.Select(p => $"{p.Key} x{p.Value}"))})";
}

public sealed class TurnCostOnSqliteTests : TurnCostTests
{
    private readonly string _database = Path.Combine(Directory.CreateTempSubdirectory("tpb-turncost-").FullName, "shared.db");

    protected override Task<BotTestApp> StartAsync(IDictionary<string, string?> settings, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        BotTestApp.StartAsync(TestStorage.Sqlite, settings: settings, services: services);

    protected override IDictionary<string, string?> SharedStorage() => new Dictionary<string, string?> { ["Storage:SqlitePath"] = _database };
}

[Collection(AppAzuriteCollection.Name)]
public sealed class TurnCostOnAzuriteTests(AzuriteFixture azurite) : TurnCostTests
{
    private readonly string _prefix = AzuriteFixture.UniqueTablePrefix();

    protected override Task<BotTestApp> StartAsync(IDictionary<string, string?> settings, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        BotTestApp.StartAsync(TestStorage.Azurite, azurite, settings, services: services);

    protected override IDictionary<string, string?> SharedStorage() => new Dictionary<string, string?> { ["Storage:TablePrefix"] = _prefix };
}
