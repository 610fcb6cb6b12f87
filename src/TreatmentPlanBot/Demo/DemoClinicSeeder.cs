using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Instruments;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Demo;

/// <summary>
/// For local runs: a demo clinic of synthetic staff and clients, with the Agents Playground's user as a clinician
/// and admin, so a newcomer can try every command at once. Runs only in Development and only when
/// <see cref="ClinicOptions.SeedDemoData"/> is on; seeding twice changes nothing.
/// </summary>
public sealed class DemoClinicSeeder(
    IOptions<ClinicOptions> options,
    IHostEnvironment environment,
    StaffDirectory staff,
    ClientRecords records,
    ClientUsers clientUsers,
    CaseloadRefresher caseload,
    InstrumentLibrary instruments,
    Clocks clocks,
    IEnumerable<ISupervisorAssignments> assignments,
    ILogger<DemoClinicSeeder> logger) : IHostedService
{
    /// <summary>Jordan's own Teams user: the "client" in the repository's .m365agentsplayground.yml (./run.sh --as client).</summary>
    internal const string DemoClientUserId = "demo-user-jordan";

    private const string DemoJordanClientId = "demo-client-jordan";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value.Demo;
        if (!options.Value.SeedDemoData)
        {
            return;
        }

        if (!environment.IsDevelopment())
        {
            logger.LogWarning("Clinic:SeedDemoData is on outside Development; no demo data was written.");
            return;
        }

        if (await staff.FindAsync(demo.TenantId, demo.ClinicianUserId, cancellationToken).ConfigureAwait(false) is not { ETag.Length: > 0 })
        {
            await SeedAsync(demo, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Seeded the demo clinic in tenant {TenantId}.", demo.TenantId);
        }

        // Jordan's Teams user is linked both ways, as an accepted invitation links a client, so "my plan" works for them.
        // Outside the seeding itself: safe to repeat, and a clinic seeded before the link's index row existed gets it too.
        await clientUsers.LinkAsync(DemoJordanClientId, demo.TenantId, DemoClientUserId, cancellationToken).ConfigureAwait(false);

        // The demo supervisor's weekly progress card is scheduled (safe to repeat: one pending card at a time).
        foreach (var assignment in assignments)
        {
            await assignment.SupervisorAssignedAsync(demo.TenantId, "demo-supervisor", cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(DemoClinicOptions demo, CancellationToken cancellationToken)
    {
        var tenant = demo.TenantId;
        await staff.SaveAsync(new StaffMember(tenant, "demo-supervisor", "Dr Demo Supervisor", StaffRoles.Supervisor | StaffRoles.Clinician), null, cancellationToken).ConfigureAwait(false);
        await staff.SaveAsync(new StaffMember(tenant, "demo-colleague", "Demo Colleague", StaffRoles.Clinician) { SupervisorId = "demo-supervisor" }, null, cancellationToken).ConfigureAwait(false);
        await staff.SaveAsync(new StaffMember(tenant, demo.ClinicianUserId, "Demo Clinician", StaffRoles.Clinician | StaffRoles.Admin)
        {
            SupervisorId = "demo-supervisor",
            TreatedAreas = ["low-mood", "worry", "panic", "sleep", "trauma", "self-esteem", "relationships", "work", "anger"],
            NotTreatedAreas = ["unusual-experiences", "gambling"],
        }, null, cancellationToken).ConfigureAwait(false);

        var now = clocks.Fallback.UtcNow;
        var today = clocks.Fallback.Today;

        // Improving on PHQ-9 with an active plan.
        await EnrolAsync("demo-client-jordan", new PersonName("Jordan", "Example"), ClientStatus.Active, now.AddDays(-70), cancellationToken, DemoClientUserId).ConfigureAwait(false);
        await AssessAsync("demo-client-jordan", "PHQ-9", [2, 2, 2, 2, 2, 2, 2, 2, 0], now.AddDays(-63), cancellationToken).ConfigureAwait(false);
        await AssessAsync("demo-client-jordan", "PHQ-9", [2, 2, 1, 2, 1, 2, 1, 1, 0], now.AddDays(-35), cancellationToken).ConfigureAwait(false);
        await AssessAsync("demo-client-jordan", "PHQ-9", [1, 2, 1, 1, 1, 2, 1, 1, 0], now.AddDays(-7), cancellationToken).ConfigureAwait(false);
        var plan = TreatmentPlan.Draft("plan-demo-jordan", "demo-client-jordan", today.AddDays(-56))
            .AddProblem(new Problem("prob-1", "Low mood and withdrawal since losing a job", "depression", []))
            .AddGoal("prob-1", new Goal("goal-1", "I want to enjoy my days again and see my friends", []))
            .AddObjective("goal-1", new Objective("obj-1", "Lower depressive symptoms",
                new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 16, 9, "PHQ-9"),
                "Moderately severe to mild over twelve weeks is a realistic pace.", "So I can look for work again",
                today.AddDays(28), [new ClientTask("task-1", "Plan one rewarding activity each day", "daily")],
                [new ClinicianIntervention("int-1", "Behavioural activation")], ObjectiveStatus.InProgress))
            .AddObjective("goal-1", new Objective("obj-2", "Meet a friend in person",
                new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Increase, 0, 2, Unit: "meetings per week"),
                null, "My friends keep me going", today.AddDays(-3), [new ClientTask("task-2", "Message one friend to arrange a meeting", "weekly")],
                [new ClinicianIntervention("int-2", "Activity scheduling")], ObjectiveStatus.InProgress))
            .AddObjective("goal-1", new Objective("obj-3", "Feel confident reaching out to friends",
                new ObjectiveMeasure(MeasureType.Rating0To10, ChangeDirection.Increase, 3, 7, Unit: "confidence"),
                null, "Reaching out is the hardest part", today.AddDays(42), [],
                [new ClinicianIntervention("int-3", "Graded social contact")], ObjectiveStatus.InProgress));
        await records.SavePlanAsync(plan, null, cancellationToken).ConfigureAwait(false);
        await caseload.RefreshAsync("demo-client-jordan", cancellationToken).ConfigureAwait(false);

        // A recent risk answer that the clinician has not acknowledged yet.
        await EnrolAsync("demo-client-riley", new PersonName("Riley", "Sample"), ClientStatus.Assessment, now.AddDays(-10), cancellationToken).ConfigureAwait(false);
        await AssessAsync("demo-client-riley", "PHQ-9", [2, 3, 2, 2, 1, 2, 1, 1, 1], now.AddDays(-2), cancellationToken).ConfigureAwait(false);
        await caseload.RefreshAsync("demo-client-riley", cancellationToken).ConfigureAwait(false);

        // Not on track: PHQ-9 has barely moved in eleven weeks, and the plan's review is overdue. One more such score
        // (say "assess Avery") raises the not-on-track card with the three ways forward.
        await EnrolAsync("demo-client-avery", new PersonName("Avery", "Sample"), ClientStatus.Active, now.AddDays(-105), cancellationToken).ConfigureAwait(false);
        await AssessAsync("demo-client-avery", "PHQ-9", [2, 2, 2, 2, 2, 2, 2, 3, 0], now.AddDays(-77), cancellationToken).ConfigureAwait(false);
        await AssessAsync("demo-client-avery", "PHQ-9", [2, 2, 2, 2, 2, 2, 2, 2, 0], now.AddDays(-49), cancellationToken).ConfigureAwait(false);
        await AssessAsync("demo-client-avery", "PHQ-9", [2, 2, 2, 2, 2, 2, 2, 3, 0], now.AddDays(-21), cancellationToken).ConfigureAwait(false);
        await records.SavePlanAsync(TreatmentPlan.Draft("plan-demo-avery", "demo-client-avery", today.AddDays(-100))
            .AddProblem(new Problem("prob-1", "Persistent low mood after a move", "depression", []))
            .AddGoal("prob-1", new Goal("goal-1", "I want to feel like myself again", []))
            .AddObjective("goal-1", new Objective("obj-1", "Lower depressive symptoms",
                new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 17, 9, "PHQ-9"),
                null, "So I can enjoy my new city", today.AddDays(14), [new ClientTask("task-1", "Keep a daily activity log", "daily")],
                [new ClinicianIntervention("int-1", "Cognitive restructuring")], ObjectiveStatus.InProgress)), null, cancellationToken).ConfigureAwait(false);
        await caseload.RefreshAsync("demo-client-avery", cancellationToken).ConfigureAwait(false);

        // Newly screened; no measures yet.
        await EnrolAsync("demo-client-morgan", new PersonName("Morgan", "Demo"), ClientStatus.Screening, now.AddDays(-1), cancellationToken).ConfigureAwait(false);
        await caseload.RefreshAsync("demo-client-morgan", cancellationToken).ConfigureAwait(false);

        async Task EnrolAsync(string clientId, PersonName name, ClientStatus status, DateTimeOffset at, CancellationToken ct, string? clientUserId = null)
        {
            var enrolment = new ClientEnrolment(clientId, tenant, demo.ClinicianUserId, name.Display, status, at) { ClientUserId = clientUserId };
            var profile = ClientProfile.New(clientId, name) with { Pronouns = "they/them" };
            await records.CreateAsync(enrolment, profile.AddEmergencyContact(new EmergencyContact("Sam Example", "Sibling", "+1 555 0100")), ct).ConfigureAwait(false);
        }

        async Task AssessAsync(string clientId, string instrumentId, int[] answers, DateTimeOffset at, CancellationToken ct)
        {
            var definition = instruments.Get(instrumentId);
            var values = answers.Select((value, index) => (Number: index + 1, Value: value)).ToDictionary(a => a.Number, a => a.Value);
            var result = ScoringEngine.Score(definition, values);
            var id = $"{instrumentId}-{at.UtcTicks}";
            var record = new AssessmentRecord(id, definition.Id, definition.Name,
                values.ToDictionary(a => a.Key, a => (int?)a.Value), result.Total, result.Band, result.Positive,
                [.. result.RiskFlags.Select(f => new RecordedRiskFlag(f.Level.ToString(), f.Message))], [],
                at, demo.ClinicianUserId, AssessmentMode.ClinicianInChat);
            var risk = result.RiskFlags.Count == 0 ? null : new RiskEvent($"risk-{id}", $"{definition.Id} {result.RiskFlags[0].Source}",
                result.HighestRisk!.Value.ToString(), result.RiskFlags[0].Message, at, demo.ClinicianUserId);
            await records.AddAssessmentAsync(clientId, record, risk, ct).ConfigureAwait(false);
        }
    }
}
