using TreatmentPlanBot.Demo;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.MyPlan;

/// <summary>The local run's demo client: `./run.sh --as client` is Jordan in the Playground, and "my plan" works for them.</summary>
public sealed class DemoClientTests
{
    [Fact]
    public async Task The_seeded_demo_client_reads_their_plan_in_the_playground_tenant()
    {
        var demo = new DemoClinicOptions();
        await using var app = await BotTestApp.StartAsync(settings: new Dictionary<string, string?> { ["Clinic:SeedDemoData"] = "true" });
        var jordan = new TestUser(DemoClinicSeeder.DemoClientUserId, "Jordan Example", demo.TenantId);

        var link = await app.Get<ClientUsers>().FindAsync(demo.TenantId, DemoClinicSeeder.DemoClientUserId, default);
        var card = Text(CardOf(Assert.Single(await app.SayAsync(jordan, "my plan"))));

        Assert.Equal("demo-client-jordan", link?.ClientId);
        Assert.Contains("I want to enjoy my days again and see my friends", card);
        Assert.Contains("Plan one rewarding activity each day (daily)", card);
        Assert.DoesNotContain("Low mood and withdrawal", card);
        Assert.DoesNotContain("Moderately severe to mild", card);
        Assert.Empty(await app.Get<AccessRequests>().ListAsync(demo.TenantId, default));
    }
}
