using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Tests.Features.Planning;

/// <summary>
/// What the planning dialog accepts is bounded where it is typed, as the plan card's edit form already was: the plan card's
/// worst case assumes 300 characters of objective text and at most five tasks and five interventions.
/// </summary>
public sealed class ObjectiveLimitsTests : IAsyncLifetime
{
    private const string ClientId = "client-1";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var enrolment = new ClientEnrolment(ClientId, BotTestApp.Tenant, "clin-1", "Robin Example", ClientStatus.Planning, _app.Now.AddDays(-10));
        await _app.Get<ClientRecords>().CreateAsync(enrolment, ClientProfile.New(ClientId, new PersonName("Robin", "Example")), default);
        await _app.Get<CaseloadRefresher>().RefreshAsync(ClientId, default);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Overlong_objective_text_and_too_many_tasks_are_asked_again_with_the_limit_and_nothing_is_cut()
    {
        await Say("plan Robin");
        await Answer("other");
        await Say("Angry outbursts at home");
        await Say("I want to stay calm with my kids");

        var overlong = "Has fewer angry outbursts at home " + new string('x', 300);
        Assert.Contains("at most 300 characters", await Say(overlong));
        await Say("Writes a safety plan with the clinician");
        await Answer("DoneNotDone");
        await Say("in 2 weeks");
        await Answer("confirm");

        Assert.Contains("up to 300 characters", await Say("So I can " + new string('y', 300)));
        await Say("So I know what to do when it gets bad");

        var sixTasks = string.Join("\n", Enumerable.Range(1, 6).Select(i => $"Task number {i}"));
        Assert.Contains("at most 5 more", await Say(sixTasks));
        await Say(string.Join("\n", Enumerable.Range(1, 5).Select(i => $"Task number {i}")));

        Assert.Contains("each up to 100 characters", await Say("Safety planning; " + new string('z', 101)));
        await Say("Safety planning");
        await Say("no");
        await _app.SubmitAsync(_clinician, new { choice = "save", goalDraftId = "draft" });

        var objective = Assert.Single((await _app.Get<ClientRecords>().GetPlanAsync(ClientId, default))!.Value.Objectives);
        Assert.Equal("Writes a safety plan with the clinician", objective.Behaviour);
        Assert.Equal("So I know what to do when it gets bad", objective.Relevance);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"Task number {i}"), objective.ClientTasks.Select(t => t.Description));
        Assert.Equal(["Safety planning"], objective.Interventions.Select(i => i.Name));
    }

    // Chat reads counts with the plan card's range rule (TreatmentPlanning's MeasureRange, 0 to 100,000 per period),
    // so nothing saved here is beyond what the card can edit.
    [Fact]
    public async Task A_count_above_one_hundred_thousand_is_asked_again_and_two_to_six_thousand_steps_a_day_is_saved()
    {
        await Say("plan Robin");
        await Answer("other");
        await Say("Inactive most days");
        await Say("I want to keep up with my kids");
        await Say("Walks more on most days of the week");
        await Answer("CountPerPeriod");
        await Say("steps a day");

        Assert.Contains("Please answer with a number from 0 to 100000.", await Say("200000"));
        await Say("2000");
        Assert.Contains("Please answer with a number from 0 to 100000.", await Say("100001"));
        await Say("6000");
        await Say("in 12 weeks");
        await Answer("confirm");
        await Say("So I can play football with them");
        await Say("none");
        await Say("Behavioural activation");
        await Say("no");
        await _app.SubmitAsync(_clinician, new { choice = "save", goalDraftId = "draft" });

        var objective = Assert.Single((await _app.Get<ClientRecords>().GetPlanAsync(ClientId, default))!.Value.Objectives);
        Assert.Equal(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Increase, 2000, 6000, null, "steps a day"), objective.Measure);
    }

    private async Task<string> Say(string text) => ReplyText.All(await _app.SayAsync(_clinician, text));

    private async Task<string> Answer(string choice) => ReplyText.All(await _app.SubmitAsync(_clinician, new { choice, goalDraftId = "draft" }));
}
