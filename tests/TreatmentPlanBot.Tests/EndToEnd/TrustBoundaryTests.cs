using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.EndToEnd;

/// <summary>What reaches the clinic's bot: Teams only, the clinician's Entra identity only, replies only to Teams.</summary>
public sealed class TrustBoundaryTests : IAsyncLifetime
{
    private BotTestApp _app = null!;

    public async Task InitializeAsync() => _app = await BotTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_sender_who_only_names_a_clinicians_id_in_from_id_is_not_taken_for_that_clinician()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician | StaffRoles.Admin);
        var posing = _app.MessageFrom(clinician) with { Text = "caseload", From = new ChannelAccount { Id = "clin-1", Name = "Casey Clinician" } };

        var reply = Assert.Single(await _app.SendAsync(posing));

        Assert.Equal(BotReplies.UnknownSender, ReplyText.Of(reply));
    }

    [Fact]
    public async Task A_message_from_another_channel_is_refused_before_the_bot_runs()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var webChat = _app.MessageFrom(clinician) with { Text = "caseload", ChannelId = "webchat" };

        var status = await _app.PostAsync(JsonSerializer.Serialize(webChat, BotJson.Options));

        Assert.Equal(403, status);
        Assert.Empty(_app.Connector.Calls);
    }

    [Fact]
    public async Task A_message_from_an_untrusted_service_url_is_refused_and_its_address_is_never_stored_for_alerts()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var fromAttacker = _app.MessageFrom(clinician) with { Text = "help", ServiceUrl = "https://attacker.example.test/amer/" };

        var status = await _app.PostAsync(JsonSerializer.Serialize(fromAttacker, BotJson.Options));
        var stored = await _app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, clinician.UserId, CancellationToken.None);

        Assert.Equal(403, status);
        Assert.Null(stored);
        Assert.Empty(_app.Connector.Calls);

        await _app.SayAsync(clinician, "help");
        stored = await _app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, clinician.UserId, CancellationToken.None);
        Assert.Equal(_app.Connector.ServiceUrl, stored!.Value.Reference.ServiceUrl);
    }

    [Theory]
    [InlineData("tenant is a string")]
    [InlineData("no from")]
    [InlineData("no conversation id")]
    public async Task A_malformed_activity_gets_400_and_no_apology(string flaw)
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var node = JsonSerializer.SerializeToNode(_app.MessageFrom(clinician) with { Text = "help" }, BotJson.Options)!.AsObject();
        switch (flaw)
        {
            case "tenant is a string": node["channelData"]!["tenant"] = BotTestApp.Tenant; break;
            case "no from": node.Remove("from"); break;
            case "no conversation id": node["conversation"]!.AsObject().Remove("id"); break;
        }

        var status = await _app.PostAsync(node.ToJsonString());

        Assert.Equal(400, status);
        Assert.Empty(_app.Connector.Calls);
    }
}
