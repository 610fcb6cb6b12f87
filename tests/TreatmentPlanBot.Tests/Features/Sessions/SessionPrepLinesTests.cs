using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.Sessions;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Features.SafetyPlan;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Sessions;

/// <summary>Prep reads the safety plan and check-ins from the file: the latest version's risk and warning signs, and the latest check-in.</summary>
public abstract class SessionPrepLinesTests
{
    private const string ClientId = "client-robin";

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Prep_shows_the_latest_safety_plan_version_its_risk_and_warning_signs_and_the_latest_check_in()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        var now = app.Get<TimeProvider>().GetUtcNow();
        foreach (var (draft, signs) in new[] { ("draft-1", "Not sleeping"), ("draft-2", "Not sleeping\nPulling away from friends") })
        {
            var form = SafetyPlanTests.Form(draft, warningSigns: signs, judgement: draft == "draft-1" ? "Low" : "Moderate");
            form["clientId"] = ClientId;
            Assert.Equal(200, (await app.InvokeAsync(clinician, "safetyplan.save", form)).Status);
        }

        var checkIns = app.Get<ClientRecords>().CheckIns;
        await checkIns.SaveAsync(new CheckIn("ci-old", ClientId, ["PHQ-9"], now.AddDays(-10), now.AddDays(-7), CheckInStatus.Expired), null, default);
        await checkIns.SaveAsync(new CheckIn("ci-new", ClientId, ["PHQ-9", "GAD-7"], now.AddDays(-3), now.AddDays(0), CheckInStatus.Answered), null, default);
        await checkIns.SaveAsync(new CheckIn("ci-next", ClientId, ["PHQ-9"], now.AddDays(4), now.AddDays(7), CheckInStatus.Due), null, default);

        var text = Text(CardOf(Assert.Single(await app.SayAsync(clinician, "prep Robin"))));

        Assert.Contains($"Version 2, saved {Display(Today(app))}; risk judged moderate. Warning signs: Not sleeping; Pulling away from friends.", text);
        Assert.DoesNotContain(SessionPrep.NoSafetyPlan, text);
        Assert.Contains($"Last check-in (PHQ-9, GAD-7, {Display(DateOnly.FromDateTime(now.AddDays(-3).UtcDateTime))}): answered; 1 missed in the four weeks before it.", text);
        Assert.DoesNotContain(SessionPrep.NoCheckIns, text);
    }

    [Fact]
    public async Task Prep_without_a_safety_plan_or_check_ins_says_how_to_start_them()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);

        var text = Text(CardOf(Assert.Single(await app.SayAsync(clinician, "prep Robin"))));

        Assert.Contains(SessionPrep.NoSafetyPlan, text);
        Assert.Contains(SessionPrep.NoCheckIns, text);
    }

    private static async Task<TestUser> ArrangeAsync(BotTestApp app)
    {
        await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        await app.SayAsync(clinician, "help");
        await EnrolAsync(app, ClientId, "clin-1", "Robin", "Example");
        await SavePlanAsync(app, Plan(ClientId, Today(app), Objective("obj-1", Today(app).AddDays(56))));
        return clinician;
    }
}

public sealed class SessionPrepLinesOnSqliteTests : SessionPrepLinesTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}
