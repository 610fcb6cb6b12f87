using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Tests.Features.Planning;

/// <summary>
/// The objective's part dialogs and its list picker, through the real app on SQLite: a change from the summary runs
/// only the part asked for (and the attainability check after the numbers or the date), and the one list picker
/// picks both the client's tasks and the clinician's interventions the same way.
/// </summary>
public sealed class ObjectivePartsTests : IAsyncLifetime
{
    private BotTestApp _app = null!;
    private PlanningChat _chat = null!;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _chat = await PlanningChat.StartAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_list_picker_takes_ticked_suggestions_and_own_items_for_both_tasks_and_interventions()
    {
        await StartDepressionObjectiveAsync();
        Assert.Contains("Tick the tasks that fit", _chat.LastReply);
        Assert.Contains("Type the client's own tasks", await _chat.Tick("task-2,own"));
        Assert.Contains("Tick the interventions that fit", await _chat.Say("Walk to the park on Saturdays"));
        Assert.Contains("Type your own interventions", await _chat.Tick("intervention-1,own"));
        await _chat.Say("Values clarification; Sleep hygiene");
        await _chat.Say("no");
        await _chat.SaveAsync();

        var objective = Assert.Single((await _chat.StoredPlanAsync()).Objectives);
        Assert.Equal(2, objective.ClientTasks.Count);
        Assert.Equal("Walk to the park on Saturdays", objective.ClientTasks[1].Description);
        Assert.Equal(["Behavioural activation", "Values clarification", "Sleep hygiene"], objective.Interventions.Select(i => i.Name));
        Assert.NotNull(objective.Interventions[0].Description);
    }

    [Fact]
    public async Task The_list_picker_asks_again_with_the_limit_when_ticked_and_typed_items_are_too_many()
    {
        await StartDepressionObjectiveAsync();
        await _chat.Tick("task-1,task-2,own");

        var retry = await _chat.Say("One; Two; Three; Four");

        Assert.Contains("Please type at most 3 more", retry);
        Assert.Contains("Tick the interventions that fit", await _chat.Say("One; Two"));
    }

    [Fact]
    public async Task Without_template_suggestions_the_list_picker_takes_typed_lists_or_none()
    {
        await StartOtherObjectiveAsync();

        Assert.Contains("Type each task on its own line", _chat.LastReply);
        Assert.Contains("What will you contribute (e.g. graded exposure, behavioural activation)?", await _chat.Say("none"));
        await _chat.Say("Safety planning");
        await _chat.Say("no");
        await _chat.SaveAsync();

        var objective = Assert.Single((await _chat.StoredPlanAsync()).Objectives);
        Assert.Empty(objective.ClientTasks);
        Assert.Equal(["Safety planning"], objective.Interventions.Select(i => i.Name));
    }

    [Fact]
    public async Task Changing_the_measure_asks_only_the_measure_then_checks_attainability_and_keeps_the_rest()
    {
        await StartOtherObjectiveAsync();
        await _chat.Say("Note each time a plan was used");
        await _chat.Say("Safety planning");
        await _chat.Say("no");

        await _chat.Say("change");
        await _chat.Answer("objective-0");
        Assert.Contains("**Measurable**", await _chat.Answer("Measurable"));
        Assert.Contains("per what period", await _chat.Answer("CountPerPeriod"));
        Assert.Contains("baseline", await _chat.Say("calls to a friend per week"));
        Assert.Contains("target", await _chat.Say("0"));
        Assert.Contains("**Attainable**", await _chat.Say("3"));
        Assert.Contains("check before saving", await _chat.Answer("confirm"));
        await _chat.SaveAsync();

        var objective = Assert.Single((await _chat.StoredPlanAsync()).Objectives);
        Assert.Equal(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Increase, 0, 3, null, "calls to a friend per week"), objective.Measure);
        Assert.Equal("Writes a safety plan with the clinician", objective.Behaviour);
        Assert.Equal("So I know what to do when it gets bad", objective.Relevance);
        Assert.Equal(["Note each time a plan was used"], objective.ClientTasks.Select(t => t.Description));
    }

    [Fact]
    public async Task Changing_the_specific_part_offers_the_suggestions_and_takes_the_clinicians_words()
    {
        await StartDepressionObjectiveAsync();
        await _chat.Tick("none");
        await _chat.Tick("none");
        await _chat.Say("no");

        await _chat.Say("change");
        await _chat.Answer("objective-0");
        Assert.Contains("Pick a suggestion to start from", await _chat.Answer("Specific"));
        Assert.Contains("describe the behaviour", await _chat.Answer("own"));
        Assert.Contains("at least 3 words", await _chat.Say("feel better"));
        Assert.Contains("check before saving", await _chat.Say("Plans one enjoyable activity each weekend"));
        await _chat.SaveAsync();

        var objective = Assert.Single((await _chat.StoredPlanAsync()).Objectives);
        Assert.Equal("Plans one enjoyable activity each weekend", objective.Behaviour);
        Assert.Equal(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 20, 10, "PHQ-9"), objective.Measure);
    }

    [Fact]
    public async Task Changing_the_date_asks_the_date_then_checks_attainability_again()
    {
        await StartOtherObjectiveAsync();
        await _chat.Say("none");
        await _chat.Say("none");
        await _chat.Say("no");

        await _chat.Say("change");
        await _chat.Answer("objective-0");
        Assert.Contains("**Time-bound**", await _chat.Answer("TimeBound"));
        Assert.Contains("**Attainable**: done by", await _chat.Say("in 5 weeks"));
        Assert.Contains("check before saving", await _chat.Answer("confirm"));
        await _chat.SaveAsync();

        var objective = Assert.Single((await _chat.StoredPlanAsync()).Objectives);
        Assert.True(objective.AnticipatedCompletion > _app.Get<BotCore.Time.Clocks>().Fallback.Today.AddDays(28));
    }

    // Depression area, template goal, the PHQ-9 suggestion: 20 -> 10 in 16 weeks; ends at the client tasks question.
    private async Task StartDepressionObjectiveAsync()
    {
        await _chat.Say("plan Robin");
        await _chat.Answer("area:depression");
        await _chat.Say("Low mood since losing work");
        await _chat.Answer("depression.activation");
        await _chat.Say("keep");
        await _chat.Answer("depression.activation.phq-9");
        await _chat.Answer("InstrumentScore");
        await _chat.Answer("PHQ-9");
        await _chat.Say("20");
        await _chat.Say("10");
        await _chat.Say("in 16 weeks");
        await _chat.Answer("confirm");
        await _chat.Say("So I can enjoy weekends again");
    }

    // "Other" (no template), a done / not done objective; ends at the typed client tasks question.
    private async Task StartOtherObjectiveAsync()
    {
        await _chat.Say("plan Robin");
        await _chat.Answer("other");
        await _chat.Say("Thoughts of self-harm");
        await _chat.Say("I want to feel safe at home");
        await _chat.Say("Writes a safety plan with the clinician");
        await _chat.Answer("DoneNotDone");
        await _chat.Say("in 2 weeks");
        await _chat.Answer("confirm");
        await _chat.Say("So I know what to do when it gets bad");
    }
}
