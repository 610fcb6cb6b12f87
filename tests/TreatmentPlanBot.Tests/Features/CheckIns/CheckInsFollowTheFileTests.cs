using BotCore.Scheduling;
using BotCore.Tests.Storage;
using BotCore.Time;
using TreatmentPlanBot.Features.CheckIns;
using TreatmentPlanBot.Features.Reviews;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.LinkedClient;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.CheckIns;

/// <summary>
/// Check-ins follow the client's file: a recorded session with a next date times "the day before the session"
/// check-in, closing the plan stops them, and a check-in's scores go through the not-on-track watch like a score in session.
/// </summary>
public abstract class CheckInsFollowTheFileTests
{
    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task A_session_recorded_with_a_next_date_schedules_the_day_before_check_in_and_it_goes_out()
    {
        await using var app = await StartAsync();
        var clinician = await CareTeamAsync(app);
        await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "PHQ-9", cadence = "DayBeforeSession" });
        Assert.True((await ScheduleAsync(app)).WaitingForSessionDate);
        var next = Today(app).AddDays(7);

        var saved = Text(CardOf(await app.InvokeAsync(clinician, "session.save", Session(app, "s-1", "attended", next))));

        Assert.Contains($"Next session {Display(next)}", saved);
        var schedule = await ScheduleAsync(app);
        Assert.False(schedule.WaitingForSessionDate);
        Assert.NotNull(schedule.NextCheckInId);
        var clock = await ClientClockAsync(app);
        Assert.Equal(next.AddDays(-1), clock.DateOf(schedule.NextDueAt!.Value));
        Assert.Equal(ScheduledWorkState.Pending, (await app.Get<WorkScheduler>().GetAsync(CheckInSchedules.WorkId(CheckInSchedules.SendKind, Jordan, schedule.NextCheckInId!)))?.State);

        await RunDueAsync(app, days: 7);

        Assert.Single(SentTo(app, JordanUser), a => ReplyText.Of(a).Contains("A quick check-in", StringComparison.Ordinal));
        Assert.Equal(CheckInStatus.Sent, (await CheckInAsync(app, schedule.NextCheckInId!)).Status);
    }

    [Fact]
    public async Task A_weekly_schedule_is_left_alone_by_a_session_with_a_next_date()
    {
        await using var app = await StartAsync();
        var clinician = await CareTeamAsync(app);
        await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "PHQ-9", cadence = "Weekly" });
        var before = await ScheduleAsync(app);

        await app.InvokeAsync(clinician, "session.save", Session(app, "s-1", "attended", Today(app).AddDays(3)));

        var after = await ScheduleAsync(app);
        Assert.Equal((before.NextCheckInId, before.NextDueAt), (after.NextCheckInId, after.NextDueAt));
    }

    [Fact]
    public async Task Closing_the_plan_stops_check_ins_withdraws_the_open_one_and_sends_no_more()
    {
        await using var app = await StartAsync();
        var clinician = await CareTeamAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician);

        var card = CardOf(Assert.Single(await app.SayAsync(clinician, "close Jordan")));
        var closed = MessageOf(await app.InvokeAsync(clinician, "plan.close", With(Actions(card).Single(a => a.Verb == "plan.close").Data, new { kind = "goalsMet" })));

        Assert.Contains("plan is closed", closed);
        var schedule = await ScheduleAsync(app);
        Assert.False(schedule.Active);
        Assert.Equal("the plan was closed", schedule.StoppedBecause);
        Assert.Null(schedule.NextCheckInId);
        Assert.Equal(CheckInStatus.Withdrawn, (await CheckInAsync(app, checkInId)).Status);
        var prompts = SentTo(app, JordanUser).Count(a => ReplyText.Of(a).Contains("A quick check-in", StringComparison.Ordinal));
        await RunDueAsync(app, days: 30);
        Assert.Equal(prompts, SentTo(app, JordanUser).Count(a => ReplyText.Of(a).Contains("A quick check-in", StringComparison.Ordinal)));
        Assert.Equal([checkInId], (await app.Get<ClientRecords>().CheckIns.ListAsync(Jordan, default)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_check_in_that_puts_the_client_off_track_sends_the_not_on_track_card_to_the_clinician_once()
    {
        await using var app = await StartAsync();
        var clinician = await CareTeamAsync(app);
        var now = app.Get<TimeProvider>().GetUtcNow();
        await ScoreAsync(app, "a-1", 10, now.AddDays(-14));
        await ScoreAsync(app, "a-2", 8, now.AddDays(-7));
        Assert.Empty(await app.Get<OutcomeWatch>().EvaluateAsync(await EnrolmentAsync(app), default));
        var checkInId = await SentCheckInAsync(app, clinician);

        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId });
        foreach (var answer in new[] { "3", "3", "3", "3", "3", "3", "3", "3", "0" })
        {
            await app.SayAsync(JordanUser, answer);
        }

        Assert.Contains(CheckInCompletion.Thanks, ReplyText.All(await app.SayAsync(JordanUser, "Very difficult")));

        var card = Assert.Single(NotOnTrackCards(app, clinician));
        Assert.Contains("Not on track: reliable deterioration", card);
        Assert.Contains("PHQ-9 went from 10 at baseline", card);
        Assert.DoesNotContain(SentTo(app, JordanUser), a => ReplyText.Of(a).Contains("Three ways forward", StringComparison.Ordinal));
        var alert = Assert.Single(await app.Get<OutcomeWatch>().AlertsAsync(Jordan, default));
        Assert.Equal($"checkin-{checkInId}-PHQ-9", alert.TriggerAssessmentId);

        Assert.Empty(await app.Get<OutcomeWatch>().EvaluateAsync(await EnrolmentAsync(app), default));
        Assert.StartsWith("You already answered this check-in", MessageOf(await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId })));
        Assert.Single(NotOnTrackCards(app, clinician));
    }

    private static async Task<TestUser> CareTeamAsync(BotTestApp app)
    {
        var (clinician, _) = await LinkedClient.CareTeamAsync(app);
        await JordanLinkedAsync(app);
        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId = "none-yet" });
        return clinician;
    }

    private static Dictionary<string, string> Session(BotTestApp app, string sessionId, string attendance, DateOnly next) => new()
    {
        ["clientId"] = Jordan,
        ["sessionId"] = sessionId,
        ["heldOn"] = Today(app).ToString("yyyy-MM-dd"),
        ["attendance"] = attendance,
        ["interventions"] = "obj-1-int",
        ["task:obj-1-task"] = "partly",
        ["note"] = "Planned the week",
        ["nextSessionOn"] = next.ToString("yyyy-MM-dd"),
    };

    private static async Task<string> SentCheckInAsync(BotTestApp app, TestUser clinician)
    {
        await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "PHQ-9", cadence = "Weekly" });
        var checkInId = (await ScheduleAsync(app)).NextCheckInId!;
        await RunDueAsync(app, days: 2);
        Assert.Equal(CheckInStatus.Sent, (await CheckInAsync(app, checkInId)).Status);
        return checkInId;
    }

    private static async Task<LocalClock> ClientClockAsync(BotTestApp app) =>
        app.Get<Clocks>().For((await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, JordanUser.UserId, default))?.Value.TimeZoneId);

    private static async Task ScoreAsync(BotTestApp app, string id, int total, DateTimeOffset at) =>
        await app.Get<ClientRecords>().AddAssessmentAsync(Jordan, new AssessmentRecord(id, "PHQ-9", "PHQ-9", new Dictionary<int, int?>(), total, "band", null, [], [], at, "clin-1", AssessmentMode.ClinicianForm), null, default);

    private static async Task<ClientEnrolment> EnrolmentAsync(BotTestApp app) =>
        (await app.Get<ClientRecords>().GetEnrolmentAsync(Jordan, default))!.Value;

    private static IReadOnlyList<string> NotOnTrackCards(BotTestApp app, TestUser clinician) =>
        [.. SentTo(app, clinician).Select(ReplyText.Of).Where(t => t.Contains("Three ways forward", StringComparison.Ordinal))];

    private static Task RunDueAsync(BotTestApp app, int days) =>
        app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(app.Get<TimeProvider>().GetUtcNow().AddDays(days));

    private static async Task<CheckInSchedule> ScheduleAsync(BotTestApp app) =>
        (await app.Get<ClientRecords>().CheckIns.GetScheduleAsync(Jordan, default))!.Value;

    private static async Task<CheckIn> CheckInAsync(BotTestApp app, string id) =>
        (await app.Get<ClientRecords>().CheckIns.GetAsync(Jordan, id, default))!.Value;
}

public sealed class CheckInsFollowTheFileOnSqliteTests : CheckInsFollowTheFileTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class CheckInsFollowTheFileOnAzuriteTests(AzuriteFixture azurite) : CheckInsFollowTheFileTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
