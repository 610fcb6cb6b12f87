using System.Text.Json;
using BotCore.Scheduling;
using TreatmentPlanBot.Features.Reviews;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Features.PlanCard;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Reviews;

/// <summary>Plan reviews and review dates, over HTTP against the real app; every test runs on SQLite and on Azurite.</summary>
public abstract class ReviewTests : IAsyncLifetime
{
    private const string ClientId = "client-robin";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;
    private TestUser _supervisor = null!;
    private TestUser _colleague = null!;
    private DateOnly _today;

    protected abstract Task<BotTestApp> StartAsync();

    public async Task InitializeAsync()
    {
        _app = await StartAsync();
        _supervisor = await _app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        _colleague = await _app.AddStaffAsync("clin-2", "Alex Colleague", StaffRoles.Clinician, supervisorId: "sup-1");
        _today = Today(_app);
        await PlanFile.EnrolAsync(_app, ClientId, "clin-1", "Robin", "Example");
        await SavePlanAsync(_app, Plan(ClientId, _today, Objective("obj-1", _today.AddDays(-5)), Objective("obj-2", _today.AddDays(60), "Walks to the shop three times a week")));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Presses a button of the card with what the clinician typed; returns the card or message that replaced it.</summary>
    private async Task<(int Status, JsonElement Body)> PressAsync(JsonElement card, string title, object? inputs = null, TestUser? user = null)
    {
        var (_, verb, data) = Actions(card).First(a => a.Title == title);
        return await _app.InvokeAsync(user ?? _clinician, verb, With(data, inputs));
    }

    /// <summary>review Robin → obj-1 achieved three days late → obj-2 not progressing, moved → the summary card.</summary>
    private async Task<JsonElement> SummaryAsync()
    {
        var first = CardOf(Assert.Single(await _app.SayAsync(_clinician, "review Robin")));
        Assert.Contains("Review: objective 1.1 (1 of 2)", Text(first));
        var second = CardOf(await PressAsync(first, "Next", new { verdict = "achieved", achievedOn = Iso(_today.AddDays(-2)), tried = "Activity scheduling", worked = "Morning walks", target = "", anticipated = "", note = "" }));
        Assert.Contains("Review: objective 1.2 (2 of 2)", Text(second));
        return CardOf(await PressAsync(second, "Next", new { verdict = "notProgressing", achievedOn = "", target = "7", anticipated = Iso(_today.AddDays(90)), tried = "Graded walks", worked = "", note = "" }));
    }

    [Fact]
    public async Task A_review_makes_a_new_version_with_actual_and_adjusted_dates_and_shows_how_accurate_the_projection_was()
    {
        var summary = await SummaryAsync();
        Assert.Contains("1.1: achieved; tried: Activity scheduling", Text(summary));

        var plan = CardOf(await PressAsync(summary, "Save review", new { nextReview = Iso(_today.AddDays(45)), reviewNote = "Steady" }));

        var stored = (await StoredPlanAsync(_app, ClientId)).Value;
        Assert.Equal(2, stored.Version);
        Assert.Equal(_today.AddDays(-5), stored.GetVersion(1).Problems[0].Goals[0].Objectives[0].AnticipatedCompletion);
        Assert.Equal((ObjectiveStatus.Achieved, _today.AddDays(-2)), (stored.FindObjective("obj-1").Status, stored.FindObjective("obj-1").ActualCompletion));
        Assert.Equal((_today.AddDays(90), 7m), (stored.FindObjective("obj-2").AnticipatedCompletion!.Value, stored.FindObjective("obj-2").Measure!.Target!.Value));
        var review = Assert.Single(stored.Reviews);
        Assert.Equal(("Activity scheduling", "Morning walks", ReviewVerdict.NotProgressing), (review.Objectives[0].Tried, review.Objectives[0].Worked, review.Objectives[1].Verdict!.Value));
        Assert.Equal(_today.AddDays(45), stored.NextReviewDue());
        var text = Text(plan);
        Assert.Contains("Review saved: the plan is now version 2", text);
        Assert.Contains($"Achieved 3 days after the anticipated date ({Display(_today.AddDays(-5))})", text);
        Assert.Contains($"Next review {Display(_today.AddDays(45))}", text);
    }

    [Fact]
    public async Task A_stale_review_is_refused_with_the_current_plan_answers_kept_and_save_pressed_twice_records_one_review()
    {
        var summary = await SummaryAsync();
        var inputs = new { nextReview = Iso(_today.AddDays(45)), reviewNote = "" };
        var current = await StoredPlanAsync(_app, ClientId);
        await _app.Get<ClientRecords>().SavePlanAsync(current.Value.ScheduleReview(_today.AddDays(10), _today), current.ETag, default);

        var refused = CardOf(await PressAsync(summary, "Save review", inputs));

        Assert.Contains(ReviewActions.Stale, Text(refused));
        Assert.Contains("1.1: achieved; tried: Activity scheduling", Text(refused));
        Assert.Empty((await StoredPlanAsync(_app, ClientId)).Value.Reviews);

        await PressAsync(refused, "Save review", inputs);
        var again = await PressAsync(refused, "Save review", inputs);

        Assert.Contains("This review was already saved", Text(CardOf(again)));
        var stored = (await StoredPlanAsync(_app, ClientId)).Value;
        Assert.Single(stored.Reviews);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task A_target_box_left_as_it_was_keeps_the_target()
    {
        // The box starts at the current target: a client that sends an untouched number box sends that, never a 0.
        var before = (await StoredPlanAsync(_app, ClientId)).Value.FindObjective("obj-2").Measure!.Target!.Value;
        var first = CardOf(Assert.Single(await _app.SayAsync(_clinician, "review Robin")));
        var second = CardOf(await PressAsync(first, "Next", new { verdict = "progressing", achievedOn = "", target = InputValue(first, "target"), anticipated = "", tried = "", worked = "", note = "" }));
        var prefilled = InputValue(second, "target");
        Assert.Equal(before, decimal.Parse(prefilled, System.Globalization.CultureInfo.InvariantCulture));
        var summary = CardOf(await PressAsync(second, "Next", new { verdict = "progressing", achievedOn = "", target = prefilled, anticipated = "", tried = "", worked = "", note = "" }));
        await PressAsync(summary, "Save review", new { nextReview = Iso(_today.AddDays(45)), reviewNote = "" });

        var stored = (await StoredPlanAsync(_app, ClientId)).Value;
        Assert.Equal(before, stored.FindObjective("obj-2").Measure!.Target!.Value);
        Assert.Null(Assert.Single(stored.Reviews).Objectives[1].NewTarget);
    }

    private static string InputValue(JsonElement card, string id)
    {
        foreach (var element in Descendants(card))
        {
            if (element.TryGetProperty("id", out var found) && found.ValueKind == JsonValueKind.String && found.GetString() == id)
            {
                return element.TryGetProperty("value", out var value) ? value.ToString() : string.Empty;
            }
        }

        return string.Empty;
    }

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var property in element.EnumerateObject())
            {
                foreach (var inner in Descendants(property.Value))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Descendants(item))
                {
                    yield return inner;
                }
            }
        }
    }

    [Fact]
    public async Task A_step_with_a_wrong_date_is_shown_again_with_what_to_fix()
    {
        var first = CardOf(Assert.Single(await _app.SayAsync(_clinician, "review Robin")));

        var again = Text(CardOf(await PressAsync(first, "Next", new { verdict = "progressing", achievedOn = "", target = "", anticipated = Iso(_today.AddDays(-1)), tried = "", worked = "", note = "" })));

        Assert.Contains("The new anticipated date is today or later", again);
        Assert.Contains("(1 of 2)", again);
    }

    [Fact]
    public async Task The_review_date_is_editable_from_the_plan_card_and_the_reminder_goes_once_before_it()
    {
        await _app.SayAsync(_clinician, "help");
        var plan = CardOf(await _app.InvokeAsync(_clinician, "plan.show", new { clientId = ClientId }));
        var dateCard = CardOf(await PressAsync(plan, "Review date"));
        var saved = Text(CardOf(await PressAsync(dateCard, "Save", new { reviewOn = Iso(_today.AddDays(20)) })));
        Assert.Contains($"The next review is now on {Display(_today.AddDays(20))}", saved);
        Assert.Equal(1, (await StoredPlanAsync(_app, ClientId)).Value.Version);

        var dispatcher = _app.Get<ScheduledWorkDispatcher>();
        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(5));
        Assert.DoesNotContain(SentTo(_app, _clinician), a => ReplyText.Of(a).Contains("plan review is due", StringComparison.Ordinal));
        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(15));
        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(16));

        var reminder = Assert.Single(SentTo(_app, _clinician), a => ReplyText.Of(a).Contains("plan review is due", StringComparison.Ordinal));
        Assert.Contains($"Robin Example's plan review is due on {Display(_today.AddDays(20))}", ReplyText.Of(reminder));
    }

    [Fact]
    public async Task Only_the_clinician_of_record_reviews_and_the_supervisor_reads_the_review_on_the_plan()
    {
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await _app.InvokeAsync(_colleague, "review.start", new { clientId = ClientId })));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await _app.InvokeAsync(_supervisor, "review.start", new { clientId = ClientId })));
        var summary = await SummaryAsync();
        await PressAsync(summary, "Save review", new { nextReview = Iso(_today.AddDays(45)), reviewNote = "" });

        var asSupervisor = CardOf(await _app.InvokeAsync(_supervisor, "plan.show", new { clientId = ClientId }));

        Assert.Contains($"Last reviewed {Display(_today)} (made version 2)", Text(asSupervisor));
        Assert.DoesNotContain(Actions(asSupervisor), a => a.Verb.StartsWith("review.", StringComparison.Ordinal));
        var due = await _app.Get<TreatmentPlanBot.Features.Reviews.Reviews>().DueForAsync(new Caller(BotTestApp.Tenant, "sup-1", null, true), [ClientId, "client-unknown"], _app.Get<BotCore.Time.Clocks>().Fallback, default);
        Assert.Equal(_today.AddDays(45), Assert.Single(due).NextReviewDue);
    }
}

public sealed class ReviewOnSqliteTests : ReviewTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class ReviewOnAzuriteTests(BotCore.Tests.Storage.AzuriteFixture azurite) : ReviewTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
