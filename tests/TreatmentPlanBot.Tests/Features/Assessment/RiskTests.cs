using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentTests;

namespace TreatmentPlanBot.Tests.Features.Assessment;

/// <summary>Risk never waits: safety steps, the stored risk event and the supervisor's alert come in the answering turn.</summary>
public sealed class RiskTests
{
    [Fact]
    public async Task Phq9_item9_with_a_low_total_brings_safety_steps_a_risk_event_and_a_supervisor_alert_in_the_same_turn()
    {
        await using var app = await BotTestApp.StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await app.SayAsync(clinician, "assess Alex");
        await app.SayAsync(clinician, "PHQ-9");
        var session = FormSessionOf(await app.SayAsync(clinician, "form"));
        var alertsBefore = SentTo(app, supervisor).Count;

        var reply = await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "0", item2 = "1", item3 = "0", item4 = "0", item5 = "0", item6 = "0", item7 = "0", item8 = "0", item9 = "1" });

        var text = ReplyText.All(reply);
        Assert.Contains("Risk flagged: Alex Example", text);
        Assert.Contains("answered ‘Several days’", text);
        Assert.Contains(new ClinicOptions().SafetySteps[0], text);
        Assert.Contains("Crisis line: 988 Suicide & Crisis Lifeline: call or text 988", FactValues(reply));
        Assert.Contains("Supervisor: Sam Supervisor was alerted", FactValues(reply));
        Assert.True(text.IndexOf("Risk flagged: Alex Example", StringComparison.Ordinal) < text.IndexOf("PHQ-9 result", StringComparison.Ordinal));

        var assessment = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Equal(2, assessment.Total);
        Assert.Equal("Minimal", assessment.Band);
        Assert.Single(assessment.RiskFlags);
        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.Equal("nonAcute", riskEvent.Level);
        Assert.True(riskEvent.SupervisorAlerted);
        Assert.Null(riskEvent.AcknowledgedAt);

        var alert = Assert.Single(SentTo(app, supervisor).Skip(alertsBefore));
        Assert.Contains("Risk alert", alert.Text);
        Assert.Contains("Alex Example, a client of Casey Clinician", alert.Text);
        var open = Assert.Single(alert.Attachments!).Content!.Value.GetProperty("actions")[0];
        Assert.Equal(("plan.show", ClientId), (open.GetProperty("verb").GetString(), open.GetProperty("data").GetProperty("clientId").GetString()));

        var line = Assert.Single(await app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default));
        Assert.Equal(riskEvent.RaisedAt, line.OpenRiskSince);
    }

    [Fact]
    public async Task A_form_sent_back_for_a_missing_answer_still_brings_the_safety_steps_for_item9_and_raises_them_once()
    {
        await using var app = await BotTestApp.StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await app.SayAsync(clinician, "assess Alex");
        await app.SayAsync(clinician, "PHQ-9");
        var session = FormSessionOf(await app.SayAsync(clinician, "form"));

        var back = await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "0", item2 = "1", item4 = "0", item5 = "0", item6 = "0", item7 = "0", item8 = "0", item9 = "2" });

        var text = ReplyText.All(back);
        Assert.Contains("Risk flagged: Alex Example", text);
        Assert.Contains("Question 3 needs an answer", text);
        var raised = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.True(raised.SupervisorAlerted);
        Assert.Empty(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));

        var result = await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "0", item2 = "1", item3 = "0", item4 = "0", item5 = "0", item6 = "0", item7 = "0", item8 = "0", item9 = "2" });

        Assert.Contains("PHQ-9 result", ReplyText.All(result));
        Assert.DoesNotContain("Risk flagged: Alex Example", ReplyText.All(result));
        Assert.Equal(raised.Id, Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default)).Id);
        Assert.Single(Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default)).RiskFlags);
        Assert.Single(SentTo(app, supervisor), a => a.Text?.Contains("Risk alert", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_supervisor_not_allowed_to_read_the_record_gets_a_neutral_alert_without_the_open_button()
    {
        await using var app = await BotTestApp.StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        var directory = app.Get<StaffDirectory>();
        var entry = (await directory.FindAsync(BotTestApp.Tenant, "sup-1", default))!;
        await directory.SaveAsync(entry.Value with { Roles = StaffRoles.Clinician }, entry.ETag, default);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await app.SayAsync(clinician, "assess Alex");
        await app.SayAsync(clinician, "PHQ-9");
        var session = FormSessionOf(await app.SayAsync(clinician, "form"));
        var alertsBefore = SentTo(app, supervisor).Count;

        await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "0", item2 = "1", item3 = "0", item4 = "0", item5 = "0", item6 = "0", item7 = "0", item8 = "0", item9 = "1" });

        var alert = Assert.Single(SentTo(app, supervisor).Skip(alertsBefore));
        Assert.Contains("A client of Casey Clinician", alert.Text);
        Assert.DoesNotContain("Alex", alert.Text);
        Assert.True(alert.Attachments is null or { Count: 0 });
    }

    [Fact]
    public async Task Asked_one_by_one_phq9_item9_is_answered_with_safety_steps_before_the_last_question()
    {
        await using var app = await BotTestApp.StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "PHQ-9");
        await RepeatAsync(app, clinician, "0", 8);

        var afterItem9 = await app.SayAsync(clinician, "Several days");

        var text = ReplyText.All(afterItem9);
        Assert.Contains("Risk flagged: Alex Example", text);
        Assert.Contains("If you checked off any problems", text);
        Assert.Contains("Supervisor: Sam Supervisor was alerted", FactValues(afterItem9));
        var raised = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.True(raised.SupervisorAlerted);
        Assert.Empty(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));

        var result = await app.SayAsync(clinician, "Somewhat difficult");

        Assert.DoesNotContain("Risk flagged: Alex Example", ReplyText.All(result));
        Assert.Contains("Risk flagged", ReplyText.All(result));
        Assert.Equal(raised.Id, Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default)).Id);
        var assessment = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Equal(1, assessment.Total);
        Assert.Single(assessment.RiskFlags);
        Assert.Single(SentTo(app, supervisor), a => a.Text?.Contains("Risk alert", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Without_a_supervisor_the_clinician_is_told_and_the_risk_event_says_so()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");

        var reply = await app.SayAsync(clinician, "yes");
        Assert.Contains("Have you ever tried to kill yourself?", ReplyText.All(await RepeatAsync(app, clinician, "no", 2)));
        reply = await app.SayAsync(clinician, "no");
        Assert.Contains("Are you having thoughts of killing yourself right now?", ReplyText.All(reply));
        reply = await app.SayAsync(clinician, "no");

        Assert.Contains("Supervisor: not alerted: no supervisor is assigned to you", FactValues(reply));
        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.False(riskEvent.SupervisorAlerted);
        Assert.StartsWith("not alerted: no supervisor", riskEvent.SupervisorAlertOutcome);
    }

    [Fact]
    public async Task A_supervisor_who_never_opened_a_chat_is_alerted_through_an_installed_chat()
    {
        var (app, installer) = await FakeInstaller.StartAppAsync();
        await using var _ = app;
        var supervisor = await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        installer.Knows(supervisor.UserId);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");
        await RepeatAsync(app, clinician, "no", 2);
        await app.SayAsync(clinician, "yes");
        await app.SayAsync(clinician, "no");

        var reply = await app.SayAsync(clinician, "yes");

        Assert.Contains("Supervisor: Sam Supervisor was alerted in their chat with me", FactValues(reply));
        var alert = Assert.Single(SentTo(app, supervisor), a => a.Text?.Contains("Risk alert", StringComparison.Ordinal) == true);
        Assert.Contains("Alex Example, a client of Casey Clinician", alert.Text);
        Assert.Equal([supervisor.UserId], installer.Asked);
        var stored = await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, supervisor.UserId, default);
        Assert.Equal(supervisor.PersonalConversationId, stored!.Value.Reference.Conversation?.Id);
        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.True(riskEvent.SupervisorAlerted);
    }

    [Fact]
    public async Task When_the_supervisor_cannot_be_reached_the_clinician_is_told_to_tell_them_and_the_admins_are_alerted()
    {
        var (app, installer) = await FakeInstaller.StartAppAsync();
        await using var _ = app;
        await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        var admin = await app.AddStaffAsync("admin-1", "Avery Admin", StaffRoles.Admin);
        await app.SayAsync(admin, "help");
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");
        await RepeatAsync(app, clinician, "no", 2);
        await app.SayAsync(clinician, "yes");
        await app.SayAsync(clinician, "no");

        var reply = await app.SayAsync(clinician, "yes");

        var told = FactValues(reply);
        Assert.Contains("Supervisor: not alerted: I couldn't open a chat with Sam Supervisor. Nobody could be reached: tell them yourself now; the clinic's admins were alerted.", told);
        var adminAlert = Assert.Single(SentTo(app, admin), a => a.Text?.Contains("Risk alert", StringComparison.Ordinal) == true);
        Assert.Contains("A client of Casey Clinician", adminAlert.Text);
        Assert.DoesNotContain("Alex", adminAlert.Text);
        Assert.True(adminAlert.Attachments is null or { Count: 0 });
        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.False(riskEvent.SupervisorAlerted);
        Assert.Contains("Nobody could be reached", riskEvent.SupervisorAlertOutcome);
    }

    [Fact]
    public async Task A_supervisor_who_blocked_the_bot_is_marked_blocked_and_the_clinician_is_told_in_words()
    {
        await using var app = await BotTestApp.StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        app.Connector.Blocked[supervisor.PersonalConversationId] = true;
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");
        await RepeatAsync(app, clinician, "no", 2);
        await app.SayAsync(clinician, "yes");
        await app.SayAsync(clinician, "no");

        var reply = await app.SayAsync(clinician, "yes");

        Assert.Contains("Supervisor: not alerted: Sam Supervisor has blocked or removed me in Teams, so it could not be delivered. Nobody could be reached: tell them yourself now", FactValues(reply));
        var chat = await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, supervisor.UserId, default);
        Assert.Equal(Reachability.Blocked, chat!.Value.Reachability);
        Assert.NotNull(chat.Value.BlockedAt);
        Assert.False(Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default)).SupervisorAlerted);
    }

    [Theory]
    [InlineData("yes", "Acute positive", "acute", true)]
    [InlineData("no", "Non-acute positive", "nonAcute", false)]
    [InlineData("decline", "Acute positive", "acute", true)]
    public async Task Asq_positive_screen_is_graded_by_the_acuity_question(string acuityAnswer, string triage, string level, bool urgent)
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");
        await app.SayAsync(clinician, "no");
        await app.SayAsync(clinician, "decline");       // a refusal counts as positive
        await app.SayAsync(clinician, "no");
        await app.SayAsync(clinician, "no");

        var reply = ReplyText.All(await app.SayAsync(clinician, acuityAnswer));

        Assert.Contains(triage, reply);
        Assert.Equal(urgent, reply.Contains("This needs an immediate safety response", StringComparison.Ordinal));
        var assessment = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.True(assessment.Positive);
        Assert.Null(assessment.Answers[2]);
        Assert.Equal(level, Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default)).Level);
    }

    [Fact]
    public async Task Stopping_the_asq_after_a_yes_still_records_the_risk_and_alerts_the_supervisor()
    {
        await using var app = await BotTestApp.StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");
        var afterYes = await app.SayAsync(clinician, "yes");
        Assert.DoesNotContain("Risk flagged", ReplyText.All(afterYes));

        var reply = ReplyText.All(await app.SayAsync(clinician, "cancel"));

        Assert.Contains("Risk flagged: Alex Example", reply);
        Assert.Contains("the risk they showed is recorded", reply);
        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.Equal("nonAcute", riskEvent.Level);
        Assert.True(riskEvent.SupervisorAlerted);
        Assert.Single(SentTo(app, supervisor), a => a.Text?.Contains("Risk alert", StringComparison.Ordinal) == true);
        Assert.Empty(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
    }

    [Fact]
    public async Task Stopping_an_asq_with_only_no_answers_records_nothing()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");
        await app.SayAsync(clinician, "no");

        var reply = ReplyText.All(await app.SayAsync(clinician, "cancel"));

        Assert.Contains("Nothing was saved for it", reply);
        Assert.Empty(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
    }

    [Fact]
    public async Task A_negative_asq_raises_no_risk_and_skips_the_acuity_question()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");
        await RepeatAsync(app, clinician, "no", 3);

        var reply = ReplyText.All(await app.SayAsync(clinician, "no"));

        Assert.Contains("ASQ result", reply);
        Assert.DoesNotContain("Risk flagged", reply);
        Assert.Empty(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.Equal(4, Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default)).Answers.Count);
    }

    [Fact]
    public async Task Acknowledge_records_who_and_when_once()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await RaiseNonAcuteRiskAsync(app, clinician);
        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));

        var (status, body) = await app.InvokeAsync(clinician, "risk.ack", new { clientId = ClientId, riskEventId = riskEvent.Id });
        var first = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        var (_, again) = await app.InvokeAsync(clinician, "risk.ack", new { clientId = ClientId, riskEventId = riskEvent.Id });

        Assert.Equal(200, status);
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
        Assert.Contains("\"Acknowledged\"", body.GetProperty("value").GetRawText());
        Assert.Equal("clin-1", first.AcknowledgedBy);
        Assert.NotNull(first.AcknowledgedAt);
        Assert.Equal(first.AcknowledgedAt, Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default)).AcknowledgedAt);
        Assert.Equal("application/vnd.microsoft.card.adaptive", again.GetProperty("type").GetString());
        Assert.Null(Assert.Single(await app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default)).OpenRiskSince);
    }

    [Fact]
    public async Task Another_clinician_cannot_acknowledge_your_clients_risk()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        var other = await ClinicianAsync(app, userId: "clin-2", name: "Robin Other");
        await EnrolAsync(app);
        await RaiseNonAcuteRiskAsync(app, clinician);
        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));

        var (_, body) = await app.InvokeAsync(other, "risk.ack", new { clientId = ClientId, riskEventId = riskEvent.Id });

        Assert.Equal(AccessDecision.RefusalMessage, body.GetProperty("value").GetString());
        Assert.Null(Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default)).AcknowledgedAt);
    }

    private static async Task RaiseNonAcuteRiskAsync(BotTestApp app, TestUser clinician)
    {
        await StartItemByItemAsync(app, clinician, "ASQ");
        await app.SayAsync(clinician, "yes");
        await RepeatAsync(app, clinician, "no", 3);
        await app.SayAsync(clinician, "no");
    }

    private static async Task<IReadOnlyList<BotCore.Schema.Activity>> RepeatAsync(BotTestApp app, TestUser user, string text, int times)
    {
        IReadOnlyList<BotCore.Schema.Activity> last = [];
        for (var i = 0; i < times; i++)
        {
            last = await app.SayAsync(user, text);
        }

        return last;
    }
}
