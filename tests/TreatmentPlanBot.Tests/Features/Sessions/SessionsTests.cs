using BotCore.Scheduling;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.Sessions;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Sessions;

/// <summary>Sessions, the insurance authorisation and prep, over HTTP against the real app; each test re-reads storage.</summary>
public abstract class SessionsTests
{
    private const string ClientId = "client-robin";

    protected abstract Task<BotTestApp> StartAsync();

    private sealed record Clinic(BotTestApp App, TestUser Clinician, TestUser Supervisor, DateOnly Today);

    private async Task<Clinic> ArrangeAsync(int authorised = 12, int used = 0, int expiresInDays = 180, int objectiveDueInDays = 56)
    {
        var app = await StartAsync();
        var supervisor = await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        var today = Today(app);
        await EnrolAsync(app, ClientId, "clin-1", "Robin", "Example", p => p with
        {
            Insurance = authorised == 0 ? null : new InsuranceAuthorisation("Example Health", "AUTH-1", authorised, used, today.AddDays(expiresInDays)) { Id = "auth-1", Starts = today.AddDays(-30) },
        });
        await SavePlanAsync(app, Plan(ClientId, today, Objective("obj-1", today.AddDays(objectiveDueInDays))));
        return new Clinic(app, clinician, supervisor, today);
    }

    private static object Session(Clinic c, string sessionId, string attendance, string? heldOn = null, object? extra = null)
    {
        var data = new Dictionary<string, string>
        {
            ["clientId"] = ClientId,
            ["sessionId"] = sessionId,
            ["heldOn"] = heldOn ?? c.Today.ToString("yyyy-MM-dd"),
            ["attendance"] = attendance,
            ["interventions"] = "obj-1-int",
            ["task:obj-1-task"] = "partly",
            ["note"] = "Talked about the weekend plan",
        };
        return data;
    }

    private static async Task<InsuranceAuthorisation> InsuranceAsync(Clinic c) =>
        (await c.App.Get<ClientRecords>().GetProfileAsync(ClientId, default))!.Value.Insurance!;

    [Fact]
    public async Task An_attended_session_counts_against_the_authorisation_and_cancelled_or_no_show_do_not()
    {
        var c = await ArrangeAsync();
        await using var app = c.App;

        var attended = Text(CardOf(await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "attended"))));
        await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-2", "cancelled"));
        await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-3", "noShow"));

        Assert.Contains("Session recorded", attended);
        Assert.Contains("11 of 12 authorised sessions left", attended);
        Assert.Contains("1 used of 12 authorised · 11 left", attended);
        Assert.Equal(1, (await InsuranceAsync(c)).SessionsUsed);
        var sessions = await app.Get<ClientRecords>().ListSessionsAsync(ClientId, default);
        Assert.Equal([SessionAttendance.Attended, SessionAttendance.Cancelled, SessionAttendance.NoShow], sessions.Select(s => s.Attendance).OrderBy(a => a));
        var first = sessions.Single(s => s.Id == "s-1");
        Assert.Equal(("obj-1-int", TaskDone.Partly, "auth-1"), (Assert.Single(first.InterventionsUsed).InterventionId, Assert.Single(first.TasksReviewed).Done, first.CountedAgainst));
        Assert.Empty(sessions.Single(s => s.Id == "s-2").InterventionsUsed);
        Assert.Contains(await app.Get<AuditLog>().ListAsync(ClientId, default), e => e.Record == "session" && e.Allowed);
    }

    [Fact]
    public async Task Pressing_save_twice_at_once_stores_and_counts_one_session()
    {
        var c = await ArrangeAsync();
        await using var app = c.App;

        var answers = await app.InvokeAtOnceAsync(c.Clinician, "session.save", [Session(c, "s-1", "attended"), Session(c, "s-1", "attended")]);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Single(await app.Get<ClientRecords>().ListSessionsAsync(ClientId, default));
        Assert.Equal(1, (await InsuranceAsync(c)).SessionsUsed);
        var again = Text(CardOf(await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "attended"))));
        Assert.Contains("already recorded", again);
    }

    [Fact]
    public async Task A_session_in_the_future_or_without_attendance_is_shown_again_with_what_to_fix()
    {
        var c = await ArrangeAsync();
        await using var app = c.App;

        var card = Text(CardOf(await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "", c.Today.AddDays(2).ToString("yyyy-MM-dd")))));

        Assert.Contains("a session is recorded once it has happened", card);
        Assert.Contains("Attendance: say whether the client attended", card);
        Assert.Empty(await app.Get<ClientRecords>().ListSessionsAsync(ClientId, default));
    }

    [Fact]
    public async Task Recording_an_authorisation_counts_recorded_sessions_and_the_plan_card_warns_when_it_runs_out_before_the_objectives()
    {
        var c = await ArrangeAsync(authorised: 0, objectiveDueInDays: 70);
        await using var app = c.App;
        await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "attended", c.Today.AddDays(-7).ToString("yyyy-MM-dd")));
        var form = CardOf(await app.InvokeAsync(c.Clinician, "authorisation.form", new { clientId = ClientId }));
        var save = Actions(form).Single(a => a.Verb == "authorisation.save");
        var inputs = new { payer = "Example Health", reference = "AUTH-9", sessionsAuthorised = "6", starts = c.Today.AddDays(-10).ToString("yyyy-MM-dd"), expires = c.Today.AddDays(120).ToString("yyyy-MM-dd"), frequency = "1", earlierSessions = "2" };

        var card = Text(CardOf(await app.InvokeAsync(c.Clinician, "authorisation.save", With(save.Data, inputs))));

        var stored = await InsuranceAsync(c);
        Assert.Equal((6, 3, 1m), (stored.SessionsAuthorised, stored.SessionsUsed, stored.SessionsPerWeek));
        Assert.Contains("Authorisation saved: Example Health, reference AUTH-9", card);
        Assert.Contains("3 used of 6 authorised · 3 left", card);
        Assert.Contains($"run out around {Display(c.Today.AddDays(21))}; they do not cover the open objectives", card);
        Assert.Contains("Attention: Only 3 sessions of 6 authorised are left", card);
        Assert.Contains("already saved", Text(CardOf(await app.InvokeAsync(c.Clinician, "authorisation.save", With(save.Data, inputs)))));
    }

    [Fact]
    public async Task An_authorisation_expiring_before_the_objectives_are_due_warns_on_the_plan_card()
    {
        var c = await ArrangeAsync(authorised: 30, expiresInDays: 10, objectiveDueInDays: 45);
        await using var app = c.App;

        var card = Text(CardOf(await app.InvokeAsync(c.Clinician, "plan.show", new { clientId = ClientId })));

        Assert.Contains($"The authorisation expires on {c.Today.AddDays(10):yyyy-MM-dd}, before the objective", card);
        Assert.Contains($"Attention: The authorisation ends on {Display(c.Today.AddDays(10))}", card);
    }

    [Fact]
    public async Task The_low_sessions_and_expiry_reminders_reach_the_clinician_once_each()
    {
        var c = await ArrangeAsync(authorised: 4, used: 0, expiresInDays: 10);
        await using var app = c.App;
        await app.SayAsync(c.Clinician, "help");
        await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "attended"));
        var dispatcher = app.Get<ScheduledWorkDispatcher>();

        var scheduler = app.Get<WorkScheduler>();
        string[] ids = [AuthorisationReminders.IdFor(AuthorisationReminders.LowPrefix, ClientId, "auth-1"), AuthorisationReminders.IdFor(AuthorisationReminders.ExpiryPrefix, ClientId, "auth-1")];

        // The app's own dispatcher may take them first (and hold its lease a while on a busy machine); either way each
        // runs to Done once. The bound is generous because it is a wait, not a timing check.
        for (var round = 0; round < 600; round++)
        {
            await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddHours(1));
            var states = await Task.WhenAll(ids.Select(id => scheduler.GetAsync(id)));
            if (states.All(s => s?.State == ScheduledWorkState.Done))
            {
                break;
            }

            await Task.Delay(100);
        }

        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddHours(1));
        await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "attended"));
        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddHours(1));

        var reminders = app.Connector.Sent.Where(a => (a.Text ?? string.Empty).Contains("Authorisation reminder: Robin Example", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reminders.Count);
        Assert.Contains(reminders, r => r.Text!.Contains("only 3 sessions of 4 authorised are left", StringComparison.Ordinal));
        Assert.Contains(reminders, r => r.Text!.Contains($"The authorisation ends on {Display(c.Today.AddDays(10))}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_caseload_shows_sessions_left_and_the_expiry()
    {
        var c = await ArrangeAsync(authorised: 12, used: 2);
        await using var app = c.App;
        await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "attended"));

        var text = Text(CardOf(Assert.Single(await app.SayAsync(c.Clinician, "caseload"))));

        Assert.Contains($"9 of 12 sessions left · authorisation ends {Display(c.Today.AddDays(180))}", text);
    }

    [Fact]
    public async Task Prep_shows_objectives_tasks_scores_risks_changes_and_sessions_left_on_one_card_under_the_limit()
    {
        var c = await ArrangeAsync();
        await using var app = c.App;
        await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "attended", c.Today.AddDays(-7).ToString("yyyy-MM-dd")));
        var now = app.Get<TimeProvider>().GetUtcNow();
        await app.Get<ClientRecords>().AddAssessmentAsync(ClientId, new AssessmentRecord("assess-1", "PHQ-9", "PHQ-9", new Dictionary<int, int?>(), 12, "moderate", null, [], [], now.AddDays(-2), "clin-1", AssessmentMode.ClinicianForm),
            new RiskEvent("risk-1", "assess-1", "non-acute", "Item 9 answered above 0", now.AddDays(-2), "clin-1"), default);

        var reply = Assert.Single(await app.SayAsync(c.Clinician, "prep Robin"));
        var card = CardOf(reply);
        var text = Text(card);

        Assert.Contains("Session prep: Robin Example", text);
        Assert.Contains("Behavioural activation", text);
        Assert.Contains("Keep a short mood diary", text);
        Assert.Contains($"partly done (reviewed {Display(c.Today.AddDays(-7))})", text);
        Assert.Contains("PHQ-9 12, moderate", text);
        Assert.Contains("Open risk flag", text);
        Assert.Contains("New score: PHQ-9 12", text);
        Assert.Contains("11 of 12 authorised sessions left", text);
        Assert.Contains("Talked about the weekend plan", text);
        Assert.True(Utf8Size(card) < 28 * 1024);
    }

    [Fact]
    public async Task Another_clinician_and_the_client_are_refused_the_supervisor_reads_prep_without_the_note_and_a_group_chat_shows_nothing()
    {
        var c = await ArrangeAsync();
        await using var app = c.App;
        var other = await app.AddStaffAsync("clin-2", "Alex Other", StaffRoles.Clinician);
        await app.InvokeAsync(c.Clinician, "session.save", Session(c, "s-1", "attended"));

        foreach (var verb in new[] { "session.form", "session.save", "authorisation.form", "authorisation.save", "prep.show" })
        {
            Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await app.InvokeAsync(other, verb, Session(c, "s-9", "attended"))));
        }

        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await app.InvokeAsync(c.Supervisor, "session.save", Session(c, "s-8", "attended"))));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await app.InvokeAsync(c.Supervisor, "authorisation.form", new { clientId = ClientId })));
        var prep = Text(CardOf(await app.InvokeAsync(c.Supervisor, "prep.show", new { clientId = ClientId })));
        Assert.Contains("Session prep: Robin Example", prep);
        Assert.DoesNotContain("Talked about the weekend plan", prep);
        Assert.DoesNotContain("Record session", prep);
        var group = ReplyText.All(await app.SayAsync(c.Clinician, "prep Robin", inGroupChat: true));
        Assert.DoesNotContain("Robin", group);
        Assert.Single(await app.Get<ClientRecords>().ListSessionsAsync(ClientId, default));
        Assert.Equal(1, (await InsuranceAsync(c)).SessionsUsed);
    }
}

public sealed class SessionsOnSqliteTests : SessionsTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class SessionsOnAzuriteTests(AzuriteFixture azurite) : SessionsTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
