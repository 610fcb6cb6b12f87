using System.Text.Json;
using BotCore.Schema;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.EndToEnd;

public sealed class GreetingAndHelpTests : IAsyncLifetime
{
    private BotTestApp _app = null!;

    public async Task InitializeAsync() => _app = await BotTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_new_member_in_a_personal_chat_is_greeted_once_with_a_pointer_to_help()
    {
        var clinician = await _app.AddStaffAsync("user-1", "Casey Clinician", StaffRoles.Clinician);
        var replies = await _app.JoinAsync(clinician);

        var greeting = Assert.Single(replies);
        Assert.Equal(BotReplies.PersonalGreeting, greeting.Text);
        Assert.Equal("a:personal-user-1", greeting.Conversation!.Id);
    }

    [Fact]
    public async Task A_linked_client_is_greeted_as_a_client_and_a_newcomer_hears_nothing_about_clinical_work()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await _app.Get<ClientRecords>().CreateAsync(
            new ClientEnrolment("client-1", BotTestApp.Tenant, clinician.UserId, "Sam Example", ClientStatus.Active, DateTimeOffset.UnixEpoch),
            TreatmentPlanning.Clients.ClientProfile.New("client-1", new TreatmentPlanning.Clients.PersonName("Sam", "Example")), default);
        await _app.Get<ClientUsers>().LinkAsync("client-1", BotTestApp.Tenant, "user-sam", default);

        var client = Assert.Single(await _app.JoinAsync(new TestUser("user-sam", "Sam Example")));
        var newcomer = Assert.Single(await _app.JoinAsync(new TestUser("user-new", "New Person")));

        Assert.Equal(BotReplies.ClientGreeting, client.Text);
        Assert.Equal(BotReplies.NewcomerGreeting, newcomer.Text);
        Assert.DoesNotContain("assessment", newcomer.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Help_lists_the_commands_a_clinician_may_use_on_a_card()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        var reply = Assert.Single(await _app.SayAsync(clinician, "help"));

        var card = reply.Attachments![0];
        Assert.Equal(ContentTypes.AdaptiveCard, card.ContentType);
        var facts = card.Content!.Value.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "FactSet");
        var commands = facts.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("title").GetString()).ToList();
        Assert.Contains("help", commands);
        Assert.Contains("setup", commands);
    }

    [Fact]
    public async Task Help_works_for_someone_not_enrolled_and_says_how_to_get_access()
    {
        var reply = Assert.Single(await _app.SayAsync(new TestUser("stranger", "Unknown Person"), "Help."));

        Assert.Contains("Ask your clinic's admin", ReplyText.Of(reply));
    }

    [Fact]
    public async Task In_a_group_chat_the_bot_answers_with_a_neutral_notice_and_nothing_else()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        var replies = await _app.SayAsync(clinician, "<at>TreatmentPlanBot</at> help", inGroupChat: true);

        var reply = Assert.Single(replies);
        Assert.Equal(BotReplies.PersonalChatOnly, ReplyText.Of(reply));
        Assert.Equal(BotTestApp.GroupConversationId, reply.Conversation!.Id);
    }

    [Fact]
    public async Task Something_unrecognised_gets_a_pointer_to_help_and_cancel_with_nothing_running_says_so()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        Assert.Equal(BotReplies.NotUnderstood, Assert.Single(await _app.SayAsync(clinician, "make me a sandwich")).Text);
        Assert.Equal(BotReplies.NothingToCancel, Assert.Single(await _app.SayAsync(clinician, "cancel")).Text);
    }

    [Fact]
    public async Task A_button_from_a_finished_conversation_changes_nothing_and_says_so()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        var reply = Assert.Single(await _app.SubmitAsync(clinician, new { promptId = "old", choice = "yes" }));

        Assert.Equal(BotReplies.ButtonFromFinishedConversation, reply.Text);
    }

    [Fact]
    public async Task An_unknown_card_verb_is_answered_in_the_invoke_response_without_error()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        var (status, body) = await _app.InvokeAsync(clinician, "no.such.verb", new { });

        Assert.Equal(200, status);
        Assert.Equal(ContentTypes.ActivityMessage, body.GetProperty("type").GetString());
        Assert.Equal(BotReplies.ButtonNoLongerActive, body.GetProperty("value").GetString());
    }
}
