using BotCore.Scheduling;
using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;

namespace TreatmentPlanBot.Tests.Notifications;

/// <summary>The one notifier: once per recipient, the record's access decides what a message says, and what a turn cannot finish the scheduler does.</summary>
public sealed class NotifierTests
{
    [Fact]
    public async Task The_same_notification_twice_at_once_reaches_each_recipient_once_and_both_callers_hear_the_outcome()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var supervisor = await SupervisorInChatAsync(app);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await app.SayAsync(clinician, "help");
        await EnrolAsync(app);
        var notifier = app.Get<Notifier>();
        var notification = Hello("hello-1") with { Audience = Audience.ClinicianOfRecord | Audience.Supervisor };

        var reports = await Task.WhenAll(notifier.NotifyAsync(notification, default), notifier.NotifyAsync(notification, default));
        await notifier.NotifyAsync(notification, default);

        Assert.Single(SentTo(app, supervisor), a => a.Text?.StartsWith("Hello", StringComparison.Ordinal) == true);
        Assert.Single(SentTo(app, clinician), a => a.Text?.StartsWith("Hello", StringComparison.Ordinal) == true);
        Assert.All(reports, r => Assert.All(r.Deliveries, d => Assert.Equal(DeliveryState.Sent, d.State)));
        Assert.Equal("Casey Clinician and Sam Supervisor got hello in their chat with me", notifier.Summary(notification, reports[0]));
    }

    [Fact]
    public async Task A_message_names_the_client_only_to_a_recipient_allowed_to_read_the_record()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var supervisor = await SupervisorInChatAsync(app);
        var colleague = await app.AddStaffAsync("clin-2", "Drew Colleague", StaffRoles.Clinician);
        await app.SayAsync(colleague, "help");
        await ClinicianAsync(app, supervisorId: "sup-1");
        await EnrolAsync(app);

        await app.Get<Notifier>().NotifyAsync(Hello("hello-2") with { Audience = Audience.Supervisor, NamedUsers = [new NamedRecipient(colleague.UserId, null)] }, default);

        Assert.Contains("may read: True", Assert.Single(SentTo(app, supervisor), a => a.Text?.StartsWith("Hello", StringComparison.Ordinal) == true).Text);
        Assert.Contains("may read: False", Assert.Single(SentTo(app, colleague), a => a.Text?.StartsWith("Hello", StringComparison.Ordinal) == true).Text);
    }

    [Fact]
    public async Task A_recipient_the_turn_cannot_reach_is_tried_again_by_the_scheduler_once_and_the_sender_is_told_in_their_chat()
    {
        var (app, installer) = await StartAsync();
        await using var __ = app;
        var supervisor = await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        installer.People[supervisor.UserId] = new DirectoryResult<ConversationReference>(DirectoryOutcome.Failed, null, 200, DirectoryErrorCodes.InstallationNotVisible);
        var clinician = await ClinicianAsync(app, supervisorId: "sup-1");
        await app.SayAsync(clinician, "help");
        await EnrolAsync(app);
        var notifier = app.Get<Notifier>();
        var notification = Hello("hello-3") with { Audience = Audience.Supervisor, SenderUserId = clinician.UserId };

        var report = await notifier.NotifyAsync(notification, default);

        Assert.Equal("I'm still trying to reach Sam Supervisor; I'll tell you here", notifier.Summary(notification, report));
        Assert.Empty(SentTo(app, supervisor));

        installer.Knows(supervisor.UserId);
        var dispatcher = app.Get<ScheduledWorkDispatcher>();
        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddHours(1));
        await dispatcher.RunDueNowAsync(DateTimeOffset.UtcNow.AddHours(1));

        Assert.Single(SentTo(app, supervisor), a => a.Text?.StartsWith("Hello", StringComparison.Ordinal) == true);
        Assert.Single(SentTo(app, clinician), a => a.Text == "About your hello: Sam Supervisor got hello in their chat with me.");
        var delivery = await app.Get<NotificationStore>().FindDeliveryAsync("hello-3", supervisor.UserId, default);
        Assert.Equal(DeliveryState.Sent, delivery!.Value.State);
    }

    private static Notification Hello(string id) => new(id, HelloKind.Name, BotTestApp.Tenant) { ClientId = ClientId };

    private static Task<(BotTestApp, FakeInstaller)> StartAsync() =>
        StartWithKindAsync();

    private static async Task<(BotTestApp, FakeInstaller)> StartWithKindAsync()
    {
        var installer = new FakeInstaller();
        var app = await BotTestApp.StartAsync(services: s =>
        {
            s.AddNotificationKind<HelloKind>();
            s.AddSingleton<TreatmentPlanBot.People.ITeamsAppInstaller>(installer);
        });
        installer.ServiceUrl = app.Connector.ServiceUrl;
        return (app, installer);
    }

    /// <summary>A notification that says whether its recipient may read the record.</summary>
    private sealed class HelloKind : INotificationKind
    {
        public const string Name = "hello";

        public string Kind => Name;

        public string Noun => "hello";

        public string NotReachedLead => "not greeted";

        public string ReachedPhrase => "got hello";

        public Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken) =>
            Task.FromResult<Activity?>(ActivityExtensions.CreateMessage($"Hello {recipient.DisplayName} (may read: {recipient.MayReadRecord})"));
    }
}
