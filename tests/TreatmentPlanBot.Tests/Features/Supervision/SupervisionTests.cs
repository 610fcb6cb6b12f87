using System.Text.Json;
using BotCore.Cards;
using BotCore.Scheduling;
using BotCore.Tests.Storage;
using BotCore.Schema;
using TreatmentPlanBot.Features.Supervision;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Supervision;

/// <summary>
/// The supervisor's progress card: only their supervisees' clients, most urgent first, weekly in their own zone, notes
/// on plans for the clinician of record. Casey and Robin are Sam's supervisees; Drew is supervised by Pat.
/// </summary>
public abstract class SupervisionTests
{
    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task The_card_lists_only_the_supervisees_clients_open_risk_first_with_scores_direction_and_a_chart()
    {
        await using var app = await StartAsync();
        var (sam, pat, _) = await ClinicAsync(app);
        await AssessAsync(app, "client-alex", 18, 40);
        await AssessAsync(app, "client-alex", 12, 10);
        await AssessAsync(app, "client-quinn", 11, 10);
        await app.Get<ClientRecords>().AddRiskEventAsync("client-blake",
            new RiskEvent("risk-1", "PHQ-9 item 9", "High", "Thoughts of self-harm", DateTimeOffset.UtcNow.AddDays(-1), "clin-robin"), default);

        var card = CardOf(Assert.Single(await app.SayAsync(sam, "supervision")));
        var text = card.GetRawText();

        var clients = card.GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "Container").ToList();
        Assert.True(clients[0].GetRawText().Contains("Blake Example", StringComparison.Ordinal), text);
        Assert.Contains("Attention: Risk (High): open since", clients[0].GetRawText());
        Assert.Contains("Alex Example", clients[1].GetRawText());
        Assert.Contains("PHQ-9: 12", text);
        Assert.Contains("down 6 from 18", text);
        Assert.Contains("(better)", text);
        Assert.Contains("data:image/png;base64,", text);
        Assert.Contains("PHQ-9 scores: 18 on", text);
        Assert.DoesNotContain("Drew", text);
        Assert.DoesNotContain("Quinn Example", text);

        var patsCard = ReplyText.All(await app.SayAsync(pat, "supervision"));
        Assert.Contains("Quinn Example", patsCard);
        Assert.DoesNotContain("Alex Example", patsCard);
        Assert.DoesNotContain("Blake Example", patsCard);
    }

    [Fact]
    public async Task A_supervisor_without_supervisees_is_told_so_and_gets_no_weekly_card()
    {
        await using var app = await StartAsync();
        await ClinicAsync(app);
        var lone = await app.AddStaffAsync("sup-lone", "Lee Supervisor", StaffRoles.Supervisor);

        Assert.Equal(SupervisionCardBuilder.NoSupervisees, ReplyText.All(await app.SayAsync(lone, "supervision")));
        app.Connector.Clear();
        await app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(8));

        Assert.Empty(SentTo(app, lone));
    }

    [Fact]
    public async Task The_weekly_card_comes_once_per_week_and_each_run_schedules_the_next()
    {
        await using var app = await StartAsync();
        var (sam, _, _) = await ClinicAsync(app);
        await app.SayAsync(sam, "supervision settings Wednesday 07:30");
        await AssessAsync(app, "client-alex", 12, 10);
        app.Connector.Clear();
        var dispatcher = app.Get<ScheduledWorkDispatcher>();

        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(7.5));
        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(7.5));

        var sent = Assert.Single(SentTo(app, sam));
        Assert.True(ReplyText.Of(sent).Contains("Alex Example", StringComparison.Ordinal), ReplyText.Of(sent));
        Assert.Contains("every Wednesday at 07:30", ReplyText.Of(sent));
        var settings = (await app.Get<SupervisionSchedule>().GetAsync(BotTestApp.Tenant, sam.UserId, default)).Value;
        var next = await app.Get<WorkScheduler>().GetAsync(settings.NextItemId!, default);
        Assert.Equal(ScheduledWorkState.Pending, next!.State);
        Assert.InRange(next.DueAt, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow.AddDays(15));
    }

    [Fact]
    public async Task A_supervisor_who_blocked_the_bot_is_marked_and_still_has_next_weeks_card_scheduled()
    {
        await using var app = await StartAsync();
        var (sam, _, _) = await ClinicAsync(app);
        await app.SayAsync(sam, "supervision");
        app.Connector.Blocked[sam.PersonalConversationId] = true;

        await app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(8));

        var chat = await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, sam.UserId, default);
        Assert.Equal(Reachability.Blocked, chat!.Value.Reachability);
        var settings = (await app.Get<SupervisionSchedule>().GetAsync(BotTestApp.Tenant, sam.UserId, default)).Value;
        Assert.Equal(ScheduledWorkState.Pending, (await app.Get<WorkScheduler>().GetAsync(settings.NextItemId!, default))!.State);
    }

    [Fact]
    public async Task A_note_is_audited_shown_to_the_clinician_of_record_on_the_plan_card_and_refused_to_anyone_else()
    {
        await using var app = await StartAsync();
        var (sam, pat, casey) = await ClinicAsync(app);
        var form = CardOf(await app.InvokeAsync(sam, SupervisionCardActions.Note, new { clientId = "client-alex" }));
        var noteId = form.GetProperty("actions")[0].GetProperty("data").GetProperty("noteId").GetString()!;

        var saved = await app.InvokeAsync(sam, SupervisionCardActions.SaveNote, new { clientId = "client-alex", noteId, text = "Consider a sleep objective" });
        var again = await app.InvokeAsync(sam, SupervisionCardActions.SaveNote, new { clientId = "client-alex", noteId, text = "Consider a sleep objective" });
        var byPat = await app.InvokeAsync(pat, SupervisionCardActions.SaveNote, new { clientId = "client-alex", noteId = "other", text = "Not mine to write" });
        var byCasey = await app.InvokeAsync(casey, SupervisionCardActions.SaveNote, new { clientId = "client-alex", noteId = "casey", text = "Not a supervisor" });

        Assert.StartsWith("Your note on Alex Example's plan is saved", saved.Body.GetProperty("value").GetString());
        Assert.StartsWith("That note on Alex Example's plan was already saved", again.Body.GetProperty("value").GetString());
        Assert.Equal(AccessDecision.RefusalMessage, byPat.Body.GetProperty("value").GetString());
        Assert.Equal(AccessDecision.RefusalMessage, byCasey.Body.GetProperty("value").GetString());
        Assert.Single(await app.Get<ClientRecords>().ListSupervisionNotesAsync("client-alex", default));
        var audit = await app.Get<AuditLog>().ListAsync("client-alex", default);
        Assert.Contains(audit, a => a.ActorId == sam.UserId && a.Action == nameof(ClientAction.AddSupervisionNote) && a.Allowed);
        Assert.Contains(audit, a => a.ActorId == pat.UserId && a.Action == nameof(ClientAction.AddSupervisionNote) && !a.Allowed);

        var plan = ReplyText.All(await app.SayAsync(casey, "show plan Alex"));
        Assert.Contains("Sam Supervisor: Consider a sleep objective", plan);
        Assert.DoesNotContain("Consider a sleep objective", ReplyText.All(await app.SayAsync(pat, "supervision")));
    }

    [Fact]
    public async Task Many_clients_are_paged_and_every_page_stays_under_the_card_budget()
    {
        await using var app = await StartAsync();
        var builder = app.Get<SupervisionCardBuilder>();
        var chart = app.Get<TreatmentPlanBot.Charts.OutcomeChartRenderer>().Render(new("PHQ-9", 0, 27, [new("Mild", 0, 27)],
            [new(new DateOnly(2026, 9, 3), 18), new(new DateOnly(2026, 10, 1), 14)], 18, 9, new DateOnly(2026, 12, 1)));
        var rows = Enumerable.Range(1, 25).Select(i => new SupervisionClientRow($"client-{i}", $"Client {i:00} Example", "Casey Clinician",
            i % 3 == 0 ? SupervisionUrgency.Urgent : SupervisionUrgency.Routine,
            [new(SupervisionUrgency.Routine, new string('x', 300)), new(SupervisionUrgency.Attention, "Review overdue since 1 Nov 2026.")], chart)).ToList();

        var pages = new List<SupervisionCardModel>();
        for (var page = 1; pages.Count == 0 || pages[^1].NextPage is not null; page++)
        {
            pages.Add(builder.Model(rows, new DateOnly(2026, 11, 30), page, "every Monday"));
        }

        Assert.True(pages.Count > 1);
        Assert.Equal(25, pages.Sum(p => p.Clients.Count));
        Assert.All(pages, p => Assert.True(CardSize.Utf8Bytes(app.Get<TreatmentPlanBot.Cards.CardRenderer>().Expand(SupervisionCardBuilder.Template, p)) <= CardPages.PageBudgetBytes));
    }

    [Fact]
    public void The_weekly_hour_is_the_supervisors_wall_clock_hour_across_daylight_saving()
    {
        var schedule = new SupervisionSchedule(null!, null!, null!, new BotCore.Time.Clocks(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new BotCore.Time.ClockOptions())), TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new SupervisionOptions()));
        var settings = new SupervisionSettings(BotTestApp.Tenant, "sup", DayOfWeek.Monday, new TimeOnly(8, 0), "America/New_York", null);

        var beforeChange = schedule.Next(settings, new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero));
        var afterChange = schedule.Next(settings, new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero).AddDays(5));

        Assert.Equal(new DateOnly(2026, 3, 9), beforeChange);
        Assert.Equal(new DateOnly(2026, 3, 9), afterChange);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero), schedule.ClockOf(settings).At(new DateOnly(2026, 3, 2), settings.At).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.Zero), schedule.ClockOf(settings).At(beforeChange, settings.At).ToUniversalTime());
        Assert.Equal(new DateOnly(2026, 3, 16), schedule.Next(settings, new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.Zero)));
    }

    /// <summary>Sam supervises Casey (Alex) and Robin (Blake); Pat supervises Drew (Quinn). Returns Sam, Pat and Casey, all in chat.</summary>
    private static async Task<(TestUser Sam, TestUser Pat, TestUser Casey)> ClinicAsync(BotTestApp app)
    {
        var sam = await app.AddStaffAsync("sup-sam", "Sam Supervisor", StaffRoles.Supervisor);
        var pat = await app.AddStaffAsync("sup-pat", "Pat Supervisor", StaffRoles.Supervisor);
        var casey = await app.AddStaffAsync("clin-casey", "Casey Clinician", StaffRoles.Clinician, supervisorId: sam.UserId);
        await app.AddStaffAsync("clin-robin", "Robin Clinician", StaffRoles.Clinician, supervisorId: sam.UserId);
        await app.AddStaffAsync("clin-drew", "Drew Clinician", StaffRoles.Clinician, supervisorId: pat.UserId);
        foreach (var user in new[] { sam, pat, casey })
        {
            await app.SayAsync(user, "help");
        }

        var today = Today(app);
        foreach (var (client, clinician, given) in new[] { ("client-alex", "clin-casey", "Alex"), ("client-blake", "clin-robin", "Blake"), ("client-quinn", "clin-drew", "Quinn") })
        {
            await EnrolAsync(app, client, clinician, given, "Example");
            await SavePlanAsync(app, Plan(client, today, Objective("obj-1", today.AddDays(60))));
        }

        await app.SayAsync(sam, "supervision");
        app.Connector.Clear();
        return (sam, pat, casey);
    }

    private static async Task AssessAsync(BotTestApp app, string clientId, int total, int daysAgo) =>
        await app.Get<ClientRecords>().AddAssessmentAsync(clientId,
            new AssessmentRecord($"assess-{clientId}-{daysAgo}", "PHQ-9", "PHQ-9", new Dictionary<int, int?>(), total, total >= 15 ? "Moderately severe" : "Moderate", null, [], [],
                DateTimeOffset.UtcNow.AddDays(-daysAgo), "clin", AssessmentMode.ClinicianForm), null, default);

    private static IReadOnlyList<Activity> SentTo(BotTestApp app, TestUser user) =>
        [.. app.Connector.Calls.Where(c => c.Method == "POST" && c.Activity?.Conversation?.Id == user.PersonalConversationId).Select(c => c.Activity!)];
}

public sealed class SupervisionOnSqliteTests : SupervisionTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class SupervisionOnAzuriteTests(AzuriteFixture azurite) : SupervisionTests
{
    protected override Task<BotTestApp> StartAsync() =>
        BotTestApp.StartAsync(TestStorage.Azurite, azurite, new Dictionary<string, string?> { ["Storage:TablePrefix"] = AzuriteFixture.UniqueTablePrefix() });
}
