using System.Text.Json;
using BotCore.Schema;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.EndToEnd;

/// <summary>
/// One clinician's day with one new client, over HTTP against the real app on each storage adapter: screen, assess
/// from the summary's button, plan two goals, open, edit and achieve an objective on the plan card; then every record
/// the journey left is re-read from storage. The same client is then asked for by someone not entitled to it.
/// </summary>
public abstract class ClinicianJourneyTests
{
    private const string Given = "Jamie";
    private const string ClientName = "Jamie Example";

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task A_new_client_is_screened_assessed_planned_and_the_plan_is_edited_from_its_card()
    {
        await using var app = await StartAsync();
        var supervisor = await SupervisorInChatAsync(app);
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1", treats: ["low-mood", "worry"]);
        var today = Today(app);
        var chat = new Chat(app, clinician);

        // Screening: a new client, saved from the summary card.
        var saved = await ScreenNewClientAsync(chat);
        Assert.Contains($"{ClientName} is now on your caseload", ReplyText.All(saved));
        var clientId = Assert.Single(await app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default)).ClientId;
        var phq9Button = Assert.Single(ExecuteActions(saved), a => a.Verb == "assessment.start" && a.Data.GetProperty("instrumentId").GetString() == "PHQ-9");

        // The summary's PHQ-9 button, then the form with item 9 answered "Several days".
        var (status, started) = await app.InvokeAsync(clinician, phq9Button.Verb, With(phq9Button.Data));
        Assert.Equal(200, status);
        Assert.Contains("Starting the PHQ-9", started.GetProperty("value").GetString());
        Assert.Contains("How shall we do the PHQ-9?", ReplyText.All(SentTo(app, clinician)));
        var session = FormSessionOf(await app.SayAsync(clinician, "form"));
        var alertsBefore = SentTo(app, supervisor).Count;
        var result = await app.SubmitAsync(clinician, new { sessionId = session, instrumentId = "PHQ-9", item1 = "2", item2 = "2", item3 = "2", item4 = "2", item5 = "2", item6 = "2", item7 = "2", item8 = "2", item9 = "1" });
        var resultText = ReplyText.All(result);
        Assert.Contains($"Risk flagged: {ClientName}", resultText);
        Assert.Contains(new ClinicOptions().SafetySteps[0], resultText);
        Assert.Contains("PHQ-9 result", resultText);
        var alert = Assert.Single(SentTo(app, supervisor).Skip(alertsBefore));
        Assert.Contains("Risk alert", alert.Text);

        // Planning: two goals, the first with the PHQ-9 baseline offered from the assessment just taken.
        Assert.Contains($"{ClientName} has no plan yet", await chat.Say($"plan {Given}"));
        await chat.Answer("area:depression");
        await chat.Say("Low mood and withdrawal since losing work");
        await chat.Answer("depression.activation");
        await chat.Say("I want to enjoy my weekends again");
        await chat.Answer("depression.activation.phq-9");
        await chat.Answer("InstrumentScore");
        Assert.Contains($"The latest PHQ-9 score is **17**, from {today:d MMMM yyyy}", await chat.Answer("PHQ-9"));
        await chat.Say("17");
        await chat.Say("5");
        await chat.Say("in 12 weeks");
        Assert.Contains("**Relevant**", await chat.Answer("confirm"));
        await chat.Say("So I can go back to football with my brother");
        await chat.Submit(new { choices = "task-1" });
        Assert.Contains("Add another objective to this goal?", await chat.Submit(new { choices = "intervention-1" }));
        await chat.Say("no");
        Assert.Contains($"Add another goal for {ClientName}?", await chat.Answer("save"));
        await chat.Say("yes");
        await chat.Answer("other");
        await chat.Say("Angry outbursts at home");
        await chat.Say("I want to stay calm with my kids");
        await chat.Say("Has fewer angry outbursts at home");
        Assert.Contains("per what period", await chat.Answer("CountPerPeriod"));
        await chat.Say("outbursts per week");
        await chat.Say("5");
        await chat.Say("1");
        await chat.Say("in 10 weeks");
        await chat.Answer("confirm");
        await chat.Say("My kids should not be scared of me");
        await chat.Say("Note each outburst and what came before it");
        await chat.Say("Anger management skills");
        await chat.Say("no");
        await chat.Answer("save");
        Assert.Contains("Done: 2 goals saved.", await chat.Say("no"));

        // The plan card: open it, edit the count objective, see the change, mark it achieved.
        var planCard = CardOf(Assert.Single(await app.SayAsync(clinician, $"show plan {Given}")));
        Assert.Contains($"Treatment plan: {ClientName}", Text(planCard));
        Assert.Contains("I want to stay calm with my kids", Text(planCard));
        var plan = await StoredPlanAsync(app, clientId);
        var countObjective = plan.Value.Objectives.Single(o => o.Measure!.Type == MeasureType.CountPerPeriod);
        var edit = Assert.Single(Actions(planCard), a => a.Verb == "objective.edit" && a.Data.GetProperty("objectiveId").GetString() == countObjective.Id);
        Assert.Equal(plan.ETag, edit.Data.GetProperty("planVersion").GetString());
        var form = CardOf(await app.InvokeAsync(clinician, "objective.edit", With(edit.Data)));
        var save = Assert.Single(Actions(form), a => a.Verb == "objective.save");
        var typed = InputsOf(form);
        typed["specific"] = "Has fewer angry outbursts at home, counted in a weekly log";
        typed["target"] = "2";
        var refreshed = CardOf(await app.InvokeAsync(clinician, "objective.save", Merge(With(save.Data), typed)));
        Assert.Contains("saved.", Text(refreshed));
        Assert.Contains("counted in a weekly log", Text(refreshed));
        var achieve = Assert.Single(Actions(refreshed), a => a.Verb == "objective.achieve" && a.Data.GetProperty("objectiveId").GetString() == countObjective.Id);
        var achieved = CardOf(await app.InvokeAsync(clinician, "objective.achieve", With(achieve.Data)));
        Assert.Contains($"marked achieved on {Display(today)}", Text(achieved));

        // What the journey left in storage.
        var records = app.Get<ClientRecords>();
        var enrolment = (await records.GetEnrolmentAsync(clientId, default))!.Value;
        Assert.Equal("clin-1", enrolment.ClinicianId);
        Assert.Equal(ClientName, enrolment.DisplayName);
        var profile = (await records.GetProfileAsync(clientId, default))!.Value;
        Assert.Equal(new PersonName(Given, "Example"), profile.Name);
        Assert.Equal("jamie@example.org", profile.Contact.Email);
        Assert.Equal(new EmergencyContact("Jordan Example", "partner", "555 0100 123"), Assert.Single(profile.EmergencyContacts));

        var screening = Assert.Single(await records.ListScreeningsAsync(clientId, default));
        Assert.Equal(["low-mood"], screening.PresentingConcerns);
        Assert.Equal("clin-1", screening.ScreenedBy);
        Assert.Contains("PHQ-9", screening.RecommendedInstruments);

        var assessment = Assert.Single(await records.ListAssessmentsAsync(clientId, default));
        Assert.Equal("PHQ-9", assessment.InstrumentId);
        Assert.Equal(17, assessment.Total);
        Assert.Equal("Moderately severe", assessment.Band);
        Assert.Single(assessment.RiskFlags);
        Assert.Equal(1, assessment.Answers[9]);
        Assert.Equal("clin-1", assessment.AdministeredBy);

        var riskEvent = Assert.Single(await records.ListRiskEventsAsync(clientId, default));
        Assert.Equal("nonAcute", riskEvent.Level);
        Assert.True(riskEvent.SupervisorAlerted);
        Assert.Null(riskEvent.AcknowledgedAt);

        var stored = (await StoredPlanAsync(app, clientId)).Value;
        Assert.Equal(["I want to enjoy my weekends again", "I want to stay calm with my kids"], stored.Goals.Select(g => g.InClientsWords));
        var instrumentObjective = stored.Goals.First().Objectives.Single();
        Assert.Equal(new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 17, 5, "PHQ-9"), instrumentObjective.Measure);
        Assert.Equal(ObjectiveStatus.NotStarted, instrumentObjective.Status);
        var edited = stored.Goals.Last().Objectives.Single();
        Assert.Equal("Has fewer angry outbursts at home, counted in a weekly log", edited.Behaviour);
        Assert.Equal(new ObjectiveMeasure(MeasureType.CountPerPeriod, ChangeDirection.Decrease, 5, 2, null, "outbursts per week"), edited.Measure);
        Assert.Equal(ObjectiveStatus.Achieved, edited.Status);
        Assert.Equal(today, edited.ActualCompletion);

        var line = Assert.Single(await app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default));
        Assert.Equal(ClientName, line.DisplayName);
        Assert.Equal("PHQ-9", line.LatestMeasure);
        Assert.Equal(17, line.LatestScore);
        Assert.Equal(riskEvent.RaisedAt, line.OpenRiskSince);

        var audit = (await app.Get<AuditLog>().ListAsync(clientId, default)).Where(e => e.ActorId == "clin-1").ToList();
        Assert.All(audit, e => Assert.True(e.Allowed));
        foreach (var (action, record) in new[]
        {
            (ClientAction.Write, "enrolment and profile"),
            (ClientAction.Write, "screening"),
            (ClientAction.Write, "assessment"),
            (ClientAction.Write, "plan"),
            (ClientAction.Read, "plan"),
        })
        {
            Assert.Contains(audit, e => e.Action == action.ToString() && e.Record == record);
        }
    }

    [Fact]
    public async Task Another_clinician_cannot_open_the_client_and_the_refusal_is_audited()
    {
        await using var app = await StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["low-mood", "worry"]);
        var other = await app.AddStaffAsync("clin-2", "Robin Colleague", StaffRoles.Clinician, treats: ["low-mood"]);
        await ScreenNewClientAsync(new Chat(app, clinician));
        var clientId = Assert.Single(await app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default)).ClientId;

        var typed = ReplyText.All(await app.SayAsync(other, $"show plan {Given}"));
        var invoked = await app.InvokeAsync(other, "plan.show", new { clientId });

        Assert.Contains("None of your clients matches", typed);
        Assert.DoesNotContain(ClientName, typed);
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(invoked));
        Assert.DoesNotContain("Example", invoked.Body.GetRawText());
        Assert.Contains(await app.Get<AuditLog>().ListAsync(clientId, default), e => e.ActorId == "clin-2" && !e.Allowed);
        Assert.Empty(await app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-2", default));
    }

    [Fact]
    public async Task In_a_group_chat_the_same_commands_and_buttons_reveal_nothing_about_the_client()
    {
        await using var app = await StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["low-mood", "worry"]);
        await ScreenNewClientAsync(new Chat(app, clinician));
        var clientId = Assert.Single(await app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default)).ClientId;
        await app.Get<ClientRecords>().AddAssessmentAsync(clientId, new AssessmentRecord(
            "assess-group-test", "PHQ-9", "PHQ-9", new Dictionary<int, int?>(), 23, "Severe", null, [], [], app.Get<TimeProvider>().GetUtcNow(), "clin-1", AssessmentMode.ClinicianInChat), null, default);

        var replies = new List<Activity>();
        foreach (var command in new[] { $"show plan {Given}", $"plan {Given}", $"assess {Given}", $"screen {Given}", "caseload", "new client" })
        {
            replies.AddRange(await app.SayAsync(clinician, command, inGroupChat: true));
        }

        replies.AddRange(await app.SubmitAsync(clinician, new { verb = "plan.show", clientId }, inGroupChat: true));
        var invoked = await app.InvokeAsync(clinician, "plan.show", new { clientId }, inGroupChat: true);

        Assert.NotEmpty(replies);
        // What a reader could see: the texts and the cards (ids and timestamps of the activities are not shown).
        var everything = string.Join("\n", replies.Select(r => r.Text + string.Join("", (r.Attachments ?? []).Select(a => a.Content?.GetRawText())))) + invoked.Body.GetRawText();
        Assert.DoesNotContain(Given, everything);
        Assert.DoesNotContain("Example", everything);
        Assert.DoesNotContain("23", everything);
        Assert.DoesNotContain("Severe", everything);
        Assert.All(replies, r => Assert.Equal(BotTestApp.GroupConversationId, r.Conversation?.Id));
        Assert.DoesNotContain(await app.Get<AuditLog>().ListAsync(clientId, default), e => e.Record == "plan");
    }

    /// <summary>"new client" through to the saved summary, typing and pressing buttons as a clinician would.</summary>
    private static async Task<IReadOnlyList<Activity>> ScreenNewClientAsync(Chat chat)
    {
        Assert.Contains(CurrentInformationDialog.AskGivenName, await chat.Say("new client"));
        await chat.Say(Given);
        await chat.Say("Example");
        await chat.Say("skip");
        await chat.Say("skip");
        await chat.Say("jamie@example.org");
        await chat.Say("Jordan Example, partner, 555 0100 123");
        await chat.Say("skip");
        await chat.Submit(new { choice = "no" });
        Assert.Contains(ScreeningDialog.AskConcerns, await chat.Say("skip"));
        await chat.Submit(new { choices = "low-mood" });
        await chat.Say("skip");
        Assert.Contains(ScreeningDialog.AskSave, await chat.Submit(new { choice = ScreeningUrgency.Routine }));
        return await chat.App.SubmitAsync(chat.User, new { choice = "yes" });
    }

    /// <summary>The Action.Execute buttons on every card of the replies.</summary>
    internal static IReadOnlyList<(string Title, string Verb, JsonElement Data)> ExecuteActions(IEnumerable<Activity> replies) =>
        [.. CardsIn(replies).SelectMany(Actions)];

    /// <summary>What an edit card's inputs hold as sent (prefilled values), keyed by input id, as Teams merges them.</summary>
    private static Dictionary<string, string> InputsOf(JsonElement card)
    {
        var inputs = new Dictionary<string, string>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("type", out var type) && type.GetString()!.StartsWith("Input.", StringComparison.Ordinal) && element.TryGetProperty("id", out var id))
                {
                    inputs[id.GetString()!] = element.TryGetProperty("value", out var value)
                        ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
                        : string.Empty;
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(card);
        return inputs;
    }

    private static Dictionary<string, string> Merge(Dictionary<string, string> data, Dictionary<string, string> inputs)
    {
        foreach (var (key, value) in inputs)
        {
            data[key] = value;
        }

        return data;
    }

    /// <summary>A clinician's personal chat: what they type or press, and the text of what came back.</summary>
    private sealed class Chat(BotTestApp app, TestUser user)
    {
        public BotTestApp App => app;

        public TestUser User => user;

        public async Task<string> Say(string text) => ReplyText.All(await app.SayAsync(user, text));

        public async Task<string> Submit(object value) => ReplyText.All(await app.SubmitAsync(user, value));

        // The planning dialog's buttons carry the draft id so a stale button is not taken as a later answer.
        public Task<string> Answer(string choice) => Submit(new { choice, goalDraftId = "draft" });
    }
}

public sealed class ClinicianJourneyOnSqliteTests : ClinicianJourneyTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class ClinicianJourneyOnAzuriteTests(AzuriteFixture azurite) : ClinicianJourneyTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
