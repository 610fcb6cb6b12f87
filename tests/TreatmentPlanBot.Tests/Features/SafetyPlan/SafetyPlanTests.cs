using System.Text.Json;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.SafetyPlan;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Safety;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;

namespace TreatmentPlanBot.Tests.Features.SafetyPlan;

/// <summary>
/// "Start safety assessment" is a brief safety assessment and a safety plan, saved as versions on the client file, shown
/// to the clinician and, once the client is linked, sent to the client's own chat.
/// </summary>
public abstract class SafetyPlanTests
{
    private const string CrisisLine = "988 Suicide & Crisis Lifeline: call or text 988";

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Start_safety_assessment_sends_the_assessment_and_plan_form_with_the_crisis_line_not_the_asq_again()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var before = SentTo(app, clinician).Count;

        var (_, body) = await app.InvokeAsync(clinician, "safetyplan.start", new { clientId = ClientId, riskEventId = "risk-1" });
        var (_, old) = await app.InvokeAsync(clinician, "risk.assess", new { clientId = ClientId, riskEventId = "risk-1" });

        Assert.Contains("safety assessment and safety plan are below", body.GetProperty("value").GetString());
        Assert.Contains("safety assessment and safety plan are below", old.GetProperty("value").GetString());
        var sent = SentTo(app, clinician).Skip(before).ToList();
        Assert.Equal(2, sent.Count);
        var form = Json(CardsIn(sent).First());
        Assert.Contains("Signs a crisis may be building", form);
        Assert.Contains("Reasons for living", form);
        Assert.Contains(CrisisLine, form);
        Assert.DoesNotContain("wished you were dead", ReplyText.All(sent));
    }

    [Fact]
    public async Task A_saved_plan_is_a_version_on_the_file_and_a_second_press_of_the_same_form_saves_nothing_more()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);

        var (_, first) = await app.InvokeAsync(clinician, "safetyplan.save", Form("draft-1"));
        var (_, again) = await app.InvokeAsync(clinician, "safetyplan.save", Form("draft-1"));
        var (_, second) = await app.InvokeAsync(clinician, "safetyplan.save", Form("draft-2", warningSigns: "Not sleeping\nPulling away from friends"));

        Assert.Contains("Saved as version 1", first.GetRawText());
        Assert.Contains("saved already, as version 1", again.GetRawText());
        Assert.Contains("Saved as version 2", second.GetRawText());
        var versions = await app.Get<ClientRecords>().ListSafetyPlansAsync(ClientId, default);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(["Not sleeping", "Pulling away from friends"], versions[1].ItemsOf(SafetyPlanSection.WarningSigns));
        Assert.Equal("Moderate", versions[1].Assessment.RiskJudgement);
        Assert.Equal("clin-1", versions[1].SavedBy);
        Assert.Contains(await app.Get<AuditLog>().ListAsync(ClientId, default), e => e.Record == SafetyPlans.RecordName && e.Action == nameof(ClientAction.Write) && e.Allowed);
    }

    [Fact]
    public async Task A_form_without_a_judgement_or_warning_signs_comes_back_saying_what_to_fix_with_everything_typed_kept()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);

        var (_, body) = await app.InvokeAsync(clinician, "safetyplan.save", Form("draft-1", warningSigns: "", judgement: ""));

        var card = body.GetProperty("value").GetRawText();
        Assert.Contains("Give your judgement of the risk now", card);
        Assert.Contains("Write at least one warning sign", card);
        Assert.Contains("Going for a walk", card);
        Assert.Empty(await app.Get<ClientRecords>().ListSafetyPlansAsync(ClientId, default));
    }

    [Fact]
    public async Task A_linked_client_gets_their_plan_in_their_own_chat_without_the_assessment_and_can_read_it_again()
    {
        await using var app = await StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var client = new TestUser("user-alex", "Alex Example");
        await app.Get<ClientUsers>().LinkAsync(ClientId, BotTestApp.Tenant, client.UserId, default);
        await app.SayAsync(client, "hello");
        Assert.Contains("You don't have a safety plan here yet.", ReplyText.All(await app.SayAsync(client, "my safety plan")));
        await app.InvokeAsync(clinician, "safetyplan.save", Form("draft-1"));

        var (_, offered) = await app.InvokeAsync(clinician, "safetyplan.offer", new { clientId = ClientId });
        var (_, twice) = await app.InvokeAsync(clinician, "safetyplan.offer", new { clientId = ClientId });

        Assert.Contains("Alex Example got their safety plan", offered.GetRawText());
        var copy = Json(Assert.Single(CardsIn(SentTo(app, client)), c => c.GetRawText().Contains("Signs that things are getting harder", StringComparison.Ordinal)));
        Assert.Contains("Signs that things are getting harder for you", copy);
        Assert.Contains("Going for a walk", copy);
        Assert.Contains(CrisisLine, copy);
        Assert.DoesNotContain("Moderate", copy);
        Assert.DoesNotContain("Access to means", copy);
        var mine = ReplyText.All(await app.SayAsync(client, "my safety plan"));
        Assert.Contains("Going for a walk", mine);
        Assert.Contains("got their safety plan", twice.GetRawText());
    }

    [Fact]
    public async Task The_latest_plan_is_there_for_the_supervisor_and_the_plan_card_but_not_for_another_clinician()
    {
        await using var app = await StartAsync();
        await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await app.AddStaffAsync("clin-2", "Robin Other", StaffRoles.Clinician);
        await EnrolAsync(app);
        await app.InvokeAsync(clinician, "safetyplan.save", Form("draft-1"));

        var plans = app.Get<SafetyPlans>();
        var forSupervisor = await plans.LatestAsync(new Caller(BotTestApp.Tenant, "sup-1", null, InPersonalChat: true), ClientId, default);
        var forOther = await plans.LatestAsync(new Caller(BotTestApp.Tenant, "clin-2", null, InPersonalChat: true), ClientId, default);
        var (_, shown) = await app.InvokeAsync(clinician, "safetyplan.show", new { clientId = ClientId });

        Assert.Equal(1, forSupervisor?.Version);
        Assert.Null(forOther);
        Assert.Contains("safety plan is below", shown.GetRawText());
        Assert.Contains("Going for a walk", ReplyText.All(SentTo(app, clinician)));
    }

    private static string Json(JsonElement card) =>
        JsonSerializer.Serialize(card, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    internal static Dictionary<string, object?> Form(string draftId, string warningSigns = "Not sleeping", string judgement = "Moderate") => new()
    {
        ["clientId"] = ClientId,
        ["draftId"] = draftId,
        ["riskEventId"] = "",
        ["thoughtsNow"] = "Passing thoughts, no wish to act on them",
        ["planDetail"] = "",
        ["meansAccess"] = "No",
        ["pastAttempts"] = "No",
        ["protective"] = "Their sister; their dog",
        ["riskJudgement"] = judgement,
        ["nextSteps"] = "Session again in three days",
        ["warningSigns"] = warningSigns,
        ["copingOnYourOwn"] = "Going for a walk\nMusic",
        ["peopleAndPlaces"] = "The library",
        ["peopleToAsk"] = "Sister (phone in contacts)",
        ["professionals"] = $"The clinic, weekdays\n{CrisisLine}",
        ["saferSurroundings"] = "Medication kept by their sister",
        ["reasonsForLiving"] = "Their dog",
    };
}

public sealed class SafetyPlanOnSqliteTests : SafetyPlanTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class SafetyPlanOnAzuriteTests(AzuriteFixture azurite) : SafetyPlanTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
