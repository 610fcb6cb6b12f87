using System.Text.Json.Nodes;
using BotCore.Storage;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.Features.Screening;

/// <summary>
/// Conversations in flight when the typed-draft screening was deployed: their state, as main stored it
/// (Fixtures/ScreeningState, captured from real turns), is written back and the clinician answers. The screening
/// carries every earlier answer over, asks the open question again with a clear word, and saves what was gathered.
/// A draft that cannot be read ends the screening with a clear word; no turn fails.
/// </summary>
public abstract class ScreeningResumeTests : IAsyncLifetime
{
    private BotTestApp _app = null!;
    private TestUser _clinician = null!;
    private TestUser _returning = null!;

    public async Task InitializeAsync()
    {
        _app = await StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["low-mood"], doesNotTreat: ["alcohol"]);
        _returning = await _app.AddStaffAsync("clin-2", "Robin Clinician", StaffRoles.Clinician, treats: ["worry"]);
        await _app.Get<ClientRecords>().CreateAsync(
            new ClientEnrolment("client-alex000001", BotTestApp.Tenant, "clin-2", "Alex Example", ClientStatus.Discharged, DateTimeOffset.UtcNow.AddYears(-1)),
            ClientProfile.New("client-alex000001", new PersonName("Alex", "Example")),
            default);
        await _app.Get<CaseloadRefresher>().RefreshAsync("client-alex000001", default);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Mid_intake_the_open_question_is_asked_again_and_every_earlier_answer_is_saved()
    {
        await RestoreAsync(_clinician, "new-client-at-treatment-note");

        var reply = await Say(_clinician, "CBT in 2023, helped");

        Assert.Contains(ScreeningDialog.PickedUpAgain, reply);
        Assert.Contains(CurrentInformationDialog.AskTreatmentNote, reply);
        Assert.Contains(CurrentInformationDialog.AskPastDiagnoses, await Say(_clinician, "CBT in 2023, helped"));
        Assert.Contains(ScreeningDialog.AskConcerns, await Say(_clinician, "skip"));
        await _app.SubmitAsync(_clinician, new { choices = "low-mood" });
        await Say(_clinician, "skip");
        Assert.Contains(ScreeningDialog.AskSave, ReplyText.All(await _app.SubmitAsync(_clinician, new { choice = ScreeningUrgency.Routine })));
        await _app.SubmitAsync(_clinician, new { choice = "yes" });

        var entry = Assert.Single(await CaseloadOf("clin-1"));
        var profile = (await _app.Get<ClientRecords>().GetProfileAsync(entry.ClientId, default))!.Value;
        Assert.Equal(new PersonName("Sam", "Example", "Sammy"), profile.Name);
        Assert.Null(profile.Pronouns);
        Assert.Equal("sam@example.org", profile.Contact.Email);
        Assert.Equal(new EmergencyContact("Jordan Example", "partner", "555 0100 123"), Assert.Single(profile.EmergencyContacts));
        Assert.Equal(new CommunityCareProvider(CareProviderRole.Psychiatrist, "Dr Lee Example"), Assert.Single(profile.CommunityCare));
        Assert.Equal("CBT in 2023, helped", Assert.Single(profile.PastTreatment).Description);
    }

    [Theory]
    [InlineData("new-client-at-preferred-name", "Sammy", CurrentInformationDialog.AskPreferredName)]
    [InlineData("new-client-at-concerns", null, ScreeningDialog.AskConcerns)]
    [InlineData("new-client-at-urgency", "soon", ScreeningDialog.AskUrgency)]
    [InlineData("new-client-at-refer-or-keep", "refer", ScreeningDialog.AskReferOrKeep)]
    [InlineData("new-client-at-referral-reason", "ok", ScreeningDialog.AskReferralReason)]
    [InlineData("new-client-at-save", "yes", ScreeningDialog.AskSave)]
    public async Task Each_open_question_is_asked_again_with_a_clear_word(string fixture, string? answer, string question)
    {
        await RestoreAsync(_clinician, fixture);

        var reply = answer is null ? await Submit(_clinician, new { choices = "low-mood" }) : await Say(_clinician, answer);

        Assert.StartsWith(ScreeningDialog.PickedUpAgain, reply, StringComparison.Ordinal);
        Assert.Contains(question, reply);
        Assert.Empty(await CaseloadOf("clin-1"));
    }

    [Fact]
    public async Task At_the_summary_the_referral_and_every_answer_are_kept_and_saved_once()
    {
        await RestoreAsync(_clinician, "new-client-at-save");

        var summary = await Say(_clinician, "yes");
        Assert.Contains("Screening summary for Sammy Example", summary);
        Assert.Contains("Referral to Community alcohol service (synthetic)", summary);
        var saved = await Submit(_clinician, new { choice = "yes" });

        Assert.Contains("status is now Referred", saved);
        var entry = Assert.Single(await CaseloadOf("clin-1"));
        Assert.Equal("client-mc23dngu4o", entry.ClientId);
        Assert.Equal(ClientStatus.Referred, entry.Status);
        var screening = Assert.Single(await _app.Get<ClientRecords>().ListScreeningsAsync(entry.ClientId, default));
        Assert.Equal(["low-mood", "alcohol", "self-harm-thoughts"], screening.PresentingConcerns);
        Assert.Equal("I feel flat", screening.ConcernsInOwnWords);
        Assert.Equal(ScreeningUrgency.Soon, screening.Urgency);
        Assert.True(screening.PriorTreatment);
        Assert.Equal("Community alcohol service (synthetic)", screening.ReferralDestination);
        Assert.StartsWith("This clinician does not treat alcohol use", screening.ReferralReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_the_referral_reason_ok_still_keeps_the_suggested_reason()
    {
        await RestoreAsync(_clinician, "new-client-at-referral-reason");

        Assert.Contains("Suggested reason: This clinician does not treat alcohol use", await Say(_clinician, "ok"));
        Assert.Contains(ScreeningDialog.AskReferralDestination, await Say(_clinician, "ok"));
        Assert.Contains(ScreeningDialog.AskSave, await Say(_clinician, "Community alcohol service (synthetic)"));
    }

    [Fact]
    public async Task A_returning_client_continues_from_prior_treatment_and_then_the_fit()
    {
        await RestoreAsync(_returning, "returning-client-at-prior-treatment");

        var reply = await Say(_returning, "no");
        Assert.Contains(ScreeningDialog.PickedUpAgain, reply);
        Assert.Contains(ScreeningDialog.AskPriorTreatment, reply);
        Assert.Contains(ScreeningDialog.AskTakeClient, await Say(_returning, "no"));
    }

    [Fact]
    public async Task A_returning_client_at_the_fit_question_is_kept_and_saved_to_their_record()
    {
        await RestoreAsync(_returning, "returning-client-at-take-client");

        Assert.Contains(ScreeningDialog.AskTakeClient, await Submit(_returning, new { choice = "yes" }));
        Assert.Contains("You confirmed you'll take this client on (gambling or other compulsive behaviour not on your list)", await Submit(_returning, new { choice = "yes" }));
        Assert.Contains("Screening saved to Alex Example's record", await Submit(_returning, new { choice = "yes" }));

        var screening = Assert.Single(await _app.Get<ClientRecords>().ListScreeningsAsync("client-alex000001", default));
        Assert.Equal(["worry", "gambling"], screening.PresentingConcerns);
        Assert.True(screening.FitsClinician);
        Assert.False(screening.PriorTreatment);
    }

    [Theory]
    [InlineData("""{"id":"screening.questions","state":{"options":{"concerns":5},"values":{},"stepIndex":0}}""")]
    [InlineData("""{"id":"screening.questions","state":{"options":{"newClient":true,"clientId":"client-x","displayName":"X","urgency":"whenever"},"values":{},"stepIndex":0}}""")]
    [InlineData("""{"id":"screening.from-a-later-version","state":{"values":{"anything":1},"stepIndex":4}}""")]
    [InlineData("""{"id":"screening.steps","state":{"values":{"concerns":"not a list"},"stepIndex":2}}""")]
    public async Task A_draft_that_cannot_be_read_ends_the_screening_with_a_clear_word_and_the_next_command_works(string inner)
    {
        await WriteStateAsync(_clinician, ScreeningStack(JsonNode.Parse(inner)));

        Assert.Equal(ScreeningDialog.LostTrack, await Say(_clinician, "routine"));
        Assert.Equal(BotReplies.NothingToCancel, await Say(_clinician, "cancel"));
        Assert.Empty(await CaseloadOf("clin-1"));
    }

    [Fact]
    public async Task An_intake_draft_that_cannot_be_read_stops_with_a_clear_word()
    {
        var intake = new JsonObject { ["id"] = "current-information.questions", ["state"] = new JsonObject { ["options"] = new JsonObject { ["givenName"] = new JsonArray() }, ["stepIndex"] = 0 } };
        var screening = new JsonObject { ["id"] = "screening.questions", ["state"] = new JsonObject { ["options"] = new JsonObject { ["newClient"] = true }, ["stepIndex"] = 0 } };
        var intakeStack = new JsonObject { ["dialogs"] = new JsonObject { ["dialogStack"] = new JsonArray(intake) } };
        await WriteStateAsync(_clinician, ScreeningStack(new JsonObject { ["id"] = CurrentInformationDialog.DialogId, ["state"] = intakeStack }, screening));

        var reply = await Say(_clinician, "Example");

        Assert.Contains(CurrentInformationDialog.LostTrack, reply);
        Assert.Contains(ScreeningDialog.NothingSaved, reply);
        Assert.Equal(BotReplies.NothingToCancel, await Say(_clinician, "cancel"));
    }

    private async Task RestoreAsync(TestUser user, string fixture)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ScreeningState", fixture + ".json");
        await WriteStateAsync(user, (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(path))!);
    }

    /// <summary>A conversation whose only dialog is a screening with this inner stack (the active dialog first).</summary>
    private static JsonObject ScreeningStack(params JsonNode?[] inner) => new()
    {
        ["DialogState"] = new JsonObject
        {
            ["dialogStack"] = new JsonArray(new JsonObject
            {
                ["id"] = ScreeningDialog.DialogId,
                ["state"] = new JsonObject { ["dialogs"] = new JsonObject { ["dialogStack"] = new JsonArray(inner) } },
            }),
        },
    };

    private Task WriteStateAsync(TestUser user, JsonObject document) =>
        _app.Get<IStorage>().WriteAsync(new Dictionary<string, StoreItem> { [$"msteams/conversations/{user.PersonalConversationId}"] = new(document, "*") });

    private async Task<string> Say(TestUser user, string text) => ReplyText.All(await _app.SayAsync(user, text));

    private async Task<string> Submit(TestUser user, object value) => ReplyText.All(await _app.SubmitAsync(user, value));

    private Task<IReadOnlyList<CaseloadEntry>> CaseloadOf(string clinicianId) => _app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, clinicianId, default);
}

public sealed class ScreeningResumeOnSqliteTests : ScreeningResumeTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class ScreeningResumeOnAzuriteTests(AzuriteFixture azurite) : ScreeningResumeTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
