using System.Text.Json;
using BotCore.Scheduling;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.Feedback;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using Conversation = TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.LinkedClient;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Contract;

/// <summary>
/// An unanswered feedback request: one reminder in the client's chat after SessionFeedback:RemindAfter, then at expiry a
/// neutral word to the clinician (not a flag). Run through the real scheduler looking ahead, over HTTP against the real app.
/// </summary>
public abstract class FeedbackReminderTests
{
    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task An_unanswered_request_gets_one_reminder_then_expires_once_and_the_clinician_reads_it_as_unanswered()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        await app.SayAsync(clinician, "session done Jordan");

        await RunDueAsync(app, days: 2.5);
        await RunDueAsync(app, days: 2.5);

        var reminder = Assert.Single(Reminders(app));
        Assert.Contains("Only Casey Clinician sees your answers", Text(reminder));
        Assert.DoesNotContain(Conversation.SentTo(app, clinician), a => a.Text?.Contains("didn't answer the feedback", StringComparison.Ordinal) == true);

        await RunDueAsync(app, days: 4);
        await RunDueAsync(app, days: 4);

        var expired = Assert.Single(Conversation.SentTo(app, clinician), a => a.Text?.Contains("didn't answer the feedback", StringComparison.Ordinal) == true);
        Assert.Contains("Jordan Example didn't answer the feedback on the session of", expired.Text);
        Assert.Contains("expired unanswered", expired.Text);
        Assert.DoesNotContain(Conversation.SentTo(app, clinician), a => a.Text?.Contains("Session feedback to look at", StringComparison.Ordinal) == true);
        Assert.Single(Reminders(app));
    }

    [Fact]
    public async Task A_request_answered_before_the_reminder_sends_no_reminder_and_no_expiry_word()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        await app.SayAsync(clinician, "session done Jordan");
        var card = Assert.Single(Conversation.SentTo(app, JordanUser), a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("How was your session"));
        var data = Assert.Single(Actions(CardOf(card)), a => a.Verb == FeedbackActions.Answer).Data;
        await app.InvokeAsync(JordanUser, FeedbackActions.Answer, new { clientId = Jordan, feedbackId = data.GetProperty("feedbackId").GetString(), heard = "9", mattered = "9", approach = "9", overall = "9" });

        await RunDueAsync(app, days: 5);

        Assert.Empty(Reminders(app));
        Assert.DoesNotContain(Conversation.SentTo(app, clinician), a => a.Text?.Contains("feedback", StringComparison.OrdinalIgnoreCase) == true && a.Text.Contains("didn't answer", StringComparison.Ordinal));
        Assert.Equal(SessionFeedbackStatus.Answered, Assert.Single(await app.Get<ClientRecords>().ListSessionFeedbackAsync(Jordan, default)).Status);
    }

    [Fact]
    public async Task A_client_who_blocked_the_bot_gets_no_reminder_and_the_clinician_learns_they_cannot_be_reached()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        await app.SayAsync(clinician, "session done Jordan");
        app.Connector.Blocked[JordanUser.PersonalConversationId] = true;

        await RunDueAsync(app, days: 2.5);
        await RunDueAsync(app, days: 2.5);

        Assert.Empty(Reminders(app));
        var word = Assert.Single(Conversation.SentTo(app, clinician), a => a.Text?.Contains("I couldn't remind Jordan Example", StringComparison.Ordinal) == true);
        Assert.Contains("has blocked or removed me in Teams", word.Text);
    }

    private static async Task<TestUser> ArrangeAsync(BotTestApp app)
    {
        var (clinician, _) = await CareTeamAsync(app);
        await JordanLinkedAsync(app, withPlan: false);
        await app.SayAsync(JordanUser, "help");
        return clinician;
    }

    private static Task RunDueAsync(BotTestApp app, double days) =>
        app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(app.Get<TimeProvider>().GetUtcNow().AddDays(days));

    private IReadOnlyList<JsonElement> Reminders(BotTestApp app) =>
        [.. Conversation.SentTo(app, JordanUser).Where(a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("A reminder: how was your session")).Select(a => CardOf(a))];
}

public sealed class FeedbackReminderOnSqliteTests : FeedbackReminderTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class FeedbackReminderOnAzuriteTests(AzuriteFixture azurite) : FeedbackReminderTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
