using BotCore.Scheduling;
using BotCore.Tests.Storage;
using BotCore.Time;
using TreatmentPlanBot.Features.CheckIns;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.LinkedClient;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.CheckIns;

/// <summary>
/// Check-ins end to end over HTTP against the real app: the clinician sets them, the scheduler sends them at the client's
/// own 09:00, the client answers on the shared item cards, answers are stored as remote assessments and progress, missed
/// and stopped ones show on the caseload, and a risk answer reaches the client's crisis words and the care team at once.
/// </summary>
public abstract class CheckInTests
{
    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task A_weekly_check_in_arrives_at_nine_on_the_clients_own_clock_without_clinical_words()
    {
        await using var app = await StartAsync();
        var (clinician, _) = await CareTeamAsync(app);
        await ClientInChatAsync(app, "Pacific/Auckland");

        var saved = CardOf(await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "PHQ-9", cadence = "Weekly" }));

        Assert.Contains("Saved. The first check-in goes to Jordan Example on", Text(saved));
        var schedule = await ScheduleAsync(app);
        var auckland = app.Get<Clocks>().For("Pacific/Auckland");
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(auckland.ToLocal(schedule.NextDueAt!.Value).DateTime));
        Assert.Equal(auckland.Today.AddDays(1), auckland.DateOf(schedule.NextDueAt!.Value));

        await RunDueAsync(app, days: 2);

        var prompt = ReplyText.Of(Assert.Single(SentTo(app, JordanUser), a => ReplyText.Of(a).Contains("A quick check-in", StringComparison.Ordinal)));
        Assert.Contains("Casey Clinician would like to hear how you've been doing", prompt);
        Assert.DoesNotContain("PHQ", prompt);
        Assert.DoesNotContain("depress", prompt, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(CheckInStatus.Sent, (await CheckInAsync(app, schedule.NextCheckInId!)).Status);
    }

    [Fact]
    public async Task Answers_are_scored_stored_as_remote_recorded_on_the_objective_and_shown_on_the_caseload_and_the_next_is_scheduled()
    {
        await using var app = await StartAsync();
        var (clinician, _) = await CareTeamAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician);

        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId });
        foreach (var answer in new[] { "2", "2", "1", "1", "1", "1", "1", "1", "0" })
        {
            await app.SayAsync(JordanUser, answer);
        }

        var last = ReplyText.All(await app.SayAsync(JordanUser, "Not difficult at all"));

        Assert.Contains(CheckInCompletion.Thanks, last);
        var assessment = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(Jordan, default));
        Assert.Equal((AssessmentMode.ClientRemote, 10, $"checkin-{checkInId}-PHQ-9", JordanUser.UserId), (assessment.Mode, assessment.Total!.Value, assessment.Id, assessment.AdministeredBy));
        var progress = Assert.Single(await app.Get<ClientRecords>().ListProgressAsync(Jordan, default));
        Assert.Equal(("obj-1", 10m, assessment.Id), (progress.ObjectiveId, progress.Value!.Value, progress.ReadingId));
        var answered = await CheckInAsync(app, checkInId);
        Assert.Equal(CheckInStatus.Answered, answered.Status);
        var schedule = await ScheduleAsync(app);
        Assert.NotEqual(checkInId, schedule.NextCheckInId);
        Assert.Equal(answered.DueAt.AddDays(7), schedule.NextDueAt);

        var caseload = Text(CardOf(Assert.Single(await app.SayAsync(clinician, "caseload"))));
        Assert.Contains("PHQ-9 10, Moderate", caseload);
        Assert.Contains("· check-in)", caseload);
        var plan = Text(CardOf(await app.InvokeAsync(clinician, "plan.show", new { clientId = Jordan })));
        Assert.Contains("(check-in)", plan);
    }

    [Fact]
    public async Task A_repeated_start_a_stale_answer_press_and_a_press_after_answering_never_count_twice()
    {
        await using var app = await StartAsync();
        var (clinician, _) = await CareTeamAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician);

        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId });
        var again = MessageOf(await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId }));
        Assert.Contains("already started", again);
        var firstItem = SentTo(app, JordanUser).TakeLast(1).ToList();
        var press = Button(firstItem, "2");
        await app.SubmitAsync(JordanUser, press);
        var stale = ReplyText.All(await app.SubmitAsync(JordanUser, press));
        Assert.Contains("already recorded as ‘More than half the days’", stale);

        foreach (var answer in new[] { "1", "1", "1", "1", "1", "1", "1", "0", "skip" })
        {
            await app.SayAsync(JordanUser, answer);
        }

        var afterwards = MessageOf(await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId }));

        Assert.StartsWith("You already answered this check-in", afterwards);
        var assessment = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(Jordan, default));
        Assert.Equal(9, assessment.Total);
        Assert.Single(await app.Get<ClientRecords>().ListProgressAsync(Jordan, default));
    }

    [Fact]
    public async Task An_unanswered_check_in_gets_one_reminder_then_expires_as_missed_and_the_next_is_scheduled()
    {
        await using var app = await StartAsync();
        var (clinician, _) = await CareTeamAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician);

        await RunDueAsync(app, days: 4);
        await RunDueAsync(app, days: 4);
        Assert.Single(SentTo(app, JordanUser), a => ReplyText.Of(a).Contains("A reminder: your check-in is still open", StringComparison.Ordinal));
        await RunDueAsync(app, days: 6);

        var expired = await CheckInAsync(app, checkInId);
        Assert.Equal(CheckInStatus.Expired, expired.Status);
        Assert.NotEqual(checkInId, (await ScheduleAsync(app)).NextCheckInId);
        var caseload = Text(CardOf(Assert.Single(await app.SayAsync(clinician, "caseload"))));
        Assert.Contains("Check-ins: 1 missed since the last one answered.", caseload);
        var view = await app.Get<ClientFiles>().OpenClinicalViewAsync(new Caller(BotTestApp.Tenant, clinician.UserId, null, true), Jordan, "test", default);
        Assert.Equal(checkInId, Assert.Single(await CheckInSchedules.MissedSinceAsync(view.File!, DateTimeOffset.UnixEpoch, default)).Id);
        var late = MessageOf(await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId }));
        Assert.Equal("This check-in has closed. The next one will come as usual.", late);
    }

    [Fact]
    public async Task A_risk_answer_brings_the_crisis_line_in_the_same_turn_alerts_clinician_and_supervisor_and_is_one_risk_event()
    {
        await using var app = await StartAsync();
        var (clinician, supervisor) = await CareTeamAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician);
        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId });
        foreach (var answer in new[] { "0", "0", "0", "0", "0", "0", "0", "0" })
        {
            await app.SayAsync(JordanUser, answer);
        }

        var replies = await app.SayAsync(JordanUser, "1");
        var turn = ReplyText.Of(Assert.Single(replies, a => ReplyText.Of(a).StartsWith("Thank you for telling me", StringComparison.Ordinal)));

        Assert.Contains("988 Suicide & Crisis Lifeline: call or text 988", turn);
        Assert.Contains(new ClinicOptions().AfterHours, turn);
        Assert.Contains("I'm letting Casey Clinician know now", turn);
        Assert.DoesNotContain("PHQ", turn);
        var toClinician = ReplyText.Of(Assert.Single(SentTo(app, clinician), a => ReplyText.Of(a).Contains("Risk alert from a check-in", StringComparison.Ordinal)));
        Assert.Contains("Jordan Example gave a risk answer", toClinician);
        Assert.Contains("This alert went to you and Sam Supervisor", toClinician);
        Assert.Single(SentTo(app, supervisor), a => ReplyText.Of(a).Contains("This alert went to you and Casey Clinician", StringComparison.Ordinal));

        await app.SayAsync(JordanUser, "Not difficult at all");

        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(Jordan, default));
        Assert.True(riskEvent.Remote);
        Assert.True(riskEvent.SupervisorAlerted);
        Assert.Null(riskEvent.AcknowledgedAt);
        Assert.Equal(AssessmentMode.ClientRemote, Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(Jordan, default)).Mode);
        Assert.Single(SentTo(app, supervisor), a => ReplyText.Of(a).Contains("Risk alert", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_neither_clinician_nor_supervisor_can_be_reached_the_admins_are_alerted()
    {
        await using var app = await StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var admin = await app.AddStaffAsync("admin-1", "Ash Admin", StaffRoles.Admin);
        await app.SayAsync(admin, "help");
        await app.SayAsync(clinician, "help");
        await JordanLinkedAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician);
        app.Connector.Blocked[clinician.PersonalConversationId] = true;
        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId });
        foreach (var answer in new[] { "0", "0", "0", "0", "0", "0", "0", "0" })
        {
            await app.SayAsync(JordanUser, answer);
        }

        Assert.Contains("I'm letting Casey Clinician know now", ReplyText.All(await app.SayAsync(JordanUser, "2")));

        var toAdmin = ReplyText.Of(Assert.Single(SentTo(app, admin), a => ReplyText.Of(a).Contains("Risk alert", StringComparison.Ordinal)));
        Assert.Contains("their clinician and supervisor could not be reached", toAdmin);
        Assert.DoesNotContain("Jordan", toAdmin);
        Assert.False(Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(Jordan, default)).SupervisorAlerted);
    }

    [Fact]
    public async Task The_client_says_stop_confirms_and_the_clinician_is_told_and_sees_it_and_start_check_ins_restarts_them()
    {
        await using var app = await StartAsync();
        var (clinician, _) = await CareTeamAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician);

        var question = ReplyText.All(await app.SayAsync(JordanUser, "stop"));
        Assert.Contains("Shall I stop sending you check-ins?", question);
        Assert.Contains("start check-ins", question);
        Assert.True((await ScheduleAsync(app)).Active);
        var stopped = MessageOf(await app.InvokeAsync(JordanUser, StopCheckIns.Confirm, new { }));

        Assert.Equal(TreatmentPlanBot.Bot.BotReplies.Plain(StopCheckIns.Stopped), stopped);
        Assert.False((await ScheduleAsync(app)).Active);
        Assert.Equal(CheckInStatus.Withdrawn, (await CheckInAsync(app, checkInId)).Status);
        Assert.Single(SentTo(app, clinician), a => ReplyText.Of(a).Contains("Jordan Example stopped their check-ins", StringComparison.Ordinal));
        Assert.Contains("Check-ins stopped: the client asked to stop.", Text(CardOf(Assert.Single(await app.SayAsync(clinician, "caseload")))));

        Assert.Contains(StopCheckIns.Restarted, ReplyText.All(await app.SayAsync(JordanUser, "start check-ins")));
        Assert.True((await ScheduleAsync(app)).Active);
        Assert.DoesNotContain("Check-ins stopped", Text(CardOf(Assert.Single(await app.SayAsync(clinician, "caseload")))));
    }

    [Fact]
    public async Task A_client_who_blocked_the_bot_is_marked_and_the_clinician_sees_the_check_in_was_not_delivered()
    {
        await using var app = await StartAsync();
        var (clinician, _) = await CareTeamAsync(app);
        await ClientInChatAsync(app, null);
        app.Connector.Blocked[JordanUser.PersonalConversationId] = true;
        await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "PHQ-9", cadence = "Weekly" });
        var checkInId = (await ScheduleAsync(app)).NextCheckInId!;

        await RunDueAsync(app, days: 2);

        var checkIn = await CheckInAsync(app, checkInId);
        Assert.Equal(CheckInStatus.Undelivered, checkIn.Status);
        Assert.Equal(TreatmentPlanBot.People.Reachability.Blocked, (await app.Get<TreatmentPlanBot.People.PersonalChats>().FindAsync(BotTestApp.Tenant, JordanUser.UserId, default))!.Value.Reachability);
        Assert.Contains("Last check-in not delivered: Jordan Example has blocked or removed me in Teams", Text(CardOf(Assert.Single(await app.SayAsync(clinician, "caseload")))));
        Assert.NotEqual(checkInId, (await ScheduleAsync(app)).NextCheckInId);
    }

    [Fact]
    public async Task A_settings_card_older_than_the_stored_choice_changes_nothing_and_the_day_before_a_session_waits_for_a_date()
    {
        await using var app = await StartAsync();
        var (clinician, _) = await CareTeamAsync(app);
        await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "PHQ-9", cadence = "Weekly" });

        var stale = Text(CardOf(await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "GAD-7", cadence = "Fortnightly" })));
        Assert.Contains("changed meanwhile, so I saved nothing", stale);
        Assert.Equal(["PHQ-9"], (await ScheduleAsync(app)).Measures);

        var etag = (await app.Get<ClientRecords>().CheckIns.GetScheduleAsync(Jordan, default))!.ETag;
        var before = Text(CardOf(await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag, measures = "PHQ-9,GAD-7", cadence = "DayBeforeSession" })));
        Assert.Contains("needs Jordan Example's next session date, which I don't know yet", before);
        var schedule = await ScheduleAsync(app);
        Assert.True(schedule.WaitingForSessionDate);
        Assert.Null(schedule.NextCheckInId);
    }

    private static async Task<(TestUser Clinician, TestUser Supervisor)> CareTeamAsync(BotTestApp app)
    {
        var team = await LinkedClient.CareTeamAsync(app);
        await JordanLinkedAsync(app);
        return team;
    }

    /// <summary>The client's chat with the bot, with the time zone their Teams client reports.</summary>
    private static Task ClientInChatAsync(BotTestApp app, string? timeZone) =>
        app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId = "none-yet" }, localTimezone: timeZone);

    private static async Task<string> SentCheckInAsync(BotTestApp app, TestUser clinician)
    {
        await ClientInChatAsync(app, null);
        await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "PHQ-9", cadence = "Weekly" });
        var checkInId = (await ScheduleAsync(app)).NextCheckInId!;
        await RunDueAsync(app, days: 2);
        Assert.Equal(CheckInStatus.Sent, (await CheckInAsync(app, checkInId)).Status);
        return checkInId;
    }

    private static Task RunDueAsync(BotTestApp app, int days) =>
        app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(app.Get<TimeProvider>().GetUtcNow().AddDays(days));

    private static async Task<CheckInSchedule> ScheduleAsync(BotTestApp app) =>
        (await app.Get<ClientRecords>().CheckIns.GetScheduleAsync(Jordan, default))!.Value;

    private static async Task<CheckIn> CheckInAsync(BotTestApp app, string id) =>
        (await app.Get<ClientRecords>().CheckIns.GetAsync(Jordan, id, default))!.Value;
}

public sealed class CheckInOnSqliteTests : CheckInTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class CheckInOnAzuriteTests(AzuriteFixture azurite) : CheckInTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
