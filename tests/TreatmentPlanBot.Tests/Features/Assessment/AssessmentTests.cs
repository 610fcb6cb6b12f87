using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;

namespace TreatmentPlanBot.Tests.Features.Assessment;

/// <summary>Administering measures in the clinician's chat, over HTTP against the real app on SQLite.</summary>
public sealed class AssessmentTests
{
    [Fact]
    public async Task Phq9_item_by_item_by_buttons_and_typing_is_scored_stored_and_shown()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);

        var reply = await StartItemByItemAsync(app, clinician, "PHQ-9");
        Assert.Contains("Little interest or pleasure in doing things", ReplyText.All(reply));
        reply = await app.SubmitAsync(clinician, Button(reply, "2"));                 // 1: button
        reply = await app.SayAsync(clinician, "3");                                  // 2: typed value
        reply = await app.SayAsync(clinician, "More than half the days");            // 3: typed label
        foreach (var value in new[] { "1", "1", "0", "2", "1" })                     // 4-8: buttons
        {
            reply = await app.SubmitAsync(clinician, Button(reply, value));
        }

        reply = await app.SubmitAsync(clinician, Button(reply, "0"));                // 9
        Assert.Contains("If you checked off any problems", ReplyText.All(reply));
        var resultReply = await app.SayAsync(clinician, "skip");                     // 10: optional

        Assert.Contains("PHQ-9 result", ReplyText.All(resultReply));
        Assert.Contains("Score: 12 of 27", FactValues(resultReply));
        Assert.Contains("Severity: Moderate", FactValues(resultReply));
        Assert.Contains("Risk: No risk flags", FactValues(resultReply));
        var stored = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Equal(12, stored.Total);
        Assert.Equal("Moderate", stored.Band);
        Assert.Equal(AssessmentMode.ClinicianInChat, stored.Mode);
        Assert.Equal("clin-1", stored.AdministeredBy);
        Assert.Equal(9, stored.Answers.Count);
        Assert.Equal(3, stored.Answers[2]);
        Assert.Equal(2, stored.Answers[3]);
        Assert.Empty(stored.RiskFlags);
        Assert.Empty(await app.Get<ClientRecords>().ListRiskEventsAsync(ClientId, default));
        var line = Assert.Single(await app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default));
        Assert.Equal(12, line.LatestScore);
    }

    [Fact]
    public async Task Pc_ptsd_5_without_trauma_exposure_asks_nothing_more_and_scores_zero()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var gate = await StartItemByItemAsync(app, clinician, "PC-PTSD-5");
        Assert.Contains("Have you ever experienced this kind of event?", ReplyText.All(gate));
        Assert.Equal(0, ItemNumberOf(gate));

        var result = ReplyText.All(await app.SubmitAsync(clinician, Button(gate, "0")));

        Assert.Contains("PC-PTSD-5 result", result);
        var stored = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Equal(0, stored.Total);
        Assert.False(stored.Positive);
        Assert.Equal([0], stored.Answers.Keys);
    }

    [Fact]
    public async Task Help_mid_way_explains_the_question_and_asks_it_again()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var first = await StartItemByItemAsync(app, clinician, "PHQ-9");
        await app.SubmitAsync(clinician, Button(first, "1"));

        var help = await app.SayAsync(clinician, "help");

        Assert.Contains("question 2 of 10 is waiting", ReplyText.All(help));
        Assert.Equal(2, ItemNumberOf(help));
    }

    [Fact]
    public async Task A_double_clicked_answer_is_not_applied_to_the_next_question()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var first = await StartItemByItemAsync(app, clinician, "PHQ-9");
        var second = await app.SubmitAsync(clinician, Button(first, "1"));
        var third = await app.SubmitAsync(clinician, Button(second, "2"));
        Assert.Equal(3, ItemNumberOf(third));

        var again = ReplyText.All(await app.SubmitAsync(clinician, Button(second, "3")));

        Assert.Contains("That answer was for question 2, which is already recorded as ‘More than half the days’", again);
        Assert.DoesNotContain("Question 4", again);
        // Question 3 is still the one waiting: the next answer goes to it.
        var fourth = await app.SubmitAsync(clinician, Button(third, "0"));
        Assert.Equal(4, ItemNumberOf(fourth));
    }

    [Fact]
    public async Task A_button_from_another_session_is_ignored()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var first = await StartItemByItemAsync(app, clinician, "GAD-7");

        var reply = ReplyText.All(await app.SubmitAsync(clinician, new { sessionId = "s-other", instrumentId = "GAD-7", itemNumber = 1, value = "3" }));

        Assert.Contains("belongs to another questionnaire", reply);
        Assert.Equal(2, ItemNumberOf(await app.SubmitAsync(clinician, Button(first, "0"))));
    }

    [Fact]
    public async Task The_form_with_a_required_answer_missing_names_it_and_keeps_the_answers()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await app.SayAsync(clinician, "assess Alex");
        await app.SayAsync(clinician, "PHQ-9");
        var form = await app.SayAsync(clinician, "one form");
        var session = FormSessionOf(form);

        var back = await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "1", item2 = "2", item3 = "1", item4 = "1", item5 = "0", item6 = "1", item7 = "0", item8 = "0" });

        var text = ReplyText.All(back);
        Assert.Contains("Question 9 needs an answer: “Thoughts that you would be better off dead or of hurting yourself in some way”", text);
        var items = CardsIn(back).Single().GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "Input.ChoiceSet").ToList();
        Assert.Equal("2", items.Single(i => i.GetProperty("id").GetString() == "item2").GetProperty("value").GetString());
        Assert.Equal("", items.Single(i => i.GetProperty("id").GetString() == "item9").GetProperty("value").GetString());
        Assert.Empty(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));

        var result = ReplyText.All(await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "1", item2 = "2", item3 = "1", item4 = "1", item5 = "0", item6 = "1", item7 = "0", item8 = "0", item9 = "0" }));

        Assert.Contains("PHQ-9 result", result);
        var stored = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Equal(6, stored.Total);
        Assert.Equal(AssessmentMode.ClinicianForm, stored.Mode);
    }

    [Fact]
    public async Task Audit_c_asks_the_clients_sex_before_scoring()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "AUDIT-C");
        await app.SayAsync(clinician, "2-4 times a month");
        await app.SayAsync(clinician, "1 or 2");

        var question = ReplyText.All(await app.SayAsync(clinician, "Less than monthly"));
        Assert.Contains("What is the client's sex?", question);
        var result = ReplyText.All(await app.SayAsync(clinician, "female"));

        Assert.Contains("AUDIT-C result", result);
        var stored = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Equal(3, stored.Total);
        Assert.True(stored.Positive);
    }

    [Fact]
    public async Task A_repeated_measure_shows_the_change_since_the_previous_score()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await app.Get<ClientRecords>().AddAssessmentAsync(ClientId, new AssessmentRecord(
            "assess-earlier", "GAD-7", "GAD-7", new Dictionary<int, int?> { [1] = 3, [2] = 3, [3] = 2, [4] = 2, [5] = 2, [6] = 1, [7] = 1 },
            14, "Moderate", null, [], [], DateTimeOffset.UtcNow.AddDays(-28), "clin-1", AssessmentMode.ClinicianInChat), null, default);
        await StartItemByItemAsync(app, clinician, "GAD-7");
        foreach (var value in new[] { "1", "1", "1", "1", "1", "1", "1" })
        {
            await app.SayAsync(clinician, value);
        }

        var reply = await app.SayAsync(clinician, "Somewhat difficult");           // the optional functioning question

        Assert.Contains("down 7 from 14", ReplyText.All(reply) + FactValues(reply));
        Assert.Contains("reliable improvement", FactValues(reply));
    }

    [Fact]
    public async Task Another_clinician_cannot_assess_your_client()
    {
        await using var app = await BotTestApp.StartAsync();
        await ClinicianAsync(app);
        var other = await ClinicianAsync(app, userId: "clin-2", name: "Robin Other");
        await EnrolAsync(app);

        var typed = ReplyText.All(await app.SayAsync(other, "assess Alex"));
        var (status, body) = await app.InvokeAsync(other, "assessment.start", new { clientId = ClientId, instrumentId = "PHQ-9" });

        Assert.Contains("None of your clients matches", typed);
        Assert.Equal(200, status);
        Assert.Equal(AccessDecision.RefusalMessage, body.GetProperty("value").GetString());
        Assert.Empty(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Contains(await app.Get<AuditLog>().ListAsync(ClientId, default), e => e.ActorId == "clin-2" && !e.Allowed);
    }

    [Fact]
    public async Task The_assessment_start_button_begins_the_measure_for_that_client()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);

        var (status, body) = await app.InvokeAsync(clinician, "assessment.start", new { clientId = ClientId, instrumentId = "GAD-7" });

        Assert.Equal(200, status);
        Assert.Equal("application/vnd.microsoft.activity.message", body.GetProperty("type").GetString());
        Assert.Contains("Starting the GAD-7", body.GetProperty("value").GetString());
        var mode = ReplyText.All(SentTo(app, clinician));
        Assert.Contains("How shall we do the GAD-7?", mode);
        var first = await app.SayAsync(clinician, "one by one");
        Assert.Contains("Feeling nervous, anxious, or on edge", ReplyText.All(first));
    }

    [Fact]
    public async Task Cancel_mid_way_stores_nothing_and_says_so()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var first = await StartItemByItemAsync(app, clinician, "PHQ-9");
        await app.SubmitAsync(clinician, Button(first, "2"));

        var reply = ReplyText.All(await app.SayAsync(clinician, "cancel"));

        Assert.Contains("Nothing was saved", reply);
        Assert.Empty(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
    }

    internal static string FactValues(IEnumerable<BotCore.Schema.Activity> replies) =>
        string.Join("\n", CardsIn(replies).SelectMany(c => c.GetProperty("body").EnumerateArray())
            .Where(e => e.GetProperty("type").GetString() == "FactSet")
            .SelectMany(f => f.GetProperty("facts").EnumerateArray())
            .Select(f => $"{f.GetProperty("title").GetString()}: {f.GetProperty("value").GetString()}"));
}
