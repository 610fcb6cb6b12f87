using BotCore.Scheduling;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.CheckIns;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.LinkedClient;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.CheckIns;

/// <summary>
/// Objectives measured by a 0-10 rating in check-ins: offered and chosen by default on the settings card, asked on one
/// card in the client's words before any questionnaire, stored once as progress marked as the client's check-in.
/// </summary>
public abstract class CheckInRatingTests
{
    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task The_settings_card_offers_the_plans_rating_objectives_and_chooses_them_by_default()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);

        var card = CardOf(Assert.Single(await app.SayAsync(clinician, "checkins Jordan")));

        Assert.Contains("0-10 rating: Feel confident reaching out to friends", Text(card));
        var chosen = FindValue(card, "measures");
        Assert.Equal(["PHQ-9", "rating:obj-rate"], chosen.Split(','));
        var saved = Text(CardOf(await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = chosen, cadence = "Weekly" })));
        Assert.Contains("Weekly: PHQ-9, one 0-10 rating", saved);
        var schedule = (await app.Get<ClientRecords>().CheckIns.GetScheduleAsync(Jordan, default))!.Value;
        Assert.Equal(["obj-rate"], schedule.Ratings);
    }

    [Fact]
    public async Task The_client_rates_in_their_own_words_and_the_rating_is_progress_once_however_often_send_is_pressed()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician, "rating:obj-rate");

        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId });
        var ratings = CardOf(Assert.Single(SentTo(app, JordanUser), a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("how are things going")));
        Assert.Contains("Feel confident reaching out to friends", Text(ratings));
        Assert.Contains("Your aim: 7 out of 10 or higher", Text(ratings));

        var missing = Text(CardOf(await app.InvokeAsync(JordanUser, CheckInRatings.Send, new { checkInId })));
        Assert.Contains("Please rate each one from 0 to 10", missing);
        var presses = await app.InvokeAtOnceAsync(JordanUser, CheckInRatings.Send, [Press(new { checkInId, rating_obj_rate = "6" }), Press(new { checkInId, rating_obj_rate = "6" })]);
        Assert.All(presses, p => Assert.Equal(200, p.Status));
        var later = Text(CardOf(await app.InvokeAsync(JordanUser, CheckInRatings.Send, Press(new { checkInId, rating_obj_rate = "2" }))));

        Assert.Contains("You already sent these ratings", later);
        Assert.Contains("You said 6 out of 10", later);
        var progress = Assert.Single(await app.Get<ClientRecords>().ListProgressAsync(Jordan, default));
        Assert.Equal(("obj-rate", 6m, $"checkin-{checkInId}-obj-rate", CheckInRatings.ProgressNote), (progress.ObjectiveId, progress.Value!.Value, progress.ReadingId, progress.Note));
        var checkIn = (await app.Get<ClientRecords>().CheckIns.GetAsync(Jordan, checkInId, default))!.Value;
        Assert.Equal(CheckInStatus.Answered, checkIn.Status);
        var plan = Text(CardOf(await app.InvokeAsync(clinician, "plan.show", new { clientId = Jordan })));
        Assert.Contains("(check-in)", plan);
    }

    [Fact]
    public async Task Ratings_come_first_and_the_questionnaire_follows_then_the_check_in_closes_once()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        var checkInId = await SentCheckInAsync(app, clinician, "PHQ-9,rating:obj-rate");

        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId });
        var sent = Text(CardOf(await app.InvokeAsync(JordanUser, CheckInRatings.Send, Press(new { checkInId, rating_obj_rate = "8" }))));
        Assert.Contains("A few more questions follow below", sent);
        Assert.Equal(CheckInStatus.Sent, (await app.Get<ClientRecords>().CheckIns.GetAsync(Jordan, checkInId, default))!.Value.Status);
        foreach (var answer in new[] { "1", "1", "1", "1", "1", "1", "1", "1", "0" })
        {
            await app.SayAsync(JordanUser, answer);
        }

        Assert.Contains(CheckInCompletion.Thanks, ReplyText.All(await app.SayAsync(JordanUser, "Not difficult at all")));
        var progress = await app.Get<ClientRecords>().ListProgressAsync(Jordan, default);
        Assert.Equal(["obj-phq", "obj-rate"], progress.Select(p => p.ObjectiveId).Order().ToArray());
        Assert.Equal(CheckInStatus.Answered, (await app.Get<ClientRecords>().CheckIns.GetAsync(Jordan, checkInId, default))!.Value.Status);
    }

    private static async Task<TestUser> ArrangeAsync(BotTestApp app)
    {
        var (clinician, _) = await CareTeamAsync(app);
        var today = Today(app);
        var rating = new Objective("obj-rate", "Feel confident reaching out to friends", new ObjectiveMeasure(MeasureType.Rating0To10, ChangeDirection.Increase, 3, 7, Unit: "confidence"),
            null, "My friends keep me going", today.AddDays(60), [], [new ClinicianIntervention("int-r", "Social skills practice")], ObjectiveStatus.InProgress);
        await JordanLinkedAsync(app, withPlan: true, Objective("obj-phq", today.AddDays(60)), rating);
        await app.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId = "none-yet" });
        return clinician;
    }

    private static async Task<string> SentCheckInAsync(BotTestApp app, TestUser clinician, string measures)
    {
        await app.InvokeAsync(clinician, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures, cadence = "Weekly" });
        var checkInId = (await app.Get<ClientRecords>().CheckIns.GetScheduleAsync(Jordan, default))!.Value.NextCheckInId!;
        await app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(app.Get<TimeProvider>().GetUtcNow().AddDays(2));
        Assert.Equal(CheckInStatus.Sent, (await app.Get<ClientRecords>().CheckIns.GetAsync(Jordan, checkInId, default))!.Value.Status);
        return checkInId;
    }

    // Input ids carry a hyphen ("rating-obj-rate"), which anonymous objects cannot name.
    private static Dictionary<string, string> Press(object data) =>
        System.Text.Json.JsonSerializer.SerializeToElement(data).EnumerateObject().ToDictionary(p => p.Name.Replace('_', '-'), p => p.Value.GetString()!);

    private static string FindValue(System.Text.Json.JsonElement card, string inputId)
    {
        foreach (var element in Descendants(card))
        {
            if (element.TryGetProperty("id", out var id) && id.GetString() == inputId)
            {
                return element.GetProperty("value").GetString()!;
            }
        }

        throw new InvalidOperationException($"No input {inputId}");
    }

    private static IEnumerable<System.Text.Json.JsonElement> Descendants(System.Text.Json.JsonElement element)
    {
        if (element.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            yield return element;
            foreach (var property in element.EnumerateObject())
            {
                foreach (var child in Descendants(property.Value))
                {
                    yield return child;
                }
            }
        }
        else if (element.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            foreach (var child in element.EnumerateArray().SelectMany(Descendants))
            {
                yield return child;
            }
        }
    }
}

public sealed class CheckInRatingOnSqliteTests : CheckInRatingTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class CheckInRatingOnAzuriteTests(AzuriteFixture azurite) : CheckInRatingTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
