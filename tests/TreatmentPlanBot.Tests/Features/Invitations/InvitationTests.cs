using System.Text.Json;
using BotCore.Scheduling;
using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Features.Invitations;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;

namespace TreatmentPlanBot.Tests.Features.Invitations;

/// <summary>A clinician invites a client's Teams account; only the invitee answers; the clinician hears what they chose.</summary>
public sealed class InvitationTests
{
    private static readonly TestUser Jordan = new("client-user-1", "Jordan Example");

    [Fact]
    public async Task A_found_and_confirmed_invitation_reaches_the_invitee_without_clinical_content_and_accepting_links_the_record()
    {
        var (app, installer) = await StartAsync();
        await using var _ = app;
        var clinician = await ClinicianInChatAsync(app);

        var invitationId = await InviteJordanAsync(app, clinician);

        Assert.Equal([Jordan.UserId], installer.Asked);
        var card = Assert.Single(SentTo(app, Jordan));
        var text = ReplyText.Of(card);
        Assert.Contains("Casey Clinician invited you to connect with me", text);
        Assert.Contains("Only Casey Clinician and their clinical supervisor see them", text);
        Assert.DoesNotContain("Alex", text);
        Assert.DoesNotContain("treatment plan", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PHQ", text);

        var (status, body) = await app.InvokeAsync(Jordan, InvitationActions.Accept, new { invitationId });

        Assert.Equal(200, status);
        Assert.StartsWith("Thank you. You're connected with Casey Clinician", body.GetProperty("value").GetString());
        Assert.Equal(ClientId, (await app.Get<ClientUsers>().FindAsync(BotTestApp.Tenant, Jordan.UserId, default))!.ClientId);
        Assert.Equal(Jordan.UserId, (await app.Get<ClientRecords>().GetEnrolmentAsync(ClientId, default))!.Value.ClientUserId);
        Assert.Equal(InvitationStatus.Accepted, (await app.Get<TreatmentPlanBot.Features.Invitations.Invitations>().FindAsync(BotTestApp.Tenant, invitationId, default))!.Value.Status);
        Assert.Single(SentTo(app, clinician), a => a.Text == "Jordan Example accepted your invitation: their Teams account is now linked to Alex Example's record.");

        var (_, again) = await app.InvokeAsync(Jordan, InvitationActions.Accept, new { invitationId });
        Assert.StartsWith("You already accepted this invitation", again.GetProperty("value").GetString());
        Assert.Single(SentTo(app, clinician), a => a.Text?.Contains("accepted your invitation", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Declining_links_nothing_and_tells_the_clinician()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var clinician = await ClinicianInChatAsync(app);
        var invitationId = await InviteJordanAsync(app, clinician);

        var reply = await app.SubmitAsync(Jordan, new { verb = InvitationActions.Decline, invitationId });

        Assert.Contains("You declined, and nothing was connected", ReplyText.Of(SentTo(app, Jordan).Last()));
        Assert.Null(await app.Get<ClientUsers>().FindAsync(BotTestApp.Tenant, Jordan.UserId, default));
        Assert.Single(SentTo(app, clinician), a => a.Text?.StartsWith("Jordan Example declined your invitation", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Someone_else_pressing_accept_gets_the_neutral_refusal_and_nothing_changes()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var clinician = await ClinicianInChatAsync(app);
        var invitationId = await InviteJordanAsync(app, clinician);
        var stranger = new TestUser("someone-else", "Drew Stranger");

        var (_, body) = await app.InvokeAsync(stranger, InvitationActions.Accept, new { invitationId });
        var (_, byClinician) = await app.InvokeAsync(clinician, InvitationActions.Accept, new { invitationId });

        Assert.Equal(AccessDecision.RefusalMessage, body.GetProperty("value").GetString());
        Assert.Equal(AccessDecision.RefusalMessage, byClinician.GetProperty("value").GetString());
        Assert.Equal(InvitationStatus.Pending, (await app.Get<TreatmentPlanBot.Features.Invitations.Invitations>().FindAsync(BotTestApp.Tenant, invitationId, default))!.Value.Status);
        Assert.Null((await app.Get<ClientRecords>().GetEnrolmentAsync(ClientId, default))!.Value.ClientUserId);
    }

    [Fact]
    public async Task None_of_these_asks_again_and_a_directory_failure_is_explained()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var clinician = await ClinicianInChatAsync(app);
        await app.SayAsync(clinician, "invite Alex");
        await app.SayAsync(clinician, "Jordan");

        var again = ReplyText.All(await app.SayAsync(clinician, "None of these"));
        Assert.Contains("Who is Alex Example in your organisation's directory?", again);

        var nobody = ReplyText.All(await app.SayAsync(clinician, "Zed"));
        Assert.Contains("I couldn't find that person in your organisation's directory", nobody);
        Assert.Contains("Who is Alex Example", nobody);

        app.Services.GetRequiredService<FakeDirectory>().Failure = new(DirectoryOutcome.Forbidden, null, 403);
        var forbidden = ReplyText.All(await app.SayAsync(clinician, "Jordan"));
        Assert.Contains("Ask your Teams admin", forbidden);
        Assert.Empty(SentTo(app, Jordan));
    }

    [Fact]
    public async Task One_reminder_goes_after_the_configured_days_and_an_unanswered_invitation_expires_and_the_clinician_is_told()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var clinician = await ClinicianInChatAsync(app);
        var invitationId = await InviteJordanAsync(app, clinician);
        var dispatcher = app.Get<ScheduledWorkDispatcher>();

        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(4));
        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(4));

        Assert.Equal(2, SentTo(app, Jordan).Count);
        Assert.Contains("A reminder: Casey Clinician invited you", ReplyText.Of(SentTo(app, Jordan)[1]));
        Assert.Equal(InvitationStatus.Pending, (await app.Get<TreatmentPlanBot.Features.Invitations.Invitations>().FindAsync(BotTestApp.Tenant, invitationId, default))!.Value.Status);

        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddDays(15));

        Assert.Equal(InvitationStatus.Expired, (await app.Get<TreatmentPlanBot.Features.Invitations.Invitations>().FindAsync(BotTestApp.Tenant, invitationId, default))!.Value.Status);
        Assert.Single(SentTo(app, clinician), a => a.Text?.StartsWith("Your invitation to Jordan Example (for Alex Example's record) expired", StringComparison.Ordinal) == true);
        var (_, body) = await app.InvokeAsync(Jordan, InvitationActions.Accept, new { invitationId });
        Assert.StartsWith("This invitation has expired", body.GetProperty("value").GetString());
        Assert.Equal(2, SentTo(app, Jordan).Count);
    }

    private static async Task<TestUser> ClinicianInChatAsync(BotTestApp app)
    {
        var clinician = await ClinicianAsync(app);
        await app.SayAsync(clinician, "help");
        await EnrolAsync(app);
        return clinician;
    }

    /// <summary>invite Alex → Jordan → the first person → yes; returns the invitation id from the card Jordan got.</summary>
    private static async Task<string> InviteJordanAsync(BotTestApp app, TestUser clinician)
    {
        Assert.Contains("Who is Alex Example in your organisation's directory?", ReplyText.All(await app.SayAsync(clinician, "invite Alex")));
        var choices = await app.SayAsync(clinician, "Jordan");
        Assert.Contains("Which person is it?", ReplyText.All(choices));
        Assert.Contains("Jordan Example (jordan@example.test)", JsonSerializer.Serialize(choices, BotJson.Options));
        Assert.Contains("Invite Jordan Example (jordan@example.test) to connect with you as Alex Example?", ReplyText.All(await app.SayAsync(clinician, "1")));
        var sent = ReplyText.All(await app.SayAsync(clinician, "yes"));
        Assert.Contains("Invitation: Jordan Example got your invitation in their chat with me.", sent);
        var card = SentTo(app, Jordan).First().Attachments![0].Content!.Value;
        return card.GetProperty("actions")[0].GetProperty("data").GetProperty("invitationId").GetString()!;
    }

    private static async Task<(BotTestApp, FakeInstaller)> StartAsync()
    {
        var installer = new FakeInstaller();
        installer.Knows(Jordan.UserId);
        var directory = new FakeDirectory(new Person(BotTestApp.Tenant, Jordan.UserId, Jordan.Name, "jordan@example.test"), new Person(BotTestApp.Tenant, "other-1", "Jordan Other", null));
        var app = await BotTestApp.StartAsync(services: s =>
        {
            s.AddSingleton<ITeamsAppInstaller>(installer);
            s.AddSingleton(directory);
            s.AddSingleton<IPeopleDirectory>(directory);
        });
        installer.ServiceUrl = app.Connector.ServiceUrl;
        return (app, installer);
    }
}
