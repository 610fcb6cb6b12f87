using System.Text.Json;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Signing;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using Conversation = TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.LinkedClient;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Contract;

/// <summary>The plan as a contract, over HTTP against the real app: sending for signature, signing, co-signing, new versions.</summary>
public abstract class SigningTests
{
    private const string Robin = "client-robin";
    private readonly TestUser _robin = new("user-robin", "Robin Example");

    protected abstract Task<BotTestApp> StartAsync(bool coSign);

    [Fact]
    public async Task The_client_signs_the_version_they_were_sent_then_the_clinician_and_the_card_shows_it_fully_signed()
    {
        await using var app = await StartAsync(coSign: false);
        var (clinician, _) = await ArrangeAsync(app);

        var sent = Text(CardOf(await PressAsync(app, clinician, SigningActions.Request)));
        Assert.Contains("Version 1 sent to Jordan Example to read and sign", sent);
        var signCard = SigningCardOf(app);
        Assert.Contains("Sign version 1", Text(signCard));
        Assert.DoesNotContain("Low mood most days", Text(signCard));

        var first = Text(CardOf(await ClientSignAsync(app, signCard, "Jordan Example")));
        var second = Text(CardOf(await ClientSignAsync(app, signCard, "Jordan Example")));
        Assert.Contains("you signed version 1 of your plan", first);
        Assert.Contains("You already signed version 1", second);
        Assert.Single((await StoredPlanAsync(app, Jordan)).Value.Signatures, s => s.Role == SignerRole.Client);
        Assert.Contains(Conversation.SentTo(app, clinician), a => a.Text?.Contains("Jordan Example signed version 1 of Jordan Example's plan", StringComparison.Ordinal) == true);

        var signed = Text(CardOf(await PressAsync(app, clinician, SigningActions.SignAsClinician)));
        Assert.Contains("You signed version 1. Version 1 is now fully signed.", signed);
        Assert.Contains("Version 1 is fully signed", signed);
        Assert.Contains("Jordan Example (client) signed", signed);
        Assert.Contains("“Jordan Example”", signed);
        var plan = (await StoredPlanAsync(app, Jordan)).Value;
        Assert.True(PlanSigning.IsFullySigned(plan, supervisorCoSigns: false));
        Assert.All(plan.Signatures, s => Assert.Equal(plan.ContentHash, s.ContentHash));
        Assert.Contains(await app.Get<AuditLog>().ListAsync(Jordan, default), e => e.ActorId == JordanUser.UserId && e.Action == "SignAsClient" && e.Allowed);
    }

    [Fact]
    public async Task An_edit_makes_a_new_unsigned_version_and_a_signature_on_the_old_version_is_refused()
    {
        await using var app = await StartAsync(coSign: false);
        var (clinician, _) = await ArrangeAsync(app);
        await PressAsync(app, clinician, SigningActions.Request);
        var oldCard = SigningCardOf(app);
        var oldPlanCard = CardOf(await app.InvokeAsync(clinician, "plan.show", new { clientId = Jordan }));
        await PressAsync(app, clinician, SigningActions.SignAsClinician);

        var stored = await StoredPlanAsync(app, Jordan);
        var edited = stored.Value.UpdateObjective(stored.Value.FindObjective("obj-1") with { Behaviour = "Fewer low days, measured every week" });
        await app.Get<ClientRecords>().SavePlanAsync(edited, stored.ETag, default);

        var refused = Text(CardOf(await ClientSignAsync(app, oldCard, "Jordan Example")));
        Assert.Contains("earlier version of your plan, so nothing was signed", refused);
        Assert.Contains("Fewer low days, measured every week", refused);
        var stale = Text(CardOf(await PressWithAsync(app, clinician, SigningActions.SignAsClinician, oldPlanCard)));
        Assert.Contains(SigningActions.Outdated, stale);
        var card = Text(CardOf(await app.InvokeAsync(clinician, "plan.show", new { clientId = Jordan })));
        Assert.Contains("Version 2 still needs: the client's signature, your signature", card);
        Assert.Contains("Version 1: signed by Casey Clinician (clinician)", card);
        var plan = (await StoredPlanAsync(app, Jordan)).Value;
        Assert.Equal(2, plan.Version);
        Assert.Empty(plan.Signatures);
    }

    [Fact]
    public async Task Where_the_clinic_requires_it_the_supervisor_co_signs_from_their_chat_and_only_then_is_it_fully_signed()
    {
        await using var app = await StartAsync(coSign: true);
        var (clinician, supervisor) = await ArrangeAsync(app);
        await PressAsync(app, clinician, SigningActions.Request);
        await ClientSignAsync(app, SigningCardOf(app), "Jordan Example");

        var signed = Text(CardOf(await PressAsync(app, clinician, SigningActions.SignAsClinician)));
        Assert.Contains("Version 1 still needs: the supervisor's co-signature", signed);
        var queue = app.Get<CoSignatureQueue>();
        var caller = new Caller(BotTestApp.Tenant, supervisor.UserId, null, true);
        Assert.Equal(Jordan, Assert.Single(await queue.AwaitingAsync(caller, default)).ClientId);
        var cosignCard = Assert.Single(Conversation.SentTo(app, supervisor), a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("Co-signature needed"));
        var button = Assert.Single(Actions(CardOf(cosignCard)), a => a.Verb == SigningActions.CoSign);

        var cosigned = Text(CardOf(await app.InvokeAsync(supervisor, SigningActions.CoSign, button.Data)));
        Assert.Contains("You co-signed version 1.", cosigned);
        Assert.Contains("Version 1 is fully signed", cosigned);
        Assert.Empty(await queue.AwaitingAsync(caller, default));
        Assert.Contains(Conversation.SentTo(app, clinician), a => a.Text?.Contains("Your supervisor signed version 1", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Only_the_clinician_of_record_sends_and_signs_only_the_client_signs_their_own_and_a_group_chat_shows_nothing()
    {
        await using var app = await StartAsync(coSign: false);
        var (clinician, supervisor) = await ArrangeAsync(app);
        var colleague = await app.AddStaffAsync("clin-2", "Gale Colleague", StaffRoles.Clinician);
        var data = SigningData(CardOf(await app.InvokeAsync(clinician, "plan.show", new { clientId = Jordan })));

        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await app.InvokeAsync(colleague, SigningActions.Request, data)));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await app.InvokeAsync(colleague, SigningActions.SignAsClinician, data)));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await app.InvokeAsync(supervisor, SigningActions.SignAsClinician, data)));
        var robinSigns = new { clientId = Jordan, version = "1", contentHash = data["contentHash"], typedName = "Robin Example", agree = "true" };
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await app.InvokeAsync(_robin, ClientSigningActions.Sign, robinSigns)));
        var group = await app.InvokeAsync(clinician, SigningActions.Request, data, inGroupChat: true);
        Assert.DoesNotContain("Jordan", group.Body.ToString());
        Assert.Empty((await StoredPlanAsync(app, Jordan)).Value.Signatures);
        Assert.DoesNotContain(Conversation.SentTo(app, JordanUser), a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("Sign version"));
    }

    [Fact]
    public async Task A_client_who_blocked_the_bot_is_marked_and_the_clinician_is_told_in_words()
    {
        await using var app = await StartAsync(coSign: false);
        var (clinician, _) = await ArrangeAsync(app);
        app.Connector.Blocked[JordanUser.PersonalConversationId] = true;

        var said = Text(CardOf(await PressAsync(app, clinician, SigningActions.Request)));

        Assert.Contains("was not sent to Jordan Example to sign", said);
        Assert.Contains("has blocked or removed me in Teams", said);
        Assert.Equal(Reachability.Blocked, (await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, JordanUser.UserId, default))!.Value.Reachability);
    }

    [Fact]
    public async Task The_header_says_who_signed_this_version_and_who_it_waits_for_until_fully_signed_and_an_edit_unsigns_it()
    {
        await using var app = await StartAsync(coSign: true);
        var (clinician, supervisor) = await ArrangeAsync(app);
        async Task<string> CardFor(TestUser user) => Text(CardOf(await app.InvokeAsync(user, "plan.show", new { clientId = Jordan })));

        Assert.Contains("Version 1 · not signed yet", await CardFor(clinician));
        await PressAsync(app, clinician, SigningActions.SignAsClinician);
        Assert.Contains("Version 1 · signed by you, waiting for Jordan Example and your supervisor", await CardFor(clinician));
        Assert.Contains("Version 1 · signed by Casey Clinician, waiting for Jordan Example and you", await CardFor(supervisor));
        Assert.DoesNotContain("fully signed", await CardFor(clinician));

        await PressAsync(app, clinician, SigningActions.Request);
        await ClientSignAsync(app, SigningCardOf(app), "Jordan Example");
        var clientSigned = await CardFor(clinician);
        Assert.Contains("Version 1 · signed by Jordan Example and you, waiting for your supervisor", clientSigned);
        Assert.DoesNotContain("waiting for their signature", clientSigned);

        await PressAsync(app, supervisor, SigningActions.CoSign);
        Assert.Contains("Version 1 · fully signed (client, clinician, supervisor)", await CardFor(clinician));

        var stored = await StoredPlanAsync(app, Jordan);
        await app.Get<ClientRecords>().SavePlanAsync(stored.Value.UpdateObjective(stored.Value.FindObjective("obj-1") with { Behaviour = "Fewer low days, measured every week" }), stored.ETag, default);
        var edited = await CardFor(clinician);
        Assert.Contains("Version 2 · not signed (changed since version 1 was signed)", edited);
        Assert.Contains("Send for signature", edited);
    }

    [Fact]
    public async Task Once_sent_the_card_says_it_waits_for_the_client_and_a_stale_send_button_sends_nothing_twice()
    {
        await using var app = await StartAsync(coSign: false);
        var (clinician, _) = await ArrangeAsync(app);
        var oldCard = CardOf(await app.InvokeAsync(clinician, "plan.show", new { clientId = Jordan }));

        var sent = CardOf(await PressWithAsync(app, clinician, SigningActions.Request, oldCard));
        Assert.Contains("Sent to Jordan Example on ", Text(sent));
        Assert.Contains("waiting for their signature", Text(sent));
        Assert.DoesNotContain(Actions(sent), a => a.Verb == SigningActions.Request);

        var stale = Text(CardOf(await PressWithAsync(app, clinician, SigningActions.Request, oldCard)));
        Assert.Contains("Version 1 was already sent to Jordan Example on ", stale);
        Assert.Contains("nothing was sent again", stale);
        SigningCardOf(app);
    }

    private async Task<(TestUser Clinician, TestUser Supervisor)> ArrangeAsync(BotTestApp app)
    {
        var team = await CareTeamAsync(app);
        await JordanLinkedAsync(app);
        await EnrolAsync(app, Robin, "clin-1", "Robin", "Example");
        await app.Get<ClientUsers>().LinkAsync(Robin, BotTestApp.Tenant, _robin.UserId, default);
        await app.SayAsync(JordanUser, "help");
        return team;
    }

    private static async Task<(int Status, JsonElement Body)> PressAsync(BotTestApp app, TestUser clinician, string verb) =>
        await PressWithAsync(app, clinician, verb, CardOf(await app.InvokeAsync(clinician, "plan.show", new { clientId = Jordan })));

    private static Task<(int Status, JsonElement Body)> PressWithAsync(BotTestApp app, TestUser user, string verb, JsonElement planCard) =>
        app.InvokeAsync(user, verb, Assert.Single(Actions(planCard), a => a.Verb == verb).Data);

    private static Dictionary<string, string?> SigningData(JsonElement planCard) =>
        Assert.Single(Actions(planCard), a => a.Verb == SigningActions.Request).Data.EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.ToString());

    private JsonElement SigningCardOf(BotTestApp app) =>
        CardOf(Assert.Single(Conversation.SentTo(app, JordanUser), a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("Sign version")));

    private Task<(int Status, JsonElement Body)> ClientSignAsync(BotTestApp app, JsonElement signCard, string typedName)
    {
        var data = Assert.Single(Actions(signCard), a => a.Verb == ClientSigningActions.Sign).Data;
        return app.InvokeAsync(JordanUser, ClientSigningActions.Sign, new
        {
            clientId = data.GetProperty("clientId").GetString(),
            version = data.GetProperty("version").ToString(),
            contentHash = data.GetProperty("contentHash").GetString(),
            typedName,
            agree = "true",
        });
    }
}

public sealed class SigningOnSqliteTests : SigningTests
{
    protected override Task<BotTestApp> StartAsync(bool coSign) =>
        BotTestApp.StartAsync(TestStorage.Sqlite, settings: new Dictionary<string, string?> { ["Plans:SupervisorCoSignRequired"] = coSign ? "true" : "false" });
}

[Collection(AppAzuriteCollection.Name)]
public sealed class SigningOnAzuriteTests(AzuriteFixture azurite) : SigningTests
{
    protected override Task<BotTestApp> StartAsync(bool coSign) =>
        BotTestApp.StartAsync(TestStorage.Azurite, azurite, new Dictionary<string, string?> { ["Plans:SupervisorCoSignRequired"] = coSign ? "true" : "false" });
}
