using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.MyPlan;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.MyPlan;

/// <summary>
/// A client of the clinic as a user of the bot, over HTTP against the real app on SQLite: a linked client reads their own
/// plan as they see it and nothing else; staff keep what their relationship gives them.
/// </summary>
public sealed class ClientAsUserTests : IAsyncLifetime
{
    private const string Jordan = "client-jordan";
    private const string Robin = "client-robin";
    private const string Trigger = "Raised voices in the next room";
    private const string ProblemStatement = "Low mood most days";
    private const string RiskWords = "Synthetic risk answer on item 9";
    private const string AttainabilityNote = "Realistic pace given the synthetic history";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;
    private TestUser _supervisor = null!;
    private TestUser _admin = null!;
    private readonly TestUser _jordan = new("user-jordan", "Jordan Example");
    private DateOnly _today;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _supervisor = await _app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        _admin = await _app.AddStaffAsync("admin-1", "Ash Admin", StaffRoles.Admin);
        _today = Today(_app);
        await EnrolAsync(_app, Jordan, "clin-1", "Jordan", "Example", p => p.AddTrigger(Trigger));
        await EnrolAsync(_app, Robin, "clin-1", "Robin", "Example");
        var objective = Objective("obj-1", _today.AddDays(60)) with
        {
            AttainabilityNote = AttainabilityNote,
            ClientTasks = [new ClientTask("task-1", "Keep a short mood diary", "daily")],
            Interventions = [new ClinicianIntervention("int-1", "Behavioural activation", "planning rewarding activities together")],
        };
        await SavePlanAsync(_app, Plan(Jordan, _today, objective));
        await SavePlanAsync(_app, Plan(Robin, _today, Objective("obj-9", _today.AddDays(30), behaviour: "Robin's own objective")));
        await _app.Get<ClientRecords>().AddRiskEventAsync(Jordan, new RiskEvent("risk-1", "PHQ-9", "nonAcute", RiskWords, DateTimeOffset.UtcNow, "clin-1"), default);
        Assert.Equal(ClientLinkOutcome.Linked, await _app.Get<ClientUsers>().LinkAsync(Jordan, BotTestApp.Tenant, _jordan.UserId, default));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_linked_client_says_my_plan_and_reads_their_goals_and_tasks_but_no_clinical_working_material()
    {
        var reply = Assert.Single(await _app.SayAsync(_jordan, "my plan"));

        var text = Text(CardOf(reply));
        Assert.Contains("Your treatment plan", text);
        Assert.Contains("I want to enjoy my weekends again", text);
        Assert.Contains("Fewer days of low mood, measured weekly", text);
        Assert.Contains("a PHQ-9 score of 9 or lower", text);
        Assert.Contains(Display(_today.AddDays(60)), text);
        Assert.Contains("Keep a short mood diary (daily)", text);
        Assert.Contains("Behavioural activation: planning rewarding activities together", text);
        Assert.Contains("I want my energy back for my children", text);
        Assert.DoesNotContain(Trigger, text);
        Assert.DoesNotContain("Trauma-informed overview", text);
        Assert.DoesNotContain(ProblemStatement, text);
        Assert.DoesNotContain(RiskWords, text);
        Assert.DoesNotContain(AttainabilityNote, text);
        Assert.DoesNotContain("baseline", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Robin", text);
        Assert.Empty(Actions(CardOf(reply)));

        var entry = (await _app.Get<AuditLog>().ListAsync(Jordan, default)).Last();
        Assert.Equal((_jordan.UserId, "Read", "plan", true), (entry.ActorId, entry.Action, entry.Record, entry.Allowed));
    }

    [Fact]
    public async Task A_client_cannot_open_another_clients_plan_or_use_a_staff_button_and_each_attempt_is_audited()
    {
        var other = MessageOf(await _app.InvokeAsync(_jordan, "plan.show", new { clientId = Robin }));
        var own = MessageOf(await _app.InvokeAsync(_jordan, "plan.show", new { clientId = Jordan }));
        var edit = MessageOf(await _app.InvokeAsync(_jordan, "objective.achieve", new { clientId = Jordan, planId = $"plan-{Jordan}", planVersion = "x", objectiveId = "obj-1" }));
        var submitted = ReplyText.All(await _app.SubmitAsync(_jordan, new { verb = "risk.ack", clientId = Jordan, riskEventId = "risk-1" }));

        Assert.All([other, own, edit, submitted], answer => Assert.Equal(AccessDecision.RefusalMessage, answer));
        var robinTrail = await _app.Get<AuditLog>().ListAsync(Robin, default);
        Assert.Contains(robinTrail, e => e.ActorId == _jordan.UserId && e.Action == "plan.show" && !e.Allowed);
        var jordanTrail = (await _app.Get<AuditLog>().ListAsync(Jordan, default)).Where(e => e.ActorId == _jordan.UserId).ToList();
        Assert.Equal(["plan.show", "objective.achieve", "risk.ack"], jordanTrail.Select(e => e.Action).ToArray());
        Assert.All(jordanTrail, e => Assert.False(e.Allowed));
        Assert.Null((await _app.Get<ClientRecords>().FindRiskEventAsync(Jordan, "risk-1", default))!.Value.AcknowledgedAt);
        Assert.Equal(ObjectiveStatus.NotStarted, (await StoredPlanAsync(_app, Jordan)).Value.FindObjective("obj-1").Status);
    }

    [Theory]
    [InlineData("show plan Robin")]
    [InlineData("plan Jordan")]
    [InlineData("caseload")]
    [InlineData("screen")]
    [InlineData("staff")]
    [InlineData("setup")]
    public async Task A_staff_command_from_a_client_gets_a_friendly_neutral_answer(string command)
    {
        var reply = ReplyText.All(await _app.SayAsync(_jordan, command));

        Assert.Equal(BotReplies.NotForClients, reply);
        Assert.DoesNotContain("clinician", reply, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Robin", reply);
    }

    [Fact]
    public async Task Help_for_a_client_lists_only_what_a_client_can_do_and_staff_do_not_see_my_plan()
    {
        var forClient = Text(CardOf(Assert.Single(await _app.SayAsync(_jordan, "help"))));
        var forClinician = Text(CardOf(Assert.Single(await _app.SayAsync(_clinician, "help"))));

        Assert.Contains("my plan", forClient);
        Assert.DoesNotContain("show plan", forClient);
        Assert.DoesNotContain("caseload", forClient);
        Assert.DoesNotContain("setup", forClient);
        Assert.DoesNotContain("my plan", forClinician);
        Assert.Contains("show plan", forClinician);
        Assert.Equal(BotReplies.OnlyForClients, ReplyText.All(await _app.SayAsync(_clinician, "my plan")));
    }

    [Fact]
    public async Task The_clinician_sees_everything_the_supervisor_reads_only_and_the_admin_sees_enrolment_only()
    {
        var asClinician = Text(CardOf(await _app.InvokeAsync(_clinician, "plan.show", new { clientId = Jordan })));
        var asSupervisor = CardOf(await _app.InvokeAsync(_supervisor, "plan.show", new { clientId = Jordan }));
        var asAdmin = MessageOf(await _app.InvokeAsync(_admin, "plan.show", new { clientId = Jordan }));

        Assert.Contains(Trigger, asClinician);
        Assert.Contains("I want to enjoy my weekends again", asClinician);
        Assert.Contains("I want to enjoy my weekends again", Text(asSupervisor));
        Assert.DoesNotContain(Trigger, Text(asSupervisor));
        Assert.DoesNotContain(Actions(asSupervisor), a => a.Verb.StartsWith("objective.", StringComparison.Ordinal));
        Assert.Equal(AccessDecision.RefusalMessage, asAdmin);

        var files = _app.Get<ClientFiles>();
        var admin = new Caller(BotTestApp.Tenant, _admin.UserId, null, InPersonalChat: true);
        var enrolment = await files.OpenEnrolmentAsync(admin, Jordan, "enrolment", default);
        Assert.True(enrolment.Allowed);
        Assert.Equal(_jordan.UserId, enrolment.File.Enrolment.ClientUserId);
        Assert.False((await files.OpenClinicalViewAsync(admin, Jordan, "plan", default)).Allowed);
    }

    [Fact]
    public async Task A_linked_client_is_never_listed_as_waiting_for_access_but_a_stranger_is()
    {
        var stranger = new TestUser("user-stranger", "Sasha Stranger");

        await _app.SayAsync(_jordan, "hello");
        await _app.SayAsync(_jordan, "my plan");
        await _app.SayAsync(stranger, "hello");

        var waiting = await _app.Get<AccessRequests>().ListAsync(BotTestApp.Tenant, default);
        Assert.Equal([stranger.UserId], waiting.Select(r => r.UserId).ToArray());
        Assert.Equal(BotReplies.OnlyForClients, ReplyText.All(await _app.SayAsync(stranger, "my plan")));
    }

    [Fact]
    public async Task In_a_group_chat_a_client_sees_nothing_of_their_plan()
    {
        var replies = await _app.SayAsync(_jordan, "my plan", inGroupChat: true);

        var text = ReplyText.All(replies);
        Assert.Contains(BotReplies.PersonalChatOnly, text);
        Assert.DoesNotContain("enjoy my weekends", text);
        Assert.DoesNotContain(await _app.Get<AuditLog>().ListAsync(Jordan, default), e => e.ActorId == _jordan.UserId);
    }

    [Fact]
    public async Task A_client_with_no_plan_yet_is_told_so_plainly()
    {
        await EnrolAsync(_app, "client-new", "clin-1", "Noa", "Example");
        var noa = new TestUser("user-noa", "Noa Example");
        await _app.Get<ClientUsers>().LinkAsync("client-new", BotTestApp.Tenant, noa.UserId, default);

        Assert.Equal(MyPlanCommand.NoPlanYet, ReplyText.All(await _app.SayAsync(noa, "my plan")));
    }
}
