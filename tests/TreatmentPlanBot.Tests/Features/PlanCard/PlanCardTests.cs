using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.PlanCard;

/// <summary>The plan card shown over HTTP against the real app on SQLite: what it says, who may open it and what they see, and its pages.</summary>
public sealed class PlanCardTests : RobinsPlanCard
{
    [Fact]
    public async Task Show_plan_renders_page_one_with_the_objectives_baseline_latest_and_target()
    {
        await ArrangePlanAsync();
        await App.Get<ClientRecords>().AddProgressAsync(ClientId, new Records.ObjectiveProgress("obj-1", 13, Today.AddDays(-3), null, "clin-1", DateTimeOffset.UtcNow), default);

        var reply = Assert.Single(await App.SayAsync(Clinician, "show plan Robin"));

        var text = Text(CardOf(reply));
        Assert.Contains("Treatment plan: Robin Example", text);
        Assert.Contains($"18 at baseline → 13 on {Display(Today.AddDays(-3))} → target 9", text);
        Assert.Contains("Goal 1: “I want to enjoy my weekends again”", text);
        Assert.Contains("Keep a short mood diary", text);
        Assert.Contains("they/them", text);
        Assert.Contains("Jordan Example (sibling), +1 555 0100", text);
        Assert.Contains("10 used of 12 authorised", text);
        Assert.Contains("Attention:", text);
    }

    [Fact]
    public async Task Show_plan_asks_which_client_when_several_match_and_cancel_opens_nothing()
    {
        await ArrangePlanAsync();
        await EnrolAsync(App, "client-robyn", "clin-1", "Robyn", "Sample");

        Assert.Contains("Several of your clients match \"Rob\"", ReplyText.All(await App.SayAsync(Clinician, "show plan Rob")));
        Assert.Contains("Nothing was opened or changed", ReplyText.All(await App.SayAsync(Clinician, "cancel")));
        await App.SayAsync(Clinician, "show plan Rob");

        var reply = Assert.Single(await App.SubmitAsync(Clinician, new { choice = ClientId }));

        Assert.Contains("Treatment plan: Robin Example", Text(CardOf(reply)));
    }

    [Fact]
    public async Task Overview_entries_beyond_the_five_shown_are_counted_so_no_trigger_is_left_off_without_a_word()
    {
        await EnrolAsync(App, "client-sky", "clin-1", "Sky", "Sample", p => Enumerable.Range(1, 7).Aggregate(p, (profile, i) => profile.AddTrigger($"Trigger number {i}")));
        await SavePlanAsync(App, Plan("client-sky", Today, Objective("obj-1", Today.AddDays(60))));

        var text = Text(CardOf(await App.InvokeAsync(Clinician, "plan.show", new { clientId = "client-sky", planId = "plan-client-sky" })));

        Assert.Contains("Trigger number 7", text);
        Assert.Contains("Trigger number 3", text);
        Assert.DoesNotContain("Trigger number 2", text);
        Assert.Contains("and 2 older, not shown here", text);
        Assert.DoesNotContain("shortened", text);
    }

    [Fact]
    public async Task A_client_without_a_plan_gets_a_suggestion_to_start_one()
    {
        var reply = ReplyText.All(await App.SayAsync(Clinician, "show plan Robin"));

        Assert.Contains("Robin Example has no treatment plan yet", reply);
        Assert.Contains("plan Robin Example", reply);
    }

    [Fact]
    public async Task The_clinician_sees_the_trauma_overview_and_edit_buttons_the_supervisor_sees_neither()
    {
        await ArrangePlanAsync();

        var asClinician = CardOf(await App.InvokeAsync(Clinician, "plan.show", new { clientId = ClientId }));
        var asSupervisor = CardOf(await App.InvokeAsync(Supervisor, "plan.show", new { clientId = ClientId }));

        Assert.Contains("Raised voices in the next room", Text(asClinician));
        Assert.Contains(Actions(asClinician), a => a.Verb == "objective.edit");
        Assert.Contains("Treatment plan: Robin Example", Text(asSupervisor));
        Assert.DoesNotContain("Trauma-informed overview", Text(asSupervisor));
        Assert.DoesNotContain("Raised voices", Text(asSupervisor));
        Assert.DoesNotContain(Actions(asSupervisor), a => a.Verb.StartsWith("objective.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_supervisor_who_is_also_a_clinician_finds_a_supervisees_client_by_name_and_gets_the_read_only_plan()
    {
        await ArrangePlanAsync();
        var supervisingClinician = await App.AddStaffAsync("sup-2", "Sky Supervisor", StaffRoles.Supervisor | StaffRoles.Clinician);
        var directory = App.Get<StaffDirectory>();
        var clinician = (await directory.FindAsync(BotTestApp.Tenant, "clin-1", default))!;
        await directory.SaveAsync(clinician.Value with { SupervisorId = "sup-2" }, clinician.ETag, default);

        var reply = Assert.Single(await App.SayAsync(supervisingClinician, "show plan Robin"));
        var card = reply.Attachments![0].Content!.Value;

        Assert.Contains("Treatment plan: Robin Example", Text(card));
        Assert.DoesNotContain("Raised voices", Text(card));
        Assert.DoesNotContain(Actions(card), a => a.Verb.StartsWith("objective.", StringComparison.Ordinal));
        var none = Assert.Single(await App.SayAsync(supervisingClinician, "show plan Nobody Else"));
        Assert.Contains("None of your clients", ReplyText.Of(none));
    }

    [Fact]
    public async Task Another_clinician_is_refused_and_a_supervisor_cannot_change_anything()
    {
        var etag = await ArrangePlanAsync();
        var other = await App.AddStaffAsync("clin-2", "Alex Otherclinician", StaffRoles.Clinician);

        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await App.InvokeAsync(other, "plan.show", new { clientId = ClientId })));
        Assert.Contains("None of your clients matches", ReplyText.All(await App.SayAsync(other, "show plan Robin")));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await App.InvokeAsync(Supervisor, "objective.achieve", Ids(etag))));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await App.InvokeAsync(Supervisor, "objective.add", Ids(etag))));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await App.InvokeAsync(other, "objective.edit", Ids(etag))));

        Assert.Equal(etag, (await StoredPlanAsync(App, ClientId)).ETag);
    }

    [Fact]
    public async Task A_thirty_objective_plan_pages_and_every_page_fits_in_teams()
    {
        var longText = string.Join(" ", Enumerable.Repeat("Practises the agreed coping step when the urge arrives", 6))[..300];
        var plan = TreatmentPlan.Draft($"plan-{ClientId}", ClientId, Today.AddDays(-30));
        for (var g = 1; g <= 3; g++)
        {
            plan = plan.AddProblem(new Problem($"problem-{g}", "Low mood most days", "depression", []))
                .AddGoal($"problem-{g}", new Goal($"goal-{g}", longText, []));
            for (var o = 1; o <= 10; o++)
            {
                plan = plan.AddObjective($"goal-{g}", Objective($"obj-{g}-{o}", Today.AddDays(60), longText) with
                {
                    ClientTasks = [.. Enumerable.Range(1, 5).Select(t => new ClientTask($"t-{g}-{o}-{t}", new string('t', 150)))],
                    Interventions = [.. Enumerable.Range(1, 5).Select(i => new ClinicianIntervention($"i-{g}-{o}-{i}", new string('i', 100)))],
                });
            }
        }

        await SavePlanAsync(App, plan);

        var seen = new List<string>();
        var card = CardOf(await App.InvokeAsync(Clinician, "plan.show", new { clientId = ClientId }));
        var pages = 1;
        while (true)
        {
            Assert.True(Utf8Size(card) < 28 * 1024, $"Page {pages} is {Utf8Size(card)} bytes.");
            seen.AddRange(Actions(card).Where(a => a.Verb == "objective.edit").Select(a => a.Data.GetProperty("objectiveId").GetString()!));
            var next = Actions(card).Where(a => a.Title == "Next page").ToList();
            if (next.Count == 0)
            {
                break;
            }

            card = CardOf(await App.InvokeAsync(Clinician, "plan.page", With(next[0].Data)));
            pages++;
        }

        Assert.True(pages > 1);
        Assert.Equal(plan.Objectives.Select(o => o.Id), seen);
    }
}
