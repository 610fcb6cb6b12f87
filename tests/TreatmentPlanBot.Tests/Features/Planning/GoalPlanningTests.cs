using System.Text.Json;
using TreatmentPlanBot.Features.Planning;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Tests.Features.Planning;

/// <summary>
/// Writing goals with SMART objectives through HTTP against the real app on SQLite: each test is the clinician's
/// conversation, then the stored plan is re-read.
/// </summary>
public sealed class GoalPlanningTests : IAsyncLifetime
{
    private const string ClientId = "client-1";
    private const string ClientName = "Robin Example";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;
    private string _lastReply = string.Empty;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var enrolment = new ClientEnrolment(ClientId, BotTestApp.Tenant, "clin-1", ClientName, ClientStatus.Planning, _app.Now.AddDays(-10));
        await _app.Get<ClientRecords>().CreateAsync(enrolment, ClientProfile.New(ClientId, new PersonName("Robin", "Example")), default);
        await _app.Get<CaseloadRefresher>().RefreshAsync(ClientId, default);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_goal_with_a_phq9_objective_prefills_the_baseline_warns_about_pace_and_is_saved_as_confirmed()
    {
        var clock = _app.Get<BotCore.Time.Clocks>().Fallback;
        var assessed = _app.Now.AddDays(-3);
        await _app.Get<ClientRecords>().AddAssessmentAsync(ClientId, Phq9(total: 22, at: assessed), null, default);

        Assert.Contains("Robin Example has no plan yet", await Say("plan Robin"));
        var defaults = await Answer("area:depression");
        Assert.Contains("Template defaults: a plan of about 16 weeks with weekly sessions", defaults);
        Assert.Contains("prescriber", defaults);
        Assert.DoesNotContain("long-term", defaults);
        Assert.Contains("What is the goal?", await Say("Low mood and withdrawal since losing work"));
        Assert.Contains("How does Robin Example put it?", await Answer("depression.activation"));
        Assert.Contains("**Specific**", await Say("I want to enjoy my weekends again"));
        Assert.Contains("Suggested: PHQ-9 score", await Answer("depression.activation.phq-9"));
        await Answer("InstrumentScore");
        var baseline = await Answer("PHQ-9");
        Assert.Contains($"The latest PHQ-9 score is **22**, from {clock.DateOf(assessed):d MMMM yyyy}", baseline);
        Assert.Contains("target", await Say("22"));
        Assert.Contains("**Time-bound**", await Say("4"));

        var attainable = await Say("in 2 weeks");
        Assert.Contains("faster than usually seen", attainable);
        Assert.Contains("new anticipated completion date", await Answer("date"));
        Assert.Contains("I see no concerns", await Say("in 12 weeks"));
        Assert.Contains("**Relevant**", await Answer("confirm"));
        Assert.Contains("What will the client do between sessions?", await Say("So I can go back to football with my brother"));
        Assert.Contains("own tasks", await _app.SubmitAsync(_clinician, new { choices = "task-1,own" }).Text());
        Assert.Contains("What will you contribute?", await Say("Walk to the park on Saturday mornings"));
        Assert.Contains("Add another objective to this goal?", await _app.SubmitAsync(_clinician, new { choices = "intervention-1" }).Text());

        var summary = await _app.SayAsync(_clinician, "no");
        var card = SummaryCard(summary);
        Assert.Contains("I want to enjoy my weekends again", card);
        Assert.Contains("PHQ-9: from 22 to 4 (lower is better; baseline from the PHQ-9 of", card);
        Assert.DoesNotContain("Warnings you confirmed", card);

        var saved = await _app.SubmitAsync(_clinician, new { choice = "save", goalDraftId = "draft" }).Text();
        Assert.Contains("Saved. Say **show plan Robin Example** to see the plan.", saved);
        Assert.Contains("Add another goal for Robin Example?", saved);
        Assert.Contains("Done: one goal saved.", await Say("no"));

        var plan = await StoredPlanAsync();
        Assert.Equal(PlanStatus.Draft, plan.Status);
        Assert.Equal(TreatmentPlan.DefaultReviewEveryDays, plan.ReviewEveryDays);
        var problem = Assert.Single(plan.Problems);
        Assert.Equal("depression", problem.AreaId);
        Assert.Equal("Low mood and withdrawal since losing work", problem.Statement);
        var goal = Assert.Single(problem.Goals);
        Assert.Equal("I want to enjoy my weekends again", goal.InClientsWords);
        var objective = Assert.Single(goal.Objectives);
        Assert.Equal("Has fewer depressive symptoms, as shown by a lower PHQ-9 score", objective.Behaviour);
        Assert.Equal(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 4, "PHQ-9"), objective.Measure);
        Assert.Equal(clock.Today.AddDays(84), objective.AnticipatedCompletion);
        Assert.Equal("So I can go back to football with my brother", objective.Relevance);
        Assert.StartsWith("Confirmed as attainable by the clinician", objective.AttainabilityNote);
        Assert.Equal(["Do the activities planned for the week.", "Walk to the park on Saturday mornings"], objective.ClientTasks.Select(t => t.Description));
        Assert.Equal(["Behavioural activation"], objective.Interventions.Select(i => i.Name));
    }

    [Fact]
    public async Task A_count_per_period_objective_with_a_target_of_zero_is_saved_with_the_warning_the_clinician_confirmed()
    {
        await Say("plan Robin");
        await Answer("other");
        await Say("Angry outbursts at home");
        await Say("I want to stay calm with my kids");
        Assert.Contains("**Measurable**", await Say("Has fewer angry outbursts at home"));
        Assert.Contains("per what period", await Answer("CountPerPeriod"));
        Assert.Contains("baseline", await Say("outbursts per week"));
        await Say("5");
        await Say("0");
        var attainable = await Say("in 10 weeks");
        Assert.Contains("stop entirely", attainable);
        await Answer("confirm");
        await Say("My kids should not be scared of me");
        await Say("Note each outburst and what came before it");
        await Say("Anger management skills; Chain analysis");
        var card = SummaryCard(await _app.SayAsync(_clinician, "no"));
        Assert.Contains("Warnings you confirmed", card);
        Assert.Contains("outbursts per week: from 5 to 0 (lower is better)", card);
        await _app.SubmitAsync(_clinician, new { choice = "save", goalDraftId = "draft" });
        await Say("no");

        var objective = Assert.Single((await StoredPlanAsync()).Objectives);
        Assert.Equal(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Decrease, 5, 0, null, "outbursts per week"), objective.Measure);
        Assert.Contains("having considered", objective.AttainabilityNote);
        Assert.Equal(["Note each outburst and what came before it"], objective.ClientTasks.Select(t => t.Description));
        Assert.Equal(["Anger management skills", "Chain analysis"], objective.Interventions.Select(i => i.Name));
    }

    [Fact]
    public async Task A_serious_condition_suggests_a_long_term_coordinated_plan_with_frequent_sessions()
    {
        await Say("plan Robin");

        var defaults = await Answer("area:schizophrenia");

        Assert.Contains("Template defaults: a long-term plan of about 52 weeks with twice-weekly sessions. Coordinate care with the prescriber", defaults);
    }

    [Fact]
    public async Task Two_goals_in_one_session_the_second_under_the_problem_the_first_created()
    {
        await Say("plan Robin");
        await QuickGoalAsync("I want to feel safe at home", newProblem: "Thoughts of self-harm");
        Assert.Contains("Add another goal for Robin Example?", await Answer("save"));
        Assert.Contains("On the plan already: Thoughts of self-harm", string.Join("\n", CardStrings(await _app.SayAsync(_clinician, "yes"))));
        await Say("1");
        await QuickGoalAsync("I want my family to know how to help", newProblem: null);
        await Answer("save");
        Assert.Contains("Done: 2 goals saved.", await Say("no"));

        var problem = Assert.Single((await StoredPlanAsync()).Problems);
        Assert.Equal(["I want to feel safe at home", "I want my family to know how to help"], problem.Goals.Select(g => g.InClientsWords));
    }

    [Fact]
    public async Task Cancel_stores_nothing_and_says_so()
    {
        await Say("plan Robin");
        await Answer("area:anxiety");
        Assert.Contains("problem statement heads this part of the plan", await Say("help"));

        Assert.Contains("Nothing was saved", await Say("cancel"));

        Assert.Null(await _app.Get<ClientRecords>().GetPlanAsync(ClientId, default));
        Assert.Contains("nothing in progress", await Say("cancel"));
    }

    [Fact]
    public async Task Cancel_after_a_saved_goal_says_that_goal_is_kept()
    {
        await Say("plan Robin");
        await QuickGoalAsync("I want to feel safe at home", newProblem: "Thoughts of self-harm");
        await Answer("save");
        await Say("yes");

        Assert.Contains("The goal you saved earlier (“I want to feel safe at home”) is on the plan", await Say("cancel"));
        Assert.Single((await StoredPlanAsync()).Goals);
    }

    [Fact]
    public async Task The_summary_cancel_button_discards_the_goal()
    {
        await Say("plan Robin");
        await QuickGoalAsync("I want to feel safe at home", newProblem: "Thoughts of self-harm");

        Assert.Contains("Nothing was saved", await Answer("cancel"));
        Assert.Null(await _app.Get<ClientRecords>().GetPlanAsync(ClientId, default));
    }

    [Fact]
    public async Task A_plan_changed_elsewhere_during_the_dialog_keeps_both_changes()
    {
        await Say("plan Robin");
        await Answer("other");
        await Say("Thoughts of self-harm");
        await Say("I want to feel safe at home");

        // Meanwhile the plan is written from elsewhere (another device, the plan card).
        var records = _app.Get<ClientRecords>();
        var elsewhere = TreatmentPlan.Draft("plan-client-1", ClientId, _app.Get<BotCore.Time.Clocks>().Fallback.Today)
            .AddProblem(new Problem("problem-elsewhere", "Sleep problems", null, []))
            .AddGoal("problem-elsewhere", new Goal("goal-elsewhere", "I want to sleep through the night", []));
        await records.SavePlanAsync(elsewhere, null, default);

        await FinishQuickObjectiveAsync("Writes a safety plan with the clinician");
        Assert.Contains("Saved.", await Answer("save"));
        await Say("no");

        var plan = await StoredPlanAsync();
        Assert.Equal(["I want to sleep through the night", "I want to feel safe at home"], plan.Goals.Select(g => g.InClientsWords));
    }

    [Fact]
    public async Task Save_pressed_twice_adds_the_goal_once()
    {
        await Say("plan Robin");
        await QuickGoalAsync("I want to feel safe at home", newProblem: "Thoughts of self-harm");
        await Answer("save");

        // The same click delivered twice (a retry): the second lands on the next question and is not taken as an answer.
        await Answer("save");

        Assert.Single((await StoredPlanAsync()).Goals);
    }

    [Fact]
    public async Task A_save_turn_that_runs_twice_adds_the_goal_once_and_an_existing_goal_gets_only_new_objectives()
    {
        var writer = _app.Get<GoalWriter>();
        var caller = new Caller(BotTestApp.Tenant, "clin-1", null, InPersonalChat: true);
        var clock = _app.Get<BotCore.Time.Clocks>().Fallback;
        var objective = new ObjectiveDraft { Behaviour = "Writes a safety plan", Measure = new ObjectiveMeasure(MeasureType.DoneNotDone, ChangeDirection.Increase) };
        var draft = new GoalDraft("draft-1", ClientId, ClientName, null, null, "Other", "Thoughts of self-harm", null, null, "I want to feel safe", 1, [objective]);

        var first = await writer.SaveAsync(caller, clock, draft, default);
        var rerun = await writer.SaveAsync(caller, clock, draft, default);
        var more = await writer.SaveAsync(caller, clock, draft with { DraftId = "draft-2", ExistingGoalId = first.GoalId, FirstObjectiveNumber = 2 }, default);

        Assert.Equal(GoalSaveStatus.Saved, first.Status);
        Assert.Equal(GoalSaveStatus.AlreadySaved, rerun.Status);
        Assert.Equal(GoalSaveStatus.Saved, more.Status);
        var goal = Assert.Single((await StoredPlanAsync()).Goals);
        Assert.Equal(2, goal.Objectives.Count);
        var refused = await writer.SaveAsync(caller with { UserId = "clin-2" }, clock, draft with { DraftId = "draft-3" }, default);
        Assert.Equal(GoalSaveStatus.Refused, refused.Status);
        Assert.Single((await StoredPlanAsync()).Goals);
    }

    [Fact]
    public async Task Add_objective_adds_to_an_existing_goal_and_keeps_numbering()
    {
        await Say("plan Robin");
        await QuickGoalAsync("I want to feel safe at home", newProblem: "Thoughts of self-harm");
        await Answer("save");
        await Say("no");

        Assert.Contains("Which of Robin Example's goals", await Say("add objective Robin"));
        Assert.Contains("**Specific**", await Say("1"));
        await FinishQuickObjectiveAsync("Tells a trusted person about the safety plan");
        Assert.Contains("What would you like to change?", await Say("change"));
        await Answer("objective-0");
        Assert.Contains("**Relevant**", await Answer("Relevant"));
        var summary = SummaryCard(await _app.SayAsync(_clinician, "So someone can help me when it gets hard"));
        Assert.Contains("New objectives: please check before saving", summary);
        Assert.Contains("Objective 2", summary);
        Assert.Contains("“So someone can help me when it gets hard”", summary);
        await Answer("save");

        var goal = Assert.Single((await StoredPlanAsync()).Goals);
        Assert.Equal(["Writes a safety plan with the clinician", "Tells a trusted person about the safety plan"], goal.Objectives.Select(o => o.Behaviour));
        Assert.Equal("So someone can help me when it gets hard", goal.Objectives[1].Relevance);
    }

    [Fact]
    public async Task Another_clinician_cannot_plan_for_your_client()
    {
        var other = await _app.AddStaffAsync("clin-2", "Drew Otherclinician", StaffRoles.Clinician);

        Assert.Contains("None of your clients matches", ReplyText.All(await _app.SayAsync(other, "plan Robin")));
        Assert.Contains("None of your clients matches", ReplyText.All(await _app.SayAsync(other, $"plan {ClientId}")));
        Assert.Contains("None of your clients matches", ReplyText.All(await _app.SayAsync(other, $"add objective {ClientId}")));

        Assert.Null(await _app.Get<ClientRecords>().GetPlanAsync(ClientId, default));
    }

    [Fact]
    public async Task Staff_without_the_clinician_role_cannot_start_planning()
    {
        var admin = await _app.AddStaffAsync("admin-1", "Avery Admin", StaffRoles.Admin);

        Assert.Contains("**plan** is for clinicians", ReplyText.All(await _app.SayAsync(admin, "plan Robin")));
    }

    // A goal under "Other" (or an existing problem) with one done / not-done objective: the shortest path to the summary.
    private async Task QuickGoalAsync(string goalText, string? newProblem)
    {
        if (newProblem is not null)
        {
            await Answer("other");
            await Say(newProblem);
        }

        Assert.Contains("own words, what is the goal?", _lastReply);
        await Say(goalText);
        await FinishQuickObjectiveAsync("Writes a safety plan with the clinician");
    }

    private async Task FinishQuickObjectiveAsync(string behaviour)
    {
        await Say(behaviour);
        await Answer("DoneNotDone");
        await Say("in 2 weeks");
        await Answer("confirm");
        await Say("So I know what to do when it gets bad");
        await Say("none");
        await Say("Safety planning");
        Assert.NotEmpty(SummaryCard(await _app.SayAsync(_clinician, "no")));
    }

    private async Task<string> Say(string text) => _lastReply = ReplyText.All(await _app.SayAsync(_clinician, text));

    private async Task<string> Answer(string choice) => _lastReply = ReplyText.All(await _app.SubmitAsync(_clinician, new { choice, goalDraftId = "draft" }));

    private async Task<TreatmentPlan> StoredPlanAsync() =>
        (await _app.Get<ClientRecords>().GetPlanAsync(ClientId, default))?.Value ?? throw new Xunit.Sdk.XunitException("No plan was stored.");

    // Every string on the goal-summary card (text blocks, facts, button data), or empty when no reply carries it.
    private static string SummaryCard(IEnumerable<BotCore.Schema.Activity> replies)
    {
        var cards = CardStrings(replies).Where(c => c.Contains("Objective", StringComparison.Ordinal) || c.Contains("check before saving", StringComparison.Ordinal));
        return string.Join("\n", cards);
    }

    // Every string on the cards of the replies, one card per entry: what a reader sees, including facts and drop-down options.
    private static IEnumerable<string> CardStrings(IEnumerable<BotCore.Schema.Activity> replies) => replies
        .SelectMany(a => a.Attachments ?? [])
        .Where(x => x.Content is { ValueKind: JsonValueKind.Object })
        .Select(x => string.Join("\n", Strings(x.Content!.Value)));

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static AssessmentRecord Phq9(int total, DateTimeOffset at) => new(
        $"assess-{at.ToUnixTimeMilliseconds()}", "PHQ-9", "PHQ-9", new Dictionary<int, int?>(), total, "Severe", null, [], [], at, "clin-1", AssessmentMode.ClinicianInChat);
}

internal static class ReplyTasks
{
    public static async Task<string> Text(this Task<IReadOnlyList<BotCore.Schema.Activity>> replies) => ReplyText.All(await replies);
}
