using System.Text.Json;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;

namespace TreatmentPlanBot.Tests.Features.Assessment;

/// <summary>What the clinician sees while answering: a positive screen at once, a risk question not left out, the pressed card.</summary>
public sealed class AnsweringTests
{
    private const string CrisisLine = "988 Suicide & Crisis Lifeline: call or text 988";

    [Fact]
    public async Task A_yes_on_asq_question_1_says_the_screen_is_positive_in_that_turn_with_the_crisis_line_once()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "ASQ");

        var afterYes = ReplyText.All(await app.SayAsync(clinician, "yes"));
        var afterSecondYes = ReplyText.All(await app.SayAsync(clinician, "yes"));

        Assert.Contains("Positive screen already", afterYes);
        Assert.Contains("question 1 (“In the past few weeks, have you wished you were dead?”) answered ‘Yes’", afterYes);
        Assert.Contains(CrisisLine, afterYes);
        Assert.Contains("Ask the remaining questions now: question 5 decides how urgent it is.", afterYes);
        Assert.Contains("have you felt that you or your family would be better off", afterYes);
        Assert.DoesNotContain("Positive screen already", afterSecondYes);
    }

    [Fact]
    public async Task A_phq9_form_without_question_9_asks_the_clinician_to_ask_it_and_does_not_say_no_risk()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await app.SayAsync(clinician, "assess Alex");
        await app.SayAsync(clinician, "PHQ-9");
        var session = FormSessionOf(await app.SayAsync(clinician, "form"));

        var back = ReplyText.All(await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "1", item2 = "1", item3 = "0", item4 = "0", item5 = "0", item6 = "0", item7 = "0", item8 = "0" }));

        Assert.Contains("Ask question 9 now: it asks about thoughts of death or self-harm", back);
        Assert.Empty(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
    }

    [Fact]
    public async Task A_pressed_answer_updates_its_card_to_show_the_answer_without_buttons_and_the_old_button_no_longer_counts()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var first = await StartItemByItemAsync(app, clinician, "ASQ");
        var no = Button(first, "0");

        await app.SubmitAsync(clinician, no, cardActivityId: "activity-card-1");
        var again = ReplyText.All(await app.SubmitAsync(clinician, no, cardActivityId: "activity-card-1"));

        var update = Assert.Single(app.Connector.Updates);
        Assert.EndsWith("/activities/activity-card-1", update.Path);
        var card = JsonSerializer.Serialize(CardsIn([update.Activity!]).Single());
        Assert.Contains("Answered: No", card);
        Assert.Contains("have you wished you were dead?", card);
        Assert.DoesNotContain("Action.Submit", card);
        Assert.Contains("already recorded as ‘No’", again);
    }

    [Fact]
    public async Task The_measure_drop_down_starts_on_the_screenings_first_recommendation_not_yet_done()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await app.Get<ClientRecords>().AddScreeningAsync(ClientId, new ScreeningRecord("scr-1", ["low-mood", "self-harm-thoughts"], "low mood", "routine", false, true, null, null, ["ASQ", "PHQ-9"], DateTimeOffset.UtcNow.AddMinutes(-5), "clin-1"), default);
        await StartItemByItemAsync(app, clinician, "ASQ");
        foreach (var _ in Enumerable.Range(0, 4))
        {
            await app.SayAsync(clinician, "no");
        }

        var choice = CardsIn(await app.SayAsync(clinician, "assess Alex")).Single();

        var dropDown = JsonSerializer.Serialize(choice);
        var input = choice.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Input.ChoiceSet");
        Assert.Equal("PHQ-9", input.GetProperty("value").GetString());
        Assert.DoesNotContain("ASQ: Ask Suicide-Screening Questions (recommended at screening)", dropDown);
        Assert.Contains("PHQ-9: Patient Health Questionnaire-9 (recommended at screening)", dropDown);
    }
}
