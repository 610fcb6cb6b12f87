using BotCore.Tests.Storage;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Tests.Features.Planning;

/// <summary>
/// Conversations stored by the objective dialog before it was built from part dialogs (Fixtures/Planning: the
/// conversation state of real turns on that code, commit 7e27d09, at the question named). The next message after the
/// deployment picks up at the part the old dialog was on, with the draft it had, and says so; nothing throws.
/// </summary>
public abstract class ResumeAfterDeploymentTests
{
    private const string LostTrack = "I lost track of this objective after an update; let's pick up at";

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task An_objective_stored_at_its_baseline_question_picks_up_at_measurable_and_keeps_what_was_written()
    {
        await using var app = await StartAsync();
        var chat = await PlanningChat.StartAsync(app);
        await chat.RestoreConversationAsync("old-objective-at-baseline");

        var reply = await chat.Say("22");

        Assert.Contains($"{LostTrack} **Measurable**", reply);
        Assert.Contains("how will progress be measured? Suggested: PHQ-9 score.", reply);
        await chat.Answer("InstrumentScore");
        await chat.Answer("PHQ-9");
        await chat.Say("22");
        await chat.Say("10");
        Assert.Contains("**Attainable**", await chat.Say("in 12 weeks"));
        Assert.Contains("**Relevant**", await chat.Answer("confirm"));
        await chat.Say("So I can go back to football");
        await chat.Tick("task-1");
        await chat.Tick("intervention-1");
        await chat.Say("no");
        await chat.SaveAsync();

        var objective = Assert.Single((await chat.StoredPlanAsync()).Objectives);
        Assert.Equal("Has fewer depressive symptoms, as shown by a lower PHQ-9 score", objective.Behaviour);
        Assert.Equal(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 10, "PHQ-9"), objective.Measure);
    }

    [Fact]
    public async Task An_objective_stored_at_its_attainability_check_checks_again_and_continues()
    {
        await using var app = await StartAsync();
        var chat = await PlanningChat.StartAsync(app);
        await chat.RestoreConversationAsync("old-objective-at-attainable");

        var reply = await chat.Answer("confirm");

        Assert.Contains($"{LostTrack} **Attainable**", reply);
        Assert.Contains("**Attainable**: please look at this before confirming", reply);
        Assert.Contains("new anticipated completion date", await chat.Answer("date"));
        await chat.Say("in 12 weeks");
        Assert.Contains("**Relevant**", await chat.Answer("confirm"));
    }

    [Theory]
    [InlineData("old-objective-at-relevance", "**Relevant** (why it matters)", "why does this matter to Robin Example?")]
    [InlineData("old-objective-at-tasks", "the client's tasks", "What will the client do between sessions?")]
    [InlineData("old-objective-at-own-tasks", "the client's tasks", "What will the client do between sessions?")]
    [InlineData("old-change-date", "**Time-bound** (the date)", "by when should it be reached?")]
    public async Task A_stored_question_is_asked_again_at_its_part(string fixture, string part, string question)
    {
        await using var app = await StartAsync();
        var chat = await PlanningChat.StartAsync(app);
        await chat.RestoreConversationAsync(fixture);

        var reply = await chat.Say("Something typed for the old question");

        Assert.Contains($"{LostTrack} {part}.", reply);
        Assert.Contains(question, reply);
    }

    [Fact]
    public async Task A_change_of_one_part_stored_before_the_update_changes_just_that_part_and_saves()
    {
        await using var app = await StartAsync();
        var chat = await PlanningChat.StartAsync(app);
        await chat.RestoreConversationAsync("old-change-relevant");

        Assert.Contains($"{LostTrack} **Relevant**", await chat.Say("So someone can help me when it gets hard"));
        Assert.Contains("New goal: please check before saving", await chat.Say("So someone can help me when it gets hard"));
        await chat.SaveAsync();

        var objective = Assert.Single((await chat.StoredPlanAsync()).Objectives);
        Assert.Equal("Writes a safety plan with the clinician", objective.Behaviour);
        Assert.Equal("So someone can help me when it gets hard", objective.Relevance);
        Assert.Equal(["Safety planning"], objective.Interventions.Select(i => i.Name));
    }

    [Fact]
    public async Task Help_on_a_stored_question_explains_and_picks_up()
    {
        await using var app = await StartAsync();
        var chat = await PlanningChat.StartAsync(app);
        await chat.RestoreConversationAsync("old-objective-at-relevance");

        var reply = await chat.Say("help");

        Assert.Contains($"{LostTrack} **Relevant**", reply);
        Assert.Contains("**Relevant**: why does this matter", await chat.Say("help"));
    }

    [Fact]
    public async Task A_stored_objective_that_cannot_be_read_stops_with_a_clear_word_and_planning_starts_again()
    {
        await using var app = await StartAsync();
        var chat = await PlanningChat.StartAsync(app);
        await chat.RestoreConversationAsync("old-objective-unreadable");

        var reply = await chat.Say("22");

        Assert.Contains("I lost track of this objective after an update and can't pick it up again.", reply);
        Assert.Contains("Nothing was saved", reply);
        Assert.Contains("Robin Example has no plan yet", await chat.Say("plan Robin"));
    }
}

public sealed class ResumeAfterDeploymentOnSqliteTests : ResumeAfterDeploymentTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class ResumeAfterDeploymentOnAzuriteTests(AzuriteFixture azurite) : ResumeAfterDeploymentTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
