using TreatmentPlanBot.Features.Reviews;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Features.PlanCard;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Reviews;

/// <summary>The not-on-track card: once per score that raised it, again only for a new deterioration; its three buttons.</summary>
public abstract class OutcomeWatchTests : IAsyncLifetime
{
    private const string ClientId = "client-robin";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;
    private DateTimeOffset _now;

    protected abstract Task<BotTestApp> StartAsync();

    public async Task InitializeAsync()
    {
        _app = await StartAsync();
        await _app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        _now = _app.Get<TimeProvider>().GetUtcNow();
        await PlanFile.EnrolAsync(_app, ClientId, "clin-1", "Robin", "Example");
        await SavePlanAsync(_app, Plan(ClientId, Today(_app), Objective("obj-1", Today(_app).AddDays(30))));
        await _app.SayAsync(_clinician, "help");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task ScoreAsync(string id, int total, int daysAgo) =>
        await _app.Get<ClientRecords>().AddAssessmentAsync(ClientId, new AssessmentRecord(id, "PHQ-9", "PHQ-9", new Dictionary<int, int?>(), total, "band", null, [], [], _now.AddDays(-daysAgo), "clin-1", AssessmentMode.ClinicianForm), null, default);

    private async Task<IReadOnlyList<string>> EvaluateAsync() =>
        await _app.Get<OutcomeWatch>().EvaluateAsync((await _app.Get<ClientRecords>().GetEnrolmentAsync(ClientId, default))!.Value, default);

    private IReadOnlyList<string> Cards() =>
        [.. SentTo(_app, _clinician).Select(ReplyText.Of).Where(t => t.Contains("Three ways forward", StringComparison.Ordinal))];

    [Fact]
    public async Task No_reliable_improvement_after_the_weeks_allowed_sends_the_card_once_and_again_only_for_a_new_deterioration()
    {
        await ScoreAsync("a-1", 17, 70);
        await ScoreAsync("a-2", 16, 1);

        Assert.Single(await EvaluateAsync());
        Assert.Empty(await EvaluateAsync());
        Assert.Contains("Not on track: no reliable improvement", Assert.Single(Cards()));
        Assert.Contains("PHQ-9 shows no reliable improvement after 9 weeks: 17 at baseline", Cards()[0]);

        await ScoreAsync("a-3", 17, 0);
        Assert.Empty(await EvaluateAsync());

        await ScoreAsync("a-4", 24, 0);
        Assert.Single(await EvaluateAsync());
        Assert.Contains("Not on track: reliable deterioration", Cards()[^1]);
        Assert.Equal(2, Cards().Count);
        var alert = Assert.Single(await _app.Get<OutcomeWatch>().AlertsAsync(ClientId, default));
        Assert.Equal(("a-4", true), (alert.TriggerAssessmentId, alert.Deterioration));
    }

    [Fact]
    public async Task A_client_on_track_gets_no_card_and_a_reliable_deterioration_does_at_once()
    {
        await ScoreAsync("a-1", 10, 14);
        await ScoreAsync("a-2", 8, 7);
        Assert.Empty(await EvaluateAsync());

        await ScoreAsync("a-3", 17, 0);

        Assert.Single(await EvaluateAsync());
        Assert.Contains("PHQ-9 went from 10 at baseline", Assert.Single(Cards()));
    }

    [Fact]
    public async Task Each_way_forward_starts_its_flow()
    {
        await ScoreAsync("a-1", 17, 70);
        await ScoreAsync("a-2", 17, 1);
        await EvaluateAsync();
        var card = SentTo(_app, _clinician).Last().Attachments![0].Content!.Value;

        var tactics = CardOf(await _app.InvokeAsync(_clinician, "wayforward.tactics", With(Actions(card).Single(a => a.Title == "Change tactics").Data)));
        var goals = CardOf(await _app.InvokeAsync(_clinician, "wayforward.goals", With(Actions(card).Single(a => a.Title == "Alter goals").Data)));
        var refer = MessageOf(await _app.InvokeAsync(_clinician, "wayforward.refer", With(Actions(card).Single(a => a.Title == "Refer on").Data)));

        Assert.Contains("Edit objective 1.1", Text(tactics));
        Assert.Contains("Behavioural activation", Text(tactics) + System.Text.Json.JsonSerializer.Serialize(tactics));
        Assert.Contains("To alter the goals with Robin Example", Text(goals));
        Assert.Contains(Actions(goals), a => a.Verb == "objective.add");
        Assert.Contains("close Robin Example", refer);
        var colleague = await _app.AddStaffAsync("clin-2", "Alex Colleague", StaffRoles.Clinician);
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await _app.InvokeAsync(colleague, "wayforward.tactics", new { clientId = ClientId, measureId = "PHQ-9" })));
    }
}

public sealed class OutcomeWatchOnSqliteTests : OutcomeWatchTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class OutcomeWatchOnAzuriteTests(BotCore.Tests.Storage.AzuriteFixture azurite) : OutcomeWatchTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
