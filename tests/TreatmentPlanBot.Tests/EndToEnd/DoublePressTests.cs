using System.Text.Json;
using BotCore.Schema;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.EndToEnd;

/// <summary>
/// Exactly once, whatever the mouse does: one button pressed twice within milliseconds (two requests released at the
/// same instant against the real app) stores one record, sends one alert, and the replies say what happened.
/// Each test re-reads storage afterwards.
/// </summary>
public abstract class DoublePressTests
{
    private const string PlanClientId = "client-plan";

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Pressing_save_on_a_new_goal_twice_at_once_stores_the_goal_once()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolForPlanningAsync(app);
        await SayAllAsync(app, clinician, "plan Robin");
        await AnswerAsync(app, clinician, "other");
        await SayAllAsync(app, clinician, "Angry outbursts at home", "I want to stay calm with my kids");
        var summary = await WriteOneObjectiveAsync(app, clinician);

        var replies = ReplyText.All(await app.SubmitTwiceAtOnceAsync(clinician, SummaryButton(summary, "save")));

        var plan = (await app.Get<ClientRecords>().GetPlanAsync(PlanClientId, default))!.Value;
        var goal = Assert.Single(plan.Goals);
        Assert.Equal("I want to stay calm with my kids", goal.InClientsWords);
        Assert.Single(goal.Objectives);
        Assert.Single(plan.Problems);
        Assert.Contains("Add another goal for Robin Example?", replies);
        Assert.DoesNotContain("Done: 2 goals saved", await SayAllAsync(app, clinician, "no"));
    }

    [Fact]
    public async Task Pressing_save_on_a_new_objective_twice_at_once_adds_it_once()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolForPlanningAsync(app);
        await SavePlanAsync(app, TreatmentPlan.Draft($"plan-{PlanClientId}", PlanClientId, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7))
            .AddProblem(new Problem("problem-1", "Angry outbursts at home", null, []))
            .AddGoal("problem-1", new Goal("goal-1", "I want to stay calm with my kids", [])));
        await SayAllAsync(app, clinician, "add objective Robin");
        await AnswerAsync(app, clinician, "goal-1");
        var summary = await WriteOneObjectiveAsync(app, clinician);

        await app.SubmitTwiceAtOnceAsync(clinician, SummaryButton(summary, "save"));

        var plan = (await app.Get<ClientRecords>().GetPlanAsync(PlanClientId, default))!.Value;
        Assert.Equal("Has fewer angry outbursts at home", Assert.Single(plan.Objectives).Behaviour);
    }

    [Fact]
    public async Task Submitting_a_phq9_form_twice_at_once_stores_one_assessment_one_risk_event_and_alerts_the_supervisor_once()
    {
        await using var app = await StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await app.SayAsync(clinician, "assess Alex");
        await app.SayAsync(clinician, "PHQ-9");
        var session = FormSessionOf(await app.SayAsync(clinician, "form"));

        var replies = ReplyText.All(await app.SubmitTwiceAtOnceAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "1", item2 = "1", item3 = "0", item4 = "0", item5 = "0", item6 = "0", item7 = "0", item8 = "0", item9 = "1" }));

        var records = app.Get<ClientRecords>();
        Assert.Equal(3, Assert.Single(await records.ListAssessmentsAsync(ClientId, default)).Total);
        var riskEvent = Assert.Single(await records.ListRiskEventsAsync(ClientId, default));
        Assert.True(riskEvent.SupervisorAlerted);
        Assert.Single(SentTo(app, supervisor), a => a.Text?.Contains("Risk alert", StringComparison.Ordinal) == true);
        Assert.Contains("PHQ-9 result", replies);
    }

    [Fact]
    public async Task Pressing_the_item9_answer_twice_at_once_raises_one_risk_event_and_one_alert()
    {
        await using var app = await StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        IReadOnlyList<Activity> question = await StartItemByItemAsync(app, clinician, "PHQ-9");
        for (var i = 0; i < 8; i++)
        {
            question = await app.SubmitAsync(clinician, Button(question, "0"));
        }

        Assert.Equal(9, ItemNumberOf(question));
        var replies = ReplyText.All(await app.SubmitTwiceAtOnceAsync(clinician, Button(question, "1")));

        Assert.Contains("Risk flagged: Alex Example", replies);
        var riskEvent = Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.True(riskEvent.SupervisorAlerted);
        Assert.Single(SentTo(app, supervisor), a => a.Text?.Contains("Risk alert", StringComparison.Ordinal) == true);

        // The measure goes on to its last question and is stored once, referring to the risk already raised.
        var item10 = SentTo(app, clinician).Where(a => ItemCardButtons([a]).Any(d => d.GetProperty("itemNumber").GetInt32() == 10)).ToList();
        var last = await app.SubmitAsync(clinician, Button(item10, "0"));
        Assert.Contains("PHQ-9 result", ReplyText.All(last));
        Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Single(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        Assert.Single(SentTo(app, supervisor), a => a.Text?.Contains("Risk alert", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Pressing_save_on_a_returning_clients_screening_twice_at_once_stores_one_screening()
    {
        await using var app = await StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["worry"]);
        await EnrolAsync(app);
        await SayAllAsync(app, clinician, "screen Alex Example");
        await app.SubmitAsync(clinician, new { choices = "worry" });
        await SayAllAsync(app, clinician, "Worse since a change of job");
        await app.SubmitAsync(clinician, new { choice = "routine" });
        Assert.Contains("among the areas you treat", await SayAllAsync(app, clinician, "yes"));

        var replies = ReplyText.All(await app.SubmitTwiceAtOnceAsync(clinician, new { choice = "yes" }));

        Assert.Single(await app.Get<ClientRecords>().ListScreeningsAsync(ClientId, default));
        Assert.Contains("saved to Alex Example's record", replies);
    }

    [Fact]
    public async Task Pressing_acknowledge_twice_at_once_records_one_acknowledgement()
    {
        await using var app = await StartAsync();
        await SupervisorInChatAsync(app);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);
        await app.SayAsync(clinician, "assess Alex");
        await app.SayAsync(clinician, "PHQ-9");
        var session = FormSessionOf(await app.SayAsync(clinician, "form"));
        await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "0", item2 = "0", item3 = "0", item4 = "0", item5 = "0", item6 = "0", item7 = "0", item8 = "0", item9 = "1" });
        var records = app.Get<ClientRecords>();
        var raised = Assert.Single(await records.ListRiskEventsAsync(ClientId, default));

        var answers = await app.InvokeAtOnceAsync(clinician, "risk.ack", [new { clientId = ClientId, riskEventId = raised.Id }, new { clientId = ClientId, riskEventId = raised.Id }]);

        var acknowledged = Assert.Single(await records.ListRiskEventsAsync(ClientId, default));
        Assert.Equal("clin-1", acknowledged.AcknowledgedBy);
        Assert.All(answers, answer => Assert.Contains("by you at", Text(CardOf(answer))));
        var stillAcknowledged = (await records.FindRiskEventAsync(ClientId, raised.Id, default))!.Value;
        Assert.Equal(acknowledged.AcknowledgedAt, stillAcknowledged.AcknowledgedAt);
    }

    [Fact]
    public async Task Two_progress_readings_recorded_in_the_same_second_are_both_kept()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        var (etag, today) = await ArrangeObjectiveAsync(app);
        var first = ProgressSave(CardOf(await app.InvokeAsync(clinician, "objective.progress", ObjectiveIds(etag))));
        var second = ProgressSave(CardOf(await app.InvokeAsync(clinician, "objective.progress", ObjectiveIds(etag))));
        var sameSecond = DateTimeOffset.UtcNow;

        var answers = await app.InvokeAtOnceAsync(clinician, "objective.progress.save",
            [With(first, Reading("11", today)), With(second, Reading("12", today))], sameSecond);

        var stored = await app.Get<ClientRecords>().ListProgressAsync(PlanClientId, default);
        Assert.Equal([11m, 12m], stored.Select(p => p.Value!.Value).Order());
        Assert.All(answers, answer => Assert.Contains("Progress recorded for objective 1.1", Text(CardOf(answer))));
    }

    [Fact]
    public async Task Pressing_save_on_one_progress_card_twice_at_once_records_one_reading_and_says_so()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        var (etag, today) = await ArrangeObjectiveAsync(app);
        var save = ProgressSave(CardOf(await app.InvokeAsync(clinician, "objective.progress", ObjectiveIds(etag))));

        var answers = await app.InvokeAtOnceAsync(clinician, "objective.progress.save", [With(save, Reading("11", today)), With(save, Reading("11", today))]);

        Assert.Equal(11m, Assert.Single(await app.Get<ClientRecords>().ListProgressAsync(PlanClientId, default)).Value);
        var texts = answers.Select(a => Text(CardOf(a))).ToList();
        Assert.Single(texts, t => t.Contains("Progress recorded for objective 1.1", StringComparison.Ordinal));
        Assert.Single(texts, t => t.Contains("already recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_progress_form_sent_before_readings_had_ids_is_shown_again_with_what_was_typed_and_stores_nothing()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        var (etag, today) = await ArrangeObjectiveAsync(app);
        var before = JsonSerializer.SerializeToElement(ObjectiveIds(etag));

        var card = CardOf(await app.InvokeAsync(clinician, "objective.progress.save", With(before, Reading("11", today))));

        Assert.Contains(TreatmentPlanBot.Features.PlanCard.PlanCardActions.FormFromBefore, Text(card));
        Assert.Contains("11", Text(card));
        Assert.Empty(await app.Get<ClientRecords>().ListProgressAsync(PlanClientId, default));
        var again = ProgressSave(card);
        await app.InvokeAsync(clinician, "objective.progress.save", With(again, Reading("11", today)));
        Assert.Equal(11m, Assert.Single(await app.Get<ClientRecords>().ListProgressAsync(PlanClientId, default)).Value);
    }

    // Arrangements -------------------------------------------------------------------------------------------------

    private static async Task EnrolForPlanningAsync(BotTestApp app)
    {
        var enrolment = new ClientEnrolment(PlanClientId, BotTestApp.Tenant, "clin-1", "Robin Example", ClientStatus.Planning, DateTimeOffset.UtcNow.AddDays(-10));
        await app.Get<ClientRecords>().CreateAsync(enrolment, ClientProfile.New(PlanClientId, new PersonName("Robin", "Example")), default);
        await app.Get<CaseloadRefresher>().RefreshAsync(PlanClientId, default);
    }

    private static async Task<(string ETag, DateOnly Today)> ArrangeObjectiveAsync(BotTestApp app)
    {
        await EnrolForPlanningAsync(app);
        var today = Today(app);
        return (await SavePlanAsync(app, Plan(PlanClientId, today, Objective("obj-1", today.AddDays(60)))), today);
    }

    private static object ObjectiveIds(string etag) => new { clientId = PlanClientId, planId = $"plan-{PlanClientId}", planVersion = etag, objectiveId = "obj-1" };

    private static object Reading(string value, DateOnly on) => new { value, recordedOn = on.ToString("yyyy-MM-dd"), note = "" };

    private static JsonElement ProgressSave(JsonElement card) => Assert.Single(Actions(card), a => a.Verb == "objective.progress.save").Data;

    /// <summary>One count-per-period objective, from its behaviour to the goal-summary card.</summary>
    private static async Task<IReadOnlyList<Activity>> WriteOneObjectiveAsync(BotTestApp app, TestUser clinician)
    {
        await SayAllAsync(app, clinician, "Has fewer angry outbursts at home");
        await AnswerAsync(app, clinician, "CountPerPeriod");
        await SayAllAsync(app, clinician, "outbursts per week", "5", "0", "in 10 weeks");
        await AnswerAsync(app, clinician, "confirm");
        await SayAllAsync(app, clinician, "My kids should not be scared of me", "Note each outburst and what came before it", "Anger management skills; Chain analysis");
        var summary = await app.SayAsync(clinician, "no");
        Assert.Contains("Save it, change something, or cancel?", ReplyText.All(summary));
        return summary;
    }

    /// <summary>The data of the summary card's button for this answer, exactly as the card carries it.</summary>
    private static Dictionary<string, object> SummaryButton(IReadOnlyList<Activity> summary, string choice)
    {
        var data = CardsIn(summary).SelectMany(SubmitData).First(d => d.TryGetProperty("choice", out var c) && c.GetString() == choice);
        return JsonSerializer.Deserialize<Dictionary<string, object>>(data.GetRawText())!;
    }

    private static IEnumerable<JsonElement> SubmitData(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("type", out var type) && type.GetString() == "Action.Submit" && element.TryGetProperty("data", out var data) => [data],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => SubmitData(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(SubmitData),
        _ => [],
    };

    private static async Task<string> SayAllAsync(BotTestApp app, TestUser user, params string[] texts)
    {
        var last = string.Empty;
        foreach (var text in texts)
        {
            last = ReplyText.All(await app.SayAsync(user, text));
        }

        return last;
    }

    // The planning dialog's buttons carry the draft id so a stale button is not taken as a later answer.
    private static async Task AnswerAsync(BotTestApp app, TestUser user, string choice) =>
        await app.SubmitAsync(user, new { choice, goalDraftId = "draft" });
}

public sealed class DoublePressOnSqliteTests : DoublePressTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class DoublePressOnAzuriteTests(AzuriteFixture azurite) : DoublePressTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
