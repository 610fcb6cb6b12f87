using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Tests.Features.Planning;

/// <summary>
/// Chat reads counts with the same range rule as the plan card (TreatmentPlanning MeasureRange: 0 to 100,000 per
/// period), so nothing saved here is beyond what the card can edit.
/// </summary>
public sealed class CountRangeChatTests : IAsyncLifetime
{
    private const string ClientId = "client-1";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var enrolment = new ClientEnrolment(ClientId, BotTestApp.Tenant, "clin-1", "Robin Example", ClientStatus.Planning, DateTimeOffset.UtcNow.AddDays(-10));
        await _app.Get<ClientRecords>().CreateAsync(enrolment, ClientProfile.New(ClientId, new PersonName("Robin", "Example")), default);
        await _app.Get<CaseloadRefresher>().RefreshAsync(ClientId, default);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

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
