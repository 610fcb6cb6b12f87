using BotCore.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Admin;
using TreatmentPlanBot.Features.Invitations;
using TreatmentPlanBot.Hosting;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;

namespace TreatmentPlanBot.Tests.Features.Admin;

/// <summary>In a local run an admin can run scheduled work now, so the demo does not wait a week; nowhere else.</summary>
public sealed class RunDueWorkTests
{
    [Fact]
    public async Task An_admin_runs_a_due_reminder_now_and_it_arrives_once()
    {
        await using var app = await BotTestApp.StartAsync();
        var admin = await app.AddStaffAsync("admin-1", "Avery Admin", StaffRoles.Admin);
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        var invitee = new TestUser("client-user-1", "Jordan Example");
        await app.SayAsync(invitee, "hello");
        var sender = app.Get<InvitationSender>();
        var invitation = await app.Get<TreatmentPlanBot.Features.Invitations.Invitations>().AddAsync(
            sender.Draft("inv-1", BotTestApp.Tenant, ClientId, invitee.UserId, invitee.Name, clinician.UserId), default);
        // Due in an hour: beyond the dispatcher's own poll, so only the command runs it.
        await app.Get<WorkScheduler>().ScheduleAsync(InvitationSender.ReminderId("inv-1"), "invitation-reminder", DateTimeOffset.UtcNow.AddHours(1),
            new InvitationDue(BotTestApp.Tenant, invitation.Value.Id), BotTestApp.Tenant);
        var before = SentTo(app, invitee).Count;

        var first = ReplyText.All(await app.SayAsync(admin, "run due work 2 hours"));
        var second = ReplyText.All(await app.SayAsync(admin, "run due work 2 hours"));

        Assert.Contains("Ran the work due within 2 hours: 1 found, 1 done", first);
        Assert.Equal("Nothing is due within 2 hours.", second);
        var reminders = SentTo(app, invitee).Skip(before).ToList();
        Assert.Single(reminders);
        Assert.Contains("A reminder: Casey Clinician invited you", ReplyText.Of(reminders[0]));
    }

    [Fact]
    public async Task Only_admins_may_run_due_work()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);

        var reply = ReplyText.All(await app.SayAsync(clinician, "run due work"));

        Assert.Equal(BotReplies.NotForYourRole("run due work", StaffRoles.Admin), reply);
    }

    [Fact]
    public void Outside_development_the_command_does_not_exist()
    {
        var production = WebApplication.CreateBuilder(["--environment", "Production"]);
        production.AddTreatmentPlanBot();
        var development = WebApplication.CreateBuilder(["--environment", "Development"]);
        development.AddTreatmentPlanBot();

        Assert.DoesNotContain(production.Services, d => d.ImplementationType == typeof(RunDueWorkCommand));
        Assert.Contains(development.Services, d => d.ImplementationType == typeof(RunDueWorkCommand));
    }

    [Theory]
    [InlineData("", 31 * 24)]
    [InlineData("4 days", 4 * 24)]
    [InlineData("2 hours", 2)]
    [InlineData("1d", 24)]
    public void The_horizon_is_read_from_what_was_typed(string typed, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), RunDueWorkCommand.Horizon(typed));
}
