using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Features.PlanCard;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.EndToEnd;

/// <summary>
/// A button on one feature's card is answered by another feature: each test presses the button as rendered (its verb
/// and data taken from the card, not retyped) and checks the other feature did its part. SQLite is enough here; the
/// journey runs on both adapters.
/// </summary>
public sealed class FeatureSeamTests : IAsyncLifetime
{
    private const string ClientId = "client-robin";

    private BotTestApp _app = null!;
    private TestUser _clinician = null!;
    private DateOnly _today;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["low-mood", "worry"]);
        _today = Today(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Every_verb_on_a_card_template_is_handled_by_a_registered_card_action()
    {
        var handled = _app.Services.GetServices<ICardActionHandler>().SelectMany(h => h.Verbs).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unhandled = Directory.EnumerateFiles(Repository.PathOf("cards"), "*.json")
            .SelectMany(path => VerbsIn(JsonDocument.Parse(File.ReadAllText(path)).RootElement).Select(verb => (Template: Path.GetFileName(path), Verb: verb)))
            .Where(v => !handled.Contains(v.Verb))
            .ToList();

        Assert.True(unhandled.Count == 0, $"Verbs nobody handles: {string.Join(", ", unhandled.Select(u => $"{u.Verb} ({u.Template})"))}");
    }

    [Fact]
    public async Task The_plan_cards_add_objective_button_starts_the_planning_dialog_and_saves_to_the_chosen_goal()
    {
        await PlanFile.EnrolAsync(_app, ClientId, "clin-1", "Robin", "Example");
        await SavePlanAsync(_app, Plan(ClientId, _today, Objective("obj-1", _today.AddDays(60)))
            .AddProblem(new Problem("problem-2", "Thoughts of self-harm", null, []))
            .AddGoal("problem-2", new Goal("goal-2", "I want to feel safe at home", [])));
        var planCard = CardOf(Assert.Single(await _app.SayAsync(_clinician, "show plan Robin")));
        var add = Assert.Single(Actions(planCard), a => a.Verb == "objective.add");
        var sentBefore = SentTo(_app, _clinician).Count;

        var started = MessageOf(await _app.InvokeAsync(_clinician, add.Verb, With(add.Data)));

        Assert.Contains("Let's add an objective to Robin Example's plan", started);
        Assert.Contains("Which of Robin Example's goals is the objective for?", ReplyText.All(SentTo(_app, _clinician).Skip(sentBefore)));
        Assert.Contains("**Specific**", await Say("2"));
        await Say("Writes a safety plan with the clinician");
        await Answer("DoneNotDone");
        await Say("in 2 weeks");
        await Answer("confirm");
        await Say("So I know what to do when it gets bad");
        await Say("none");
        await Say("Safety planning");
        await Say("no");
        Assert.Contains("Saved.", await Answer("save"));

        var plan = (await StoredPlanAsync(_app, ClientId)).Value;
        var chosen = plan.Goals.Single(g => g.Id == "goal-2");
        Assert.Equal(["Writes a safety plan with the clinician"], chosen.Objectives.Select(o => o.Behaviour));
        Assert.Equal(MeasureType.DoneNotDone, chosen.Objectives.Single().Measure!.Type);
        Assert.Equal(["obj-1"], plan.Goals.Single(g => g.Id == "goal-1").Objectives.Select(o => o.Id));
    }

    [Fact]
    public async Task The_assessment_results_open_plan_button_opens_the_plan_card_by_execute_and_by_submit()
    {
        await PlanFile.EnrolAsync(_app, ClientId, "clin-1", "Robin", "Example");
        await SavePlanAsync(_app, Plan(ClientId, _today, Objective("obj-1", _today.AddDays(60))));
        await _app.SayAsync(_clinician, "assess Robin");
        await _app.SayAsync(_clinician, "GAD-7");
        var session = FormSessionOf(await _app.SayAsync(_clinician, "form"));
        var result = await _app.SubmitAsync(_clinician, new { sessionId = session, instrumentId = "GAD-7", item1 = "1", item2 = "1", item3 = "1", item4 = "1", item5 = "1", item6 = "1", item7 = "1" });
        Assert.Contains("GAD-7 result", ReplyText.All(result));
        var open = Assert.Single(CardsIn(result).SelectMany(Actions), a => a.Verb == "plan.show");

        var byExecute = CardOf(await _app.InvokeAsync(_clinician, open.Verb, With(open.Data)));
        var bySubmit = CardOf(Assert.Single(await _app.SubmitAsync(_clinician, FallbackData(result, open.Verb))));

        Assert.Contains("Treatment plan: Robin Example", Text(byExecute));
        Assert.Contains("Fewer days of low mood, measured weekly", Text(byExecute));
        Assert.Contains("Treatment plan: Robin Example", Text(bySubmit));
    }

    [Fact]
    public async Task The_caseload_cards_open_plan_button_opens_that_clients_plan()
    {
        await PlanFile.EnrolAsync(_app, ClientId, "clin-1", "Robin", "Example");
        await PlanFile.EnrolAsync(_app, "client-avery", "clin-1", "Avery", "Sample");
        await SavePlanAsync(_app, Plan(ClientId, _today, Objective("obj-1", _today.AddDays(60))));
        var caseload = CardOf(Assert.Single(await _app.SayAsync(_clinician, "caseload")));
        var open = Assert.Single(Actions(caseload), a => a.Verb == "plan.show" && a.Data.GetProperty("clientId").GetString() == ClientId);

        var plan = CardOf(await _app.InvokeAsync(_clinician, open.Verb, With(open.Data)));

        Assert.Contains("Treatment plan: Robin Example", Text(plan));
        Assert.DoesNotContain("Avery", Text(plan));
        Assert.Contains(await _app.Get<AuditLog>().ListAsync(ClientId, default), e => e.ActorId == "clin-1" && e.Action == nameof(ClientAction.Read) && e.Record == "plan");
    }

    [Fact]
    public async Task The_screening_summarys_buttons_carry_the_verb_the_assessment_feature_handles_and_start_that_measure()
    {
        var saved = await ScreenAsync();
        var handled = _app.Services.GetServices<ICardActionHandler>().Single(h => h.Verbs.Contains("assessment.start"));
        Assert.StartsWith("TreatmentPlanBot.Features.Assessment", handled.GetType().FullName, StringComparison.Ordinal);
        var buttons = CardsIn(saved).SelectMany(Actions).ToList();
        Assert.Contains(buttons, b => b.Data.GetProperty("instrumentId").GetString() == "PHQ-9");
        Assert.All(buttons, b => Assert.Equal("assessment.start", b.Verb));
        var clientId = Assert.Single(await _app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default)).ClientId;
        Assert.All(buttons, b => Assert.Equal(clientId, b.Data.GetProperty("clientId").GetString()));

        var phq9 = buttons.Single(b => b.Data.GetProperty("instrumentId").GetString() == "PHQ-9");
        var (status, body) = await _app.InvokeAsync(_clinician, phq9.Verb, With(phq9.Data));
        Assert.Equal(200, status);
        Assert.Contains("Starting the PHQ-9", body.GetProperty("value").GetString());
        Assert.Contains("Little interest or pleasure in doing things", await Say("one by one"));
        await Say("cancel");

        // An older client sends the same button as Action.Submit with the verb in its data.
        var fallback = FallbackData(saved, "assessment.start", "GAD-7");
        var submitted = ReplyText.All(await _app.SubmitAsync(_clinician, fallback));
        Assert.Contains("Starting the GAD-7", submitted);
        Assert.Contains("How shall we do the GAD-7?", submitted);
    }

    private async Task<IReadOnlyList<BotCore.Schema.Activity>> ScreenAsync()
    {
        await Say("new client");
        await Say("Jamie");
        await Say("Example");
        await Say("skip");
        await Say("skip");
        await Say("jamie@example.org");
        await Say("Jordan Example, partner, 555 0100 123");
        await Say("skip");
        await _app.SubmitAsync(_clinician, new { choice = "no" });
        await Say("skip");
        await _app.SubmitAsync(_clinician, new { choices = "low-mood,worry" });
        await Say("skip");
        Assert.Contains(ScreeningDialog.AskSave, ReplyText.All(await _app.SubmitAsync(_clinician, new { choice = ScreeningUrgency.Routine })));
        return await _app.SubmitAsync(_clinician, new { choice = "yes" });
    }

    private async Task<string> Say(string text) => ReplyText.All(await _app.SayAsync(_clinician, text));

    private async Task<string> Answer(string choice) => ReplyText.All(await _app.SubmitAsync(_clinician, new { choice, goalDraftId = "draft" }));

    /// <summary>The data of the Action.Submit fallback of the button with this verb (and instrument), as an older Teams client sends it.</summary>
    private static Dictionary<string, string> FallbackData(IEnumerable<BotCore.Schema.Activity> replies, string verb, string? instrumentId = null)
    {
        var found = new List<JsonElement>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("type", out var type) && type.GetString() == "Action.Execute" && element.GetProperty("verb").GetString() == verb
                    && (instrumentId is null || element.GetProperty("data").GetProperty("instrumentId").GetString() == instrumentId))
                {
                    var fallback = element.GetProperty("fallback");
                    Assert.Equal("Action.Submit", fallback.GetProperty("type").GetString());
                    found.Add(fallback.GetProperty("data"));
                }

                foreach (var property in element.EnumerateObject().Where(p => p.Name != "fallback"))
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

        foreach (var card in CardsIn(replies))
        {
            Walk(card);
        }

        var data = With(Assert.Single(found));
        Assert.Equal(verb, data["verb"]);
        return data;
    }

    private static IEnumerable<string> VerbsIn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "verb" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : VerbsIn(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(VerbsIn),
        _ => [],
    };
}
