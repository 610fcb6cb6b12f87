using BotCore.Tests.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Supervision;

/// <summary>
/// Rows other slices add to the supervisor's card: missed and stopped check-ins (check-ins), a plan awaiting the
/// supervisor's co-signature when the clinic requires one (signing), an authorisation running low (sessions).
/// Sam supervises Casey; Casey has Alex (all three things to report) and Blake (nothing).
/// </summary>
public abstract class SupervisionItemSourcesTests
{
    private const string Alex = "client-alex";

    protected abstract Task<BotTestApp> StartAsync(IDictionary<string, string?> settings);

    [Fact]
    public async Task The_card_lists_missed_and_stopped_check_ins_a_plan_awaiting_co_signature_and_an_authorisation_running_low()
    {
        await using var app = await StartAsync(new Dictionary<string, string?> { ["Plans:SupervisorCoSignRequired"] = "true" });
        var (sam, signedOn) = await ClinicAsync(app);

        var text = Text(CardOf(Assert.Single(await app.SayAsync(sam, "supervision"))));

        Assert.Contains("2 check-ins missed in the last four weeks", text);
        Assert.Contains("Check-ins stopped: the client asked to stop", text);
        Assert.Contains($"Plan version 1 awaits your co-signature (the clinician signed {Display(signedOn)})", text);
        Assert.Contains("Only 2 sessions of 12 authorised are left", text);
        Assert.DoesNotContain("Blake Example", text);
    }

    [Fact]
    public async Task Without_the_co_signature_rule_the_signed_plan_is_not_listed_and_the_other_rows_stay()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>());
        var (sam, _) = await ClinicAsync(app);

        var text = Text(CardOf(Assert.Single(await app.SayAsync(sam, "supervision"))));

        Assert.DoesNotContain("awaits your co-signature", text);
        Assert.Contains("2 check-ins missed in the last four weeks", text);
        Assert.Contains("Only 2 sessions of 12 authorised are left", text);
    }

    /// <summary>Returns Sam, in chat, and the day Casey signed Alex's plan.</summary>
    private static async Task<(TestUser Sam, DateOnly SignedOn)> ClinicAsync(BotTestApp app)
    {
        var sam = await app.AddStaffAsync("sup-sam", "Sam Supervisor", StaffRoles.Supervisor);
        var casey = await app.AddStaffAsync("clin-casey", "Casey Clinician", StaffRoles.Clinician, supervisorId: sam.UserId);
        await app.SayAsync(sam, "help");
        await app.SayAsync(casey, "help");
        var today = Today(app);
        var now = app.Get<TimeProvider>().GetUtcNow();
        await EnrolAsync(app, Alex, "clin-casey", "Alex", "Example", p => p with
        {
            Insurance = new InsuranceAuthorisation("Example Health", "AUTH-1", 12, 10, today.AddDays(180)) { Id = "auth-1", Starts = today.AddDays(-60) },
        });
        await SavePlanAsync(app, Plan(Alex, today, Objective("obj-1", today.AddDays(60))).Sign(SignerRole.Clinician, "clin-casey", now));
        await EnrolAsync(app, "client-blake", "clin-casey", "Blake", "Example");

        var checkIns = app.Get<ClientRecords>().CheckIns;
        foreach (var (id, daysAgo, status) in new[] { ("ci-1", 40, CheckInStatus.Expired), ("ci-2", 12, CheckInStatus.Declined), ("ci-3", 5, CheckInStatus.Expired), ("ci-4", 2, CheckInStatus.Answered) })
        {
            await checkIns.SaveAsync(new CheckIn(id, Alex, ["PHQ-9"], now.AddDays(-daysAgo), now.AddDays(-daysAgo + 3), status), null, default);
        }

        await checkIns.SaveScheduleAsync(new CheckInSchedule(Alex, ["PHQ-9"], CheckInCadence.Weekly, "clin-casey", now.AddDays(-50)) { Active = false, StoppedAt = now.AddDays(-1), StoppedBecause = "the client asked to stop" }, null, default);
        app.Connector.Clear();
        return (sam, DateOnly.FromDateTime(now.UtcDateTime));
    }
}

public sealed class SupervisionItemSourcesOnSqliteTests : SupervisionItemSourcesTests
{
    protected override Task<BotTestApp> StartAsync(IDictionary<string, string?> settings) => BotTestApp.StartAsync(TestStorage.Sqlite, settings: settings);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class SupervisionItemSourcesOnAzuriteTests(AzuriteFixture azurite) : SupervisionItemSourcesTests
{
    protected override Task<BotTestApp> StartAsync(IDictionary<string, string?> settings) =>
        BotTestApp.StartAsync(TestStorage.Azurite, azurite, new Dictionary<string, string?>(settings) { ["Storage:TablePrefix"] = AzuriteFixture.UniqueTablePrefix() });
}
