using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.PlanCard;

/// <summary>The plan card and its buttons, over HTTP against the real app on SQLite: conversations first, then storage.</summary>
public sealed class PlanCardTests : IAsyncLifetime
{
    private const string ClientId = "client-robin";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;
    private TestUser _supervisor = null!;
    private DateOnly _today;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _supervisor = await _app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        _today = Today(_app);
        await EnrolAsync(_app, ClientId, "clin-1", "Robin", "Example", p => (p with
        {
            Pronouns = "they/them",
            Insurance = new InsuranceAuthorisation("Example Health", "AUTH-1", 12, 10, _today.AddDays(20)),
        })
            .AddEmergencyContact(new EmergencyContact("Jordan Example", "sibling", "+1 555 0100"))
            .AddCommunityCare(new CommunityCareProvider(CareProviderRole.Psychiatrist, "Dr Prescriber Example", Phone: "+1 555 0101"))
            .AddTrigger("Raised voices in the next room"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> ArrangePlanAsync(params Objective[] objectives) =>
        await SavePlanAsync(_app, Plan(ClientId, _today, objectives.Length == 0 ? [Objective("obj-1", _today.AddDays(60))] : objectives));

    private object Ids(string etag, string objectiveId = "obj-1") =>
        new { clientId = ClientId, planId = $"plan-{ClientId}", planVersion = etag, objectiveId };

    [Fact]
    public async Task Show_plan_renders_page_one_with_the_objectives_baseline_latest_and_target()
    {
        await ArrangePlanAsync();
        await _app.Get<ClientRecords>().AddProgressAsync(ClientId, new Records.ObjectiveProgress("obj-1", 13, _today.AddDays(-3), null, "clin-1", DateTimeOffset.UtcNow), default);

        var reply = Assert.Single(await _app.SayAsync(_clinician, "show plan Robin"));

        var text = Text(CardOf(reply));
        Assert.Contains("Treatment plan: Robin Example", text);
        Assert.Contains($"18 at baseline → 13 on {Display(_today.AddDays(-3))} → target 9", text);
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
        await EnrolAsync(_app, "client-robyn", "clin-1", "Robyn", "Sample");

        Assert.Contains("Several of your clients match \"Rob\"", ReplyText.All(await _app.SayAsync(_clinician, "show plan Rob")));
        Assert.Contains("Nothing was opened or changed", ReplyText.All(await _app.SayAsync(_clinician, "cancel")));
        await _app.SayAsync(_clinician, "show plan Rob");

        var reply = Assert.Single(await _app.SubmitAsync(_clinician, new { choice = ClientId }));

        Assert.Contains("Treatment plan: Robin Example", Text(CardOf(reply)));
    }

    [Fact]
    public async Task Overview_entries_beyond_the_five_shown_are_counted_so_no_trigger_is_left_off_without_a_word()
    {
        await EnrolAsync(_app, "client-sky", "clin-1", "Sky", "Sample", p => Enumerable.Range(1, 7).Aggregate(p, (profile, i) => profile.AddTrigger($"Trigger number {i}")));
        await SavePlanAsync(_app, Plan("client-sky", _today, Objective("obj-1", _today.AddDays(60))));

        var text = Text(CardOf(await _app.InvokeAsync(_clinician, "plan.show", new { clientId = "client-sky", planId = "plan-client-sky" })));

        Assert.Contains("Trigger number 7", text);
        Assert.Contains("Trigger number 3", text);
        Assert.DoesNotContain("Trigger number 2", text);
        Assert.Contains("and 2 older, not shown here", text);
        Assert.DoesNotContain("shortened", text);
    }

    [Fact]
    public async Task A_client_without_a_plan_gets_a_suggestion_to_start_one()
    {
        var reply = ReplyText.All(await _app.SayAsync(_clinician, "show plan Robin"));

        Assert.Contains("Robin Example has no treatment plan yet", reply);
        Assert.Contains("plan Robin Example", reply);
    }

    [Fact]
    public async Task The_clinician_sees_the_trauma_overview_and_edit_buttons_the_supervisor_sees_neither()
    {
        await ArrangePlanAsync();

        var asClinician = CardOf(await _app.InvokeAsync(_clinician, "plan.show", new { clientId = ClientId }));
        var asSupervisor = CardOf(await _app.InvokeAsync(_supervisor, "plan.show", new { clientId = ClientId }));

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
        var supervisingClinician = await _app.AddStaffAsync("sup-2", "Sky Supervisor", StaffRoles.Supervisor | StaffRoles.Clinician);
        var directory = _app.Get<StaffDirectory>();
        var clinician = (await directory.FindAsync(BotTestApp.Tenant, "clin-1", default))!;
        await directory.SaveAsync(clinician.Value with { SupervisorId = "sup-2" }, clinician.ETag, default);

        var reply = Assert.Single(await _app.SayAsync(supervisingClinician, "show plan Robin"));
        var card = reply.Attachments![0].Content!.Value;

        Assert.Contains("Treatment plan: Robin Example", Text(card));
        Assert.DoesNotContain("Raised voices", Text(card));
        Assert.DoesNotContain(Actions(card), a => a.Verb.StartsWith("objective.", StringComparison.Ordinal));
        var none = Assert.Single(await _app.SayAsync(supervisingClinician, "show plan Nobody Else"));
        Assert.Contains("None of your clients", ReplyText.Of(none));
    }

    [Fact]
    public async Task Another_clinician_is_refused_and_a_supervisor_cannot_change_anything()
    {
        var etag = await ArrangePlanAsync();
        var other = await _app.AddStaffAsync("clin-2", "Alex Otherclinician", StaffRoles.Clinician);

        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await _app.InvokeAsync(other, "plan.show", new { clientId = ClientId })));
        Assert.Contains("None of your clients matches", ReplyText.All(await _app.SayAsync(other, "show plan Robin")));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await _app.InvokeAsync(_supervisor, "objective.achieve", Ids(etag))));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await _app.InvokeAsync(_supervisor, "objective.add", Ids(etag))));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await _app.InvokeAsync(other, "objective.edit", Ids(etag))));

        Assert.Equal(etag, (await StoredPlanAsync(_app, ClientId)).ETag);
    }

    [Fact]
    public async Task Edit_then_save_answers_with_the_refreshed_plan_and_stores_the_change()
    {
        var etag = await ArrangePlanAsync();

        var form = CardOf(await _app.InvokeAsync(_clinician, "objective.edit", Ids(etag)));
        Assert.Contains("Edit objective 1.1", Text(form));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.save");
        var card = CardOf(await _app.InvokeAsync(_clinician, "objective.save", With(save.Data, new
        {
            specific = "Fewer days of low mood, rated in the weekly diary",
            relevance = "I want my energy back for my children",
            target = "8",
            anticipatedCompletion = _today.AddDays(70).ToString("yyyy-MM-dd"),
            status = "inProgress",
            clientTasks = "Keep a short mood diary\nOne walk outside each day",
            interventions = "Behavioural activation",
        })));

        Assert.Contains("Objective 1.1 saved.", Text(card));
        Assert.Contains("target 8", Text(card));
        Assert.Contains("One walk outside each day", Text(card));
        var stored = (await StoredPlanAsync(_app, ClientId)).Value.FindObjective("obj-1");
        Assert.Equal(8m, stored.Measure!.Target);
        Assert.Equal("Fewer days of low mood, rated in the weekly diary", stored.Behaviour);
        Assert.Equal(_today.AddDays(70), stored.AnticipatedCompletion);
        Assert.Equal(ObjectiveStatus.InProgress, stored.Status);
        Assert.Equal(["Keep a short mood diary", "One walk outside each day"], stored.ClientTasks.Select(t => t.Description));
    }

    [Fact]
    public async Task A_double_click_on_save_stores_the_edit_once_and_answers_both_clicks_calmly()
    {
        var etag = await ArrangePlanAsync();
        var data = With(System.Text.Json.JsonSerializer.SerializeToElement(Ids(etag)), new
        {
            specific = "Fewer days of low mood, rated in the weekly diary",
            relevance = "I want my energy back for my children",
            target = "8",
            anticipatedCompletion = _today.AddDays(70).ToString("yyyy-MM-dd"),
            status = "inProgress",
            clientTasks = "Keep a short mood diary",
            interventions = "Behavioural activation",
        });

        var first = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.save", data)));
        var afterFirst = await StoredPlanAsync(_app, ClientId);
        var second = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.save", data)));

        Assert.Contains("Objective 1.1 saved.", first);
        Assert.Contains("Objective 1.1 saved.", second);
        Assert.Equal(afterFirst.ETag, (await StoredPlanAsync(_app, ClientId)).ETag);
    }

    [Fact]
    public async Task An_out_of_range_target_comes_back_on_the_edit_card_with_the_typed_values_and_nothing_is_saved()
    {
        var etag = await ArrangePlanAsync();

        var card = CardOf(await _app.InvokeAsync(_clinician, "objective.save", With(System.Text.Json.JsonSerializer.SerializeToElement(Ids(etag)), new
        {
            specific = "Fewer days of low mood, rated weekly",
            relevance = "I want my energy back",
            target = "40",
            anticipatedCompletion = _today.AddDays(70).ToString("yyyy-MM-dd"),
            status = "inProgress",
            clientTasks = "",
            interventions = "",
        })));

        var text = Text(card);
        Assert.Contains("Measurable: the target must be between 0 and 27.", text);
        Assert.Contains("Fewer days of low mood, rated weekly", text);
        Assert.Equal(etag, (await StoredPlanAsync(_app, ClientId)).ETag);
    }

    [Fact]
    public async Task A_smart_warning_must_be_confirmed_on_the_card_before_the_objective_is_saved()
    {
        var etag = await ArrangePlanAsync();
        var inputs = new
        {
            specific = "Fewer days of low mood, rated weekly",
            relevance = "I want my energy back",
            target = "0",
            anticipatedCompletion = _today.AddDays(70).ToString("yyyy-MM-dd"),
            status = "inProgress",
            clientTasks = "",
            interventions = "",
        };

        var warned = CardOf(await _app.InvokeAsync(_clinician, "objective.save", With(System.Text.Json.JsonSerializer.SerializeToElement(Ids(etag)), inputs)));
        Assert.Contains("Attainable:", Text(warned));
        Assert.Equal(etag, (await StoredPlanAsync(_app, ClientId)).ETag);

        var save = Assert.Single(Actions(warned), a => a.Verb == "objective.save");
        var confirmed = With(save.Data, inputs);
        confirmed["confirmWarnings"] = "true";
        Assert.Contains("Objective 1.1 saved.", Text(CardOf(await _app.InvokeAsync(_clinician, "objective.save", confirmed))));
        Assert.Equal(0m, (await StoredPlanAsync(_app, ClientId)).Value.FindObjective("obj-1").Measure!.Target);
    }

    [Fact]
    public async Task Mark_achieved_records_the_clinicians_own_date_not_the_servers()
    {
        // Whatever the hour in UTC, one of these zones is already on another calendar day.
        var utcNow = _app.Get<TimeProvider>().GetUtcNow();
        var zone = utcNow.Hour < 12 ? "Etc/GMT+12" : "Pacific/Kiritimati";
        var theirToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        Assert.NotEqual(_today, theirToday);
        var etag = await ArrangePlanAsync(Objective("obj-1", theirToday.AddDays(60)));

        var card = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.achieve", Ids(etag), localTimezone: zone)));

        Assert.Contains($"marked achieved on {Display(theirToday)}", card);
        Assert.Equal(theirToday, (await StoredPlanAsync(_app, ClientId)).Value.FindObjective("obj-1").ActualCompletion);
    }

    [Fact]
    public async Task Mark_achieved_records_todays_date_and_a_second_click_changes_nothing()
    {
        var etag = await ArrangePlanAsync();

        var first = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.achieve", Ids(etag))));
        var afterFirst = await StoredPlanAsync(_app, ClientId);
        var second = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.achieve", Ids(etag))));

        Assert.Contains($"marked achieved on {Display(_today)}", first);
        Assert.Contains($"Completed\n{Display(_today)}", first);
        Assert.Contains("already marked achieved", second);
        var stored = await StoredPlanAsync(_app, ClientId);
        Assert.Equal(afterFirst.ETag, stored.ETag);
        Assert.Equal(ObjectiveStatus.Achieved, stored.Value.FindObjective("obj-1").Status);
        Assert.Equal(_today, stored.Value.FindObjective("obj-1").ActualCompletion);
    }

    [Fact]
    public async Task Mark_achieved_before_the_latest_reading_reached_the_target_asks_first_and_saves_only_when_confirmed()
    {
        var etag = await ArrangePlanAsync();
        await _app.Get<ClientRecords>().AddProgressAsync(ClientId, new TreatmentPlanBot.Records.ObjectiveProgress("obj-1", 14, _today, null, "clin-1", DateTimeOffset.UtcNow) { ReadingId = "r-1" }, default);

        var asked = CardOf(await _app.InvokeAsync(_clinician, "objective.achieve", Ids(etag)));
        var unchanged = await StoredPlanAsync(_app, ClientId);
        var confirm = System.Text.Json.JsonSerializer.Serialize(asked);
        var confirmed = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.achieve", new { clientId = ClientId, planId = $"plan-{ClientId}", planVersion = etag, objectiveId = "obj-1", confirmed = "yes" })));

        Assert.Contains("has not reached the target (9). Mark it achieved anyway?", Text(asked));
        Assert.Contains("Yes, mark achieved", confirm);
        Assert.Equal(etag, unchanged.ETag);
        Assert.Equal(ObjectiveStatus.NotStarted, unchanged.Value.FindObjective("obj-1").Status);
        Assert.Contains($"marked achieved on {Display(_today)}", confirmed);
        Assert.Equal(ObjectiveStatus.Achieved, (await StoredPlanAsync(_app, ClientId)).Value.FindObjective("obj-1").Status);
    }

    [Fact]
    public async Task A_stale_card_changes_nothing_and_shows_the_current_plan_with_the_reason()
    {
        var staleEtag = await ArrangePlanAsync(Objective("obj-1", _today.AddDays(60)), Objective("obj-2", _today.AddDays(90), "Walk outside on at least three days a week"));
        var current = await StoredPlanAsync(_app, ClientId);
        var changedElsewhere = current.Value.SetObjectiveStatus("obj-2", ObjectiveStatus.InProgress, _today);
        var newEtag = await _app.Get<ClientRecords>().SavePlanAsync(changedElsewhere, current.ETag, default);

        var card = CardOf(await _app.InvokeAsync(_clinician, "objective.achieve", Ids(staleEtag)));

        Assert.Contains(PlanCardActions.Stale, Text(card));
        Assert.Equal(newEtag, card.GetProperty("actions").EnumerateArray().Last().GetProperty("data").GetProperty("planVersion").GetString());
        var stored = await StoredPlanAsync(_app, ClientId);
        Assert.Equal(newEtag, stored.ETag);
        Assert.Equal(ObjectiveStatus.NotStarted, stored.Value.FindObjective("obj-1").Status);
    }

    [Fact]
    public async Task A_stale_edit_keeps_what_the_clinician_typed_on_the_edit_card()
    {
        var staleEtag = await ArrangePlanAsync();
        var current = await StoredPlanAsync(_app, ClientId);
        await _app.Get<ClientRecords>().SavePlanAsync(current.Value.SetObjectiveStatus("obj-1", ObjectiveStatus.InProgress, _today), current.ETag, default);

        var card = CardOf(await _app.InvokeAsync(_clinician, "objective.save", With(System.Text.Json.JsonSerializer.SerializeToElement(Ids(staleEtag)), new
        {
            specific = "Something the clinician took care to write",
            relevance = "I want my energy back",
            target = "7",
            anticipatedCompletion = _today.AddDays(70).ToString("yyyy-MM-dd"),
            status = "inProgress",
            clientTasks = "",
            interventions = "",
        })));

        Assert.Contains(PlanCardActions.StaleForm, Text(card));
        Assert.Contains("Something the clinician took care to write", Text(card));
        Assert.NotEqual("Something the clinician took care to write", (await StoredPlanAsync(_app, ClientId)).Value.FindObjective("obj-1").Behaviour);
    }

    [Fact]
    public async Task Recorded_progress_shows_as_the_latest_reading_and_is_stored_once()
    {
        var etag = await ArrangePlanAsync();

        var form = CardOf(await _app.InvokeAsync(_clinician, "objective.progress", Ids(etag)));
        Assert.Contains("Record progress: objective 1.1", Text(form));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.progress.save");
        var card = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.progress.save", With(save.Data, new { value = "11", recordedOn = _today.ToString("yyyy-MM-dd"), note = "" }))));

        Assert.Contains($"18 at baseline → 11 on {Display(_today)} → target 9", card);
        var progress = Assert.Single(await _app.Get<ClientRecords>().ListProgressAsync(ClientId, default));
        Assert.Equal(11m, progress.Value);
        Assert.Equal(_today, progress.MeasuredOn);
    }

    [Fact]
    public async Task A_progress_reading_outside_the_scale_comes_back_with_the_reason()
    {
        var etag = await ArrangePlanAsync();

        var card = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.progress.save", With(System.Text.Json.JsonSerializer.SerializeToElement(Ids(etag)), new { value = "31", recordedOn = _today.ToString("yyyy-MM-dd"), note = "" }))));

        Assert.Contains("The reading must be between 0 and 27", card);
        Assert.Empty(await _app.Get<ClientRecords>().ListProgressAsync(ClientId, default));
    }

    [Fact]
    public async Task A_thirty_objective_plan_pages_and_every_page_fits_in_teams()
    {
        var longText = string.Join(" ", Enumerable.Repeat("Practises the agreed coping step when the urge arrives", 6))[..300];
        var plan = TreatmentPlan.Draft($"plan-{ClientId}", ClientId, _today.AddDays(-30));
        for (var g = 1; g <= 3; g++)
        {
            plan = plan.AddProblem(new Problem($"problem-{g}", "Low mood most days", "depression", []))
                .AddGoal($"problem-{g}", new Goal($"goal-{g}", longText, []));
            for (var o = 1; o <= 10; o++)
            {
                plan = plan.AddObjective($"goal-{g}", Objective($"obj-{g}-{o}", _today.AddDays(60), longText) with
                {
                    ClientTasks = [.. Enumerable.Range(1, 5).Select(t => new ClientTask($"t-{g}-{o}-{t}", new string('t', 150)))],
                    Interventions = [.. Enumerable.Range(1, 5).Select(i => new ClinicianIntervention($"i-{g}-{o}-{i}", new string('i', 100)))],
                });
            }
        }

        await SavePlanAsync(_app, plan);

        var seen = new List<string>();
        var card = CardOf(await _app.InvokeAsync(_clinician, "plan.show", new { clientId = ClientId }));
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

            card = CardOf(await _app.InvokeAsync(_clinician, "plan.page", With(next[0].Data)));
            pages++;
        }

        Assert.True(pages > 1);
        Assert.Equal(plan.Objectives.Select(o => o.Id), seen);
    }

    [Fact]
    public async Task The_same_button_arriving_as_action_submit_updates_the_card_in_place()
    {
        var etag = await ArrangePlanAsync();
        var data = With(System.Text.Json.JsonSerializer.SerializeToElement(Ids(etag)));
        data["verb"] = "objective.achieve";

        await _app.SubmitAsync(_clinician, data, cardActivityId: "card-activity-7");

        var update = Assert.Single(_app.Connector.Updates);
        Assert.EndsWith("/activities/card-activity-7", update.Path);
        Assert.Contains($"marked achieved on {Display(_today)}", Text(CardOf(update.Activity!)));
        Assert.Equal(ObjectiveStatus.Achieved, (await StoredPlanAsync(_app, ClientId)).Value.FindObjective("obj-1").Status);
    }

    [Fact]
    public async Task Editing_a_signed_plan_starts_a_new_version_shown_on_the_card()
    {
        var plan = Plan(ClientId, _today, Objective("obj-1", _today.AddDays(60))).Sign(SignerRole.Clinician, "clin-1", DateTimeOffset.UtcNow);
        var etag = await SavePlanAsync(_app, plan);

        var form = CardOf(await _app.InvokeAsync(_clinician, "objective.edit", Ids(etag)));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.save");
        var card = Text(CardOf(await _app.InvokeAsync(_clinician, "objective.save", With(save.Data, new
        {
            specific = "Fewer days of low mood, rated in the weekly diary",
            relevance = "I want my energy back for my children",
            target = "8",
            anticipatedCompletion = _today.AddDays(70).ToString("yyyy-MM-dd"),
            status = "notStarted",
            clientTasks = "Keep a short mood diary",
            interventions = "Behavioural activation",
        }))));

        Assert.Contains("starts version 2", card);
        Assert.Contains("version 2", card);
        var stored = (await StoredPlanAsync(_app, ClientId)).Value;
        Assert.Equal(2, stored.Version);
        Assert.Single(stored.PriorVersions);
    }
}
