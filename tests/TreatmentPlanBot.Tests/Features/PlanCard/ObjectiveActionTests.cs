using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.PlanCard;

/// <summary>The plan card's objective buttons (edit, save, mark achieved, record progress) over HTTP against the real app on SQLite: what each answers and what is stored, including stale cards and double presses.</summary>
public sealed class ObjectiveActionTests : RobinsPlanCard
{
    [Fact]
    public async Task Edit_then_save_answers_with_the_refreshed_plan_and_stores_the_change()
    {
        var etag = await ArrangePlanAsync();

        var form = CardOf(await App.InvokeAsync(Clinician, "objective.edit", Ids(etag)));
        Assert.Contains("Edit objective 1.1", Text(form));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.save");
        var card = CardOf(await App.InvokeAsync(Clinician, "objective.save", With(save.Data, SaveInputs("Fewer days of low mood, rated in the weekly diary", "I want my energy back for my children", "8", clientTasks: "Keep a short mood diary\nOne walk outside each day", interventions: "Behavioural activation"))));

        Assert.Contains("Objective 1.1 saved.", Text(card));
        Assert.Contains("target 8", Text(card));
        Assert.Contains("One walk outside each day", Text(card));
        var stored = (await StoredPlanAsync(App, ClientId)).Value.FindObjective("obj-1");
        Assert.Equal(8m, stored.Measure!.Target);
        Assert.Equal("Fewer days of low mood, rated in the weekly diary", stored.Behaviour);
        Assert.Equal(Today.AddDays(70), stored.AnticipatedCompletion);
        Assert.Equal(ObjectiveStatus.InProgress, stored.Status);
        Assert.Equal(["Keep a short mood diary", "One walk outside each day"], stored.ClientTasks.Select(t => t.Description));
    }

    [Fact]
    public async Task A_double_click_on_save_stores_the_edit_once_and_answers_both_clicks_calmly()
    {
        var etag = await ArrangePlanAsync();
        var data = With(ButtonData(etag), SaveInputs("Fewer days of low mood, rated in the weekly diary", "I want my energy back for my children", "8", clientTasks: "Keep a short mood diary", interventions: "Behavioural activation"));

        var first = Text(CardOf(await App.InvokeAsync(Clinician, "objective.save", data)));
        var afterFirst = await StoredPlanAsync(App, ClientId);
        var second = Text(CardOf(await App.InvokeAsync(Clinician, "objective.save", data)));

        Assert.Contains("Objective 1.1 saved.", first);
        Assert.Contains("Objective 1.1 saved.", second);
        Assert.Equal(afterFirst.ETag, (await StoredPlanAsync(App, ClientId)).ETag);
    }

    [Fact]
    public async Task An_out_of_range_target_comes_back_on_the_edit_card_with_the_typed_values_and_nothing_is_saved()
    {
        var etag = await ArrangePlanAsync();

        var card = CardOf(await App.InvokeAsync(Clinician, "objective.save", With(ButtonData(etag), SaveInputs("Fewer days of low mood, rated weekly", "I want my energy back", "40"))));

        var text = Text(card);
        Assert.Contains("Measurable: the target must be between 0 and 27.", text);
        Assert.Contains("Fewer days of low mood, rated weekly", text);
        Assert.Equal(etag, (await StoredPlanAsync(App, ClientId)).ETag);
    }

    [Fact]
    public async Task A_smart_warning_must_be_confirmed_on_the_card_before_the_objective_is_saved()
    {
        var etag = await ArrangePlanAsync();
        var inputs = SaveInputs("Fewer days of low mood, rated weekly", "I want my energy back", "0");

        var warned = CardOf(await App.InvokeAsync(Clinician, "objective.save", With(ButtonData(etag), inputs)));
        Assert.Contains("Attainable:", Text(warned));
        Assert.Equal(etag, (await StoredPlanAsync(App, ClientId)).ETag);

        var save = Assert.Single(Actions(warned), a => a.Verb == "objective.save");
        var confirmed = With(save.Data, inputs);
        confirmed["confirmWarnings"] = "true";
        Assert.Contains("Objective 1.1 saved.", Text(CardOf(await App.InvokeAsync(Clinician, "objective.save", confirmed))));
        Assert.Equal(0m, (await StoredPlanAsync(App, ClientId)).Value.FindObjective("obj-1").Measure!.Target);
    }

    [Fact]
    public async Task Mark_achieved_records_the_clinicians_own_date_not_the_servers()
    {
        // Whatever the hour in UTC, one of these zones is already on another calendar day.
        var utcNow = App.Get<TimeProvider>().GetUtcNow();
        var zone = utcNow.Hour < 12 ? "Etc/GMT+12" : "Pacific/Kiritimati";
        var theirToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        Assert.NotEqual(Today, theirToday);
        var etag = await ArrangePlanAsync(Objective("obj-1", theirToday.AddDays(60)));

        var card = Text(CardOf(await App.InvokeAsync(Clinician, "objective.achieve", Ids(etag), localTimezone: zone)));

        Assert.Contains($"marked achieved on {Display(theirToday)}", card);
        Assert.Equal(theirToday, (await StoredPlanAsync(App, ClientId)).Value.FindObjective("obj-1").ActualCompletion);
    }

    [Fact]
    public async Task Mark_achieved_records_todays_date_and_a_second_click_changes_nothing()
    {
        var etag = await ArrangePlanAsync();

        var first = Text(CardOf(await App.InvokeAsync(Clinician, "objective.achieve", Ids(etag))));
        var afterFirst = await StoredPlanAsync(App, ClientId);
        var second = Text(CardOf(await App.InvokeAsync(Clinician, "objective.achieve", Ids(etag))));

        Assert.Contains($"marked achieved on {Display(Today)}", first);
        Assert.Contains($"Completed\n{Display(Today)}", first);
        Assert.Contains("already marked achieved", second);
        var stored = await StoredPlanAsync(App, ClientId);
        Assert.Equal(afterFirst.ETag, stored.ETag);
        Assert.Equal(ObjectiveStatus.Achieved, stored.Value.FindObjective("obj-1").Status);
        Assert.Equal(Today, stored.Value.FindObjective("obj-1").ActualCompletion);
    }

    [Fact]
    public async Task Mark_achieved_before_the_latest_reading_reached_the_target_asks_first_and_saves_only_when_confirmed()
    {
        var etag = await ArrangePlanAsync();
        await App.Get<ClientRecords>().AddProgressAsync(ClientId, new TreatmentPlanBot.Records.ObjectiveProgress("obj-1", 14, Today, null, "clin-1", DateTimeOffset.UtcNow) { ReadingId = "r-1" }, default);

        var asked = CardOf(await App.InvokeAsync(Clinician, "objective.achieve", Ids(etag)));
        var unchanged = await StoredPlanAsync(App, ClientId);
        var confirm = System.Text.Json.JsonSerializer.Serialize(asked);
        var confirmed = Text(CardOf(await App.InvokeAsync(Clinician, "objective.achieve", new { clientId = ClientId, planId = $"plan-{ClientId}", planVersion = etag, objectiveId = "obj-1", confirmed = "yes" })));

        Assert.Contains("has not reached the target (9). Mark it achieved anyway?", Text(asked));
        Assert.Contains("Yes, mark achieved", confirm);
        Assert.Equal(etag, unchanged.ETag);
        Assert.Equal(ObjectiveStatus.NotStarted, unchanged.Value.FindObjective("obj-1").Status);
        Assert.Contains($"marked achieved on {Display(Today)}", confirmed);
        Assert.Equal(ObjectiveStatus.Achieved, (await StoredPlanAsync(App, ClientId)).Value.FindObjective("obj-1").Status);
    }

    [Fact]
    public async Task A_stale_card_changes_nothing_and_shows_the_current_plan_with_the_reason()
    {
        var staleEtag = await ArrangePlanAsync(Objective("obj-1", Today.AddDays(60)), Objective("obj-2", Today.AddDays(90), "Walk outside on at least three days a week"));
        var current = await StoredPlanAsync(App, ClientId);
        var changedElsewhere = current.Value.SetObjectiveStatus("obj-2", ObjectiveStatus.InProgress, Today);
        var newEtag = await App.Get<ClientRecords>().SavePlanAsync(changedElsewhere, current.ETag, default);

        var card = CardOf(await App.InvokeAsync(Clinician, "objective.achieve", Ids(staleEtag)));

        Assert.Contains(PlanCardActions.Stale, Text(card));
        Assert.Equal(newEtag, card.GetProperty("actions").EnumerateArray().Last().GetProperty("data").GetProperty("planVersion").GetString());
        var stored = await StoredPlanAsync(App, ClientId);
        Assert.Equal(newEtag, stored.ETag);
        Assert.Equal(ObjectiveStatus.NotStarted, stored.Value.FindObjective("obj-1").Status);
    }

    [Fact]
    public async Task A_stale_edit_keeps_what_the_clinician_typed_on_the_edit_card()
    {
        var staleEtag = await ArrangePlanAsync();
        var current = await StoredPlanAsync(App, ClientId);
        await App.Get<ClientRecords>().SavePlanAsync(current.Value.SetObjectiveStatus("obj-1", ObjectiveStatus.InProgress, Today), current.ETag, default);

        var card = CardOf(await App.InvokeAsync(Clinician, "objective.save", With(ButtonData(staleEtag), SaveInputs("Something the clinician took care to write", "I want my energy back", "7"))));

        Assert.Contains(PlanCardActions.StaleForm, Text(card));
        Assert.Contains("Something the clinician took care to write", Text(card));
        Assert.NotEqual("Something the clinician took care to write", (await StoredPlanAsync(App, ClientId)).Value.FindObjective("obj-1").Behaviour);
    }

    [Fact]
    public async Task Recorded_progress_shows_as_the_latest_reading_and_is_stored_once()
    {
        var etag = await ArrangePlanAsync();

        var form = CardOf(await App.InvokeAsync(Clinician, "objective.progress", Ids(etag)));
        Assert.Contains("Record progress: objective 1.1", Text(form));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.progress.save");
        var card = Text(CardOf(await App.InvokeAsync(Clinician, "objective.progress.save", With(save.Data, new { value = "11", recordedOn = Today.ToString("yyyy-MM-dd"), note = "" }))));

        Assert.Contains($"18 at baseline → 11 on {Display(Today)} → target 9", card);
        var progress = Assert.Single(await App.Get<ClientRecords>().ListProgressAsync(ClientId, default));
        Assert.Equal(11m, progress.Value);
        Assert.Equal(Today, progress.MeasuredOn);
    }

    [Fact]
    public async Task A_progress_reading_outside_the_scale_comes_back_with_the_reason()
    {
        var etag = await ArrangePlanAsync();

        var card = Text(CardOf(await App.InvokeAsync(Clinician, "objective.progress.save", With(ButtonData(etag), new { value = "31", recordedOn = Today.ToString("yyyy-MM-dd"), note = "" }))));

        Assert.Contains("The reading must be between 0 and 27", card);
        Assert.Empty(await App.Get<ClientRecords>().ListProgressAsync(ClientId, default));
    }

    [Fact]
    public async Task The_same_button_arriving_as_action_submit_updates_the_card_in_place()
    {
        var etag = await ArrangePlanAsync();
        var data = With(ButtonData(etag));
        data["verb"] = "objective.achieve";

        await App.SubmitAsync(Clinician, data, cardActivityId: "card-activity-7");

        var update = Assert.Single(App.Connector.Updates);
        Assert.EndsWith("/activities/card-activity-7", update.Path);
        Assert.Contains($"marked achieved on {Display(Today)}", Text(CardOf(update.Activity!)));
        Assert.Equal(ObjectiveStatus.Achieved, (await StoredPlanAsync(App, ClientId)).Value.FindObjective("obj-1").Status);
    }

    [Fact]
    public async Task Editing_a_signed_plan_starts_a_new_version_shown_on_the_card()
    {
        var plan = Plan(ClientId, Today, Objective("obj-1", Today.AddDays(60))).Sign(SignerRole.Clinician, "clin-1", DateTimeOffset.UtcNow);
        var etag = await SavePlanAsync(App, plan);

        var form = CardOf(await App.InvokeAsync(Clinician, "objective.edit", Ids(etag)));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.save");
        var card = Text(CardOf(await App.InvokeAsync(Clinician, "objective.save", With(save.Data, SaveInputs("Fewer days of low mood, rated in the weekly diary", "I want my energy back for my children", "8", status: "notStarted", clientTasks: "Keep a short mood diary", interventions: "Behavioural activation")))));

        Assert.Contains("starts version 2", card);
        Assert.Contains("version 2", card);
        var stored = (await StoredPlanAsync(App, ClientId)).Value;
        Assert.Equal(2, stored.Version);
        Assert.Single(stored.PriorVersions);
    }
}
