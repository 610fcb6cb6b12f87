using System.Text.Json;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.PlanCard;

/// <summary>
/// A count objective saved in chat stays usable on the plan card: both read counts with the one range rule in
/// TreatmentPlanning (0 to 100,000 per period), so "2,000 to 6,000 steps a day" can be edited and have progress recorded.
/// </summary>
public sealed class CountObjectiveCardTests : IAsyncLifetime
{
    private const string ClientId = "client-steps";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;
    private DateOnly _today;
    private string _etag = string.Empty;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        _today = Today(_app);
        await EnrolAsync(_app, ClientId, "clin-1", "Robin", "Example");
        var steps = new Objective(
            "obj-1", "Walks more on most days of the week", new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Increase, 2000, 6000, Unit: "steps a day"),
            null, "I want to keep up with my kids", _today.AddDays(84), [], []);
        _etag = await SavePlanAsync(_app, Plan(ClientId, _today, steps));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private object Ids(string etag) => new { clientId = ClientId, planId = $"plan-{ClientId}", planVersion = etag, objectiveId = "obj-1" };

    [Fact]
    public async Task A_steps_a_day_objective_from_chat_records_progress_of_five_thousand_on_the_card()
    {
        var form = CardOf(await _app.InvokeAsync(_clinician, "objective.progress", Ids(_etag)));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.progress.save");

        var card = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.progress.save", With(save.Data, new { value = "5000", recordedOn = _today.ToString("yyyy-MM-dd"), note = "" }))));

        Assert.Contains($"2000 at baseline → 5000 on {Display(_today)} → target 6000", card);
        Assert.Equal(5000m, Assert.Single(await _app.Get<ClientRecords>().ListProgressAsync(ClientId, default)).Value);
    }

    [Fact]
    public async Task A_steps_a_day_objective_from_chat_can_be_edited_on_the_card()
    {
        var form = CardOf(await _app.InvokeAsync(_clinician, "objective.edit", Ids(_etag)));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.save");

        var card = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.save", With(save.Data, new
        {
            specific = "Walks more on most days of the week",
            relevance = "I want to keep up with my kids",
            target = "7000",
            anticipatedCompletion = _today.AddDays(84).ToString("yyyy-MM-dd"),
            status = "inProgress",
            clientTasks = "",
            interventions = "",
        }))));

        Assert.Contains("Objective 1.1 saved.", card);
        Assert.Equal(7000m, (await StoredPlanAsync(_app, ClientId)).Value.FindObjective("obj-1").Measure!.Target);
    }

    [Fact]
    public async Task A_count_reading_above_one_hundred_thousand_comes_back_with_the_range()
    {
        var card = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.progress.save", With(JsonSerializer.SerializeToElement(Ids(_etag)), new { value = "100001", recordedOn = _today.ToString("yyyy-MM-dd"), note = "" }))));

        Assert.Contains("The reading must be between 0 and 100000", card);
        Assert.Empty(await _app.Get<ClientRecords>().ListProgressAsync(ClientId, default));
    }
}
