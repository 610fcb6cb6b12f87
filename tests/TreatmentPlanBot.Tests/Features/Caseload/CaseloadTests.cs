using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Caseload;

/// <summary>The caseload card over HTTP against the real app on SQLite.</summary>
public sealed class CaseloadTests : IAsyncLifetime
{
    private BotTestApp _app = null!;

    public async Task InitializeAsync() => _app = await BotTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_caseload_lists_only_the_callers_clients_with_risk_score_review_and_overdue_objectives()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await _app.AddStaffAsync("clin-2", "Alex Otherclinician", StaffRoles.Clinician);
        var today = Today(_app);
        var now = _app.Get<TimeProvider>().GetUtcNow();
        var records = _app.Get<ClientRecords>();
        await EnrolAsync(_app, "client-a", "clin-1", "Avery", "Example");
        await EnrolAsync(_app, "client-b", "clin-1", "Blake", "Example");
        await EnrolAsync(_app, "client-c", "clin-2", "Charlie", "Example");
        await records.AddAssessmentAsync("client-b", new AssessmentRecord("assess-1", "PHQ-9", "PHQ-9", new Dictionary<int, int?>(), 14, "moderate", null, [], [], now.AddDays(-2), "clin-1", AssessmentMode.ClinicianForm),
            new RiskEvent("risk-1", "assess-1", "non-acute", "Item 9 answered above 0", now.AddDays(-2), "clin-1"), default);
        var overduePlan = TreatmentPlan.Draft("plan-a", "client-a", today.AddDays(-120))
            .AddProblem(new Problem("problem-1", "Low mood", null, []))
            .AddGoal("problem-1", new Goal("goal-1", "Feel like myself again", []))
            .AddObjective("goal-1", Objective("obj-1", today.AddDays(-5)));
        await SavePlanAsync(_app, overduePlan);
        await _app.Get<CaseloadRefresher>().RefreshAsync("client-b", default);

        // The overdue plan's review reminder may reach the same chat while the caseload is asked for: it is not the reply.
        var card = CardOf(Assert.Single(await _app.SayAsync(clinician, "caseload"), a => a.Summary == "Your caseload"));
        var text = Text(card);

        Assert.Contains("Avery Example", text);
        Assert.Contains("Blake Example", text);
        Assert.DoesNotContain("Charlie", text);
        Assert.True(text.IndexOf("Blake", StringComparison.Ordinal) < text.IndexOf("Avery", StringComparison.Ordinal), "Risk flags come first.");
        Assert.Contains($"Risk flagged {now.AddDays(-2).UtcDateTime:d MMM}", text);
        Assert.Contains($"PHQ-9 14, moderate ({now.AddDays(-2).UtcDateTime:d MMM})", text);
        Assert.Contains($"Review overdue since {Display(today.AddDays(-30))}", text);
        Assert.Contains("1 objective past the anticipated date", text);
        Assert.Equal(["client-b", "client-a"], Actions(card).Where(a => a.Verb == "plan.show").Select(a => a.Data.GetProperty("clientId").GetString()));
        foreach (var shown in new[] { "client-a", "client-b" })
        {
            var entry = Assert.Single(await _app.Get<AuditLog>().ListAsync(shown, default), e => e.Record == "caseload");
            Assert.Equal((clinician.UserId, "Read", true), (entry.ActorId, entry.Action, entry.Allowed));
        }

        Assert.DoesNotContain(await _app.Get<AuditLog>().ListAsync("client-c", default), e => e.Record == "caseload");
    }

    [Fact]
    public async Task An_empty_caseload_says_so()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        var text = Text(CardOf(Assert.Single(await _app.SayAsync(clinician, "caseload"))));

        Assert.Contains("You have no clients assigned yet", text);
    }

    [Fact]
    public async Task A_long_caseload_pages_ten_at_a_time()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        for (var i = 1; i <= 12; i++)
        {
            await EnrolAsync(_app, $"client-{i:00}", "clin-1", "Client", $"Example{i:00}");
        }

        var first = CardOf(Assert.Single(await _app.SayAsync(clinician, "caseload")));
        Assert.Contains("Clients 1–10 of 12", Text(first));
        var next = Assert.Single(Actions(first), a => a.Title == "Next page");

        var second = Text(CardOf(await _app.InvokeAsync(clinician, "caseload.page", With(next.Data))));

        Assert.Contains("Clients 11–12 of 12", second);
        Assert.Contains("Client Example12", second);
        Assert.DoesNotContain("Client Example01", second);
    }
}
