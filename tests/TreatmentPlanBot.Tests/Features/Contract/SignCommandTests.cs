using BotCore.Scheduling;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using Conversation = TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.LinkedClient;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Contract;

/// <summary>
/// "sign [client]" typed by the clinician, "sign" typed by the client, and the follow-up of a version left unsigned: one
/// reminder to the client, then a word to the clinician. Over HTTP against the real app, the scheduler run looking ahead.
/// </summary>
public abstract class SignCommandTests
{
    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Sign_jordan_signs_as_clinician_and_sends_the_version_to_the_client_once_however_often_it_is_typed()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        var nothingYet = ReplyText.All(await app.SayAsync(JordanUser, "sign"));

        var first = PlanCardText(await app.SayAsync(clinician, "sign Jordan"));
        var again = PlanCardText(await app.SayAsync(clinician, "sign Jordan"));

        Assert.Contains("Nothing is waiting for your signature right now", nothingYet);
        Assert.Contains("You signed version 1.", first);
        Assert.Contains("Version 1 sent to Jordan Example to read and sign", first);
        Assert.Contains("You already signed version 1", again);
        var plan = (await StoredPlanAsync(app, Jordan)).Value;
        Assert.Single(plan.Signatures, s => s.Role == SignerRole.Clinician);
        Assert.Single(SigningCards(app));
    }

    [Fact]
    public async Task The_client_typing_sign_gets_the_card_for_the_version_sent_and_after_signing_is_told_nothing_waits()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        await app.SayAsync(clinician, "sign Jordan");

        var card = CardOf(Assert.Single(await app.SayAsync(JordanUser, "sign")));
        Assert.Contains("Sign version 1", Text(card));
        var data = Assert.Single(Actions(card), a => a.Verb == TreatmentPlanBot.Features.Signing.ClientSigningActions.Sign).Data;
        await app.InvokeAsync(JordanUser, TreatmentPlanBot.Features.Signing.ClientSigningActions.Sign, new
        {
            clientId = Jordan,
            version = data.GetProperty("version").ToString(),
            contentHash = data.GetProperty("contentHash").GetString(),
            typedName = "Jordan Example",
            agree = "true",
        });

        Assert.Contains("You have already signed version 1", ReplyText.All(await app.SayAsync(JordanUser, "sign")));
        Assert.True(PlanSigning.IsFullySigned((await StoredPlanAsync(app, Jordan)).Value, supervisorCoSigns: false));
    }

    [Fact]
    public async Task Sign_alone_with_several_clients_asks_which_one()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        await EnrolAsync(app, "client-robin", "clin-1", "Robin", "Example");

        var which = ReplyText.All(await app.SayAsync(clinician, "sign"));
        var asked = ReplyText.All(await app.SayAsync(clinician, "Example"));

        Assert.Contains("Which client?", which);
        Assert.Contains("Several of your clients match \"Example\". Which one do you want to sign the plan of?", asked);
        Assert.Empty((await StoredPlanAsync(app, Jordan)).Value.Signatures);
    }

    [Fact]
    public async Task An_unsigned_version_gets_one_reminder_then_the_clinician_hears_once_that_it_is_unsigned()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        await app.SayAsync(clinician, "sign Jordan");

        await RunDueAsync(app, days: 3.5);
        await RunDueAsync(app, days: 3.5);
        Assert.Single(Conversation.SentTo(app, JordanUser), a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("A reminder: Casey Clinician sent you version 1"));
        Assert.Equal(2, SigningCards(app).Count);

        await RunDueAsync(app, days: 8);
        await RunDueAsync(app, days: 8);

        var word = Assert.Single(Conversation.SentTo(app, clinician), a => a.Text?.Contains("hasn't signed", StringComparison.Ordinal) == true);
        Assert.Contains("Jordan Example hasn't signed version 1 of their plan, sent 7 days ago", word.Text);
        Assert.Equal(2, SigningCards(app).Count);
    }

    [Fact]
    public async Task A_version_signed_before_the_reminder_sends_no_reminder_and_no_word_to_the_clinician()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        await app.SayAsync(clinician, "sign Jordan");
        var plan = (await StoredPlanAsync(app, Jordan)).Value;
        var opened = await app.Get<ClientFiles>().OpenToSignAsync(new Caller(BotTestApp.Tenant, JordanUser.UserId, null, true), Jordan, SignerRole.Client, "test", default);
        await opened.File!.SignAsync(plan.Version, plan.ContentHash, "Jordan Example", app.Get<TimeProvider>().GetUtcNow(), default);

        await RunDueAsync(app, days: 8);

        Assert.Single(SigningCards(app));
        Assert.DoesNotContain(Conversation.SentTo(app, clinician), a => a.Text?.Contains("hasn't signed", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_client_who_blocked_the_bot_gets_no_reminder_and_the_clinician_learns_they_cannot_be_reached()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        await app.SayAsync(clinician, "sign Jordan");
        app.Connector.Blocked[JordanUser.PersonalConversationId] = true;

        await RunDueAsync(app, days: 3.5);
        await RunDueAsync(app, days: 3.5);

        Assert.Single(SigningCards(app));
        var word = Assert.Single(Conversation.SentTo(app, clinician), a => a.Text?.Contains("I couldn't remind Jordan Example to sign version 1", StringComparison.Ordinal) == true);
        Assert.Contains("has blocked or removed me in Teams", word.Text);
    }

    private static async Task<TestUser> ArrangeAsync(BotTestApp app)
    {
        var (clinician, _) = await CareTeamAsync(app);
        await JordanLinkedAsync(app);
        await app.SayAsync(JordanUser, "help");
        return clinician;
    }

    // The reply in the clinician's turn is their plan card; the client's proactive card arrives in the same run.
    private static string PlanCardText(IReadOnlyList<BotCore.Schema.Activity> replies) =>
        Text(CardOf(Assert.Single(replies, a => a.Attachments is { Count: > 0 } && !Text(CardOf(a)).Contains("Your treatment plan"))));

    private static Task RunDueAsync(BotTestApp app, double days) =>
        app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(app.Get<TimeProvider>().GetUtcNow().AddDays(days));

    private List<BotCore.Schema.Activity> SigningCards(BotTestApp app) =>
        [.. Conversation.SentTo(app, JordanUser).Where(a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("Sign version"))];
}

public sealed class SignCommandOnSqliteTests : SignCommandTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class SignCommandOnAzuriteTests(AzuriteFixture azurite) : SignCommandTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
