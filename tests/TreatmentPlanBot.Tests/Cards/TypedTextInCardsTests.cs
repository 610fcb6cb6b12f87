using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Cards;

/// <summary>Card text blocks read Markdown: what people typed must show as typed, not as lists, emphasis or links.</summary>
public sealed class TypedTextInCardsTests : IAsyncLifetime
{
    private BotTestApp _app = null!;
    private TestUser _clinician = null!;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("- sleep more", @"\- sleep more")]
    [InlineData("1. walk daily", @"1\. walk daily")]
    [InlineData("**never** again", @"\*\*never\*\* again")]
    [InlineData("see [this](https://example.org)", @"see \[this\](https://example.org)")]
    [InlineData("first line\n# second", "first line\n\\# second")]
    [InlineData(@"a \ b", @"a \\ b")]
    [InlineData("plain words, 3.5 hours", "plain words, 3.5 hours")]
    public void Typed_markdown_is_escaped_so_it_reads_literally(string typed, string shown) =>
        Assert.Equal(shown, CardText.Escape(typed));

    [Fact]
    public async Task A_client_search_echoed_back_shows_what_was_typed()
    {
        var reply = ReplyText.All(await _app.SayAsync(_clinician, "show plan **Nobody**"));

        Assert.Contains(@"None of your clients matches ""\*\*Nobody\*\*""", reply);
    }

    [Fact]
    public async Task A_goal_and_objective_typed_with_markdown_show_literally_on_the_plan_card()
    {
        var today = Today(_app);
        await EnrolAsync(_app, "client-ash", "clin-1", "Ash", "Sample");
        var plan = TreatmentPlan.Draft("plan-client-ash", "client-ash", today.AddDays(-30))
            .AddProblem(new Problem("problem-1", "Low mood", "depression", []))
            .AddGoal("problem-1", new Goal("goal-1", "**Feel** [better](https://example.org)", []))
            .AddObjective("goal-1", Objective("obj-1", today.AddDays(60), behaviour: "- walks outside for 20 minutes on weekdays"));
        await SavePlanAsync(_app, plan);

        var card = CardOf(Assert.Single(await _app.SayAsync(_clinician, "show plan Ash")));

        var text = Text(card);
        Assert.Contains(@"\*\*Feel\*\* \[better\](https://example.org)", text);
        Assert.Contains(@"\- walks outside for 20 minutes on weekdays", text);
    }
}
