using System.Text.Json;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.Feedback;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using Conversation = TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.LinkedClient;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Contract;

/// <summary>End-of-session feedback over HTTP against the real app: asked once, answered once, low or falling flagged to the clinician only.</summary>
public abstract class FeedbackTests
{
    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Session_done_asks_the_client_once_and_a_double_press_counts_once()
    {
        await using var app = await StartAsync();
        var (clinician, _) = await ArrangeAsync(app);

        var asked = ReplyText.All(await app.SayAsync(clinician, "session done Jordan"));
        var again = ReplyText.All(await app.SayAsync(clinician, "session done Jordan"));

        Assert.Contains("I asked Jordan Example for feedback on the session of", asked);
        Assert.Contains("Nothing was sent twice", again);
        var card = Assert.Single(FeedbackCards(app));
        Assert.Contains("Only Casey Clinician sees your answers", Text(card));
        var presses = await app.InvokeAtOnceAsync(JordanUser, FeedbackActions.Answer, [Answers(card, 9, 9, 8, 9), Answers(card, 9, 9, 8, 9)]);
        Assert.All(presses, p => Assert.Equal(200, p.Status));
        var stored = Assert.Single(await app.Get<ClientRecords>().ListSessionFeedbackAsync(Jordan, default));
        Assert.Equal(SessionFeedbackStatus.Answered, stored.Status);
        var later = Text(CardOf(await app.InvokeAsync(JordanUser, FeedbackActions.Answer, Answers(card, 1, 1, 1, 1))));
        Assert.Contains("You already sent your answers", later);
        Assert.Equal(9, (await app.Get<ClientRecords>().ListSessionFeedbackAsync(Jordan, default))[0].Ratings!.Overall);
        Assert.Contains(await app.Get<AuditLog>().ListAsync(Jordan, default), e => e.ActorId == JordanUser.UserId && e.Action == "AnswerAsClient" && e.Allowed);
    }

    [Fact]
    public async Task Low_and_falling_feedback_is_flagged_to_the_clinician_only_with_the_trend()
    {
        await using var app = await StartAsync();
        var (clinician, supervisor) = await ArrangeAsync(app);
        var feedback = app.Get<SessionFeedback>();
        var caller = new Caller(BotTestApp.Tenant, clinician.UserId, null, true);
        var today = Today(app);
        await feedback.RequestAsync(caller, Jordan, today.AddDays(-7), "session-1", default);
        await app.InvokeAsync(JordanUser, FeedbackActions.Answer, Answers(FeedbackCards(app)[^1], 9, 9, 9, 9));
        Assert.DoesNotContain(Conversation.SentTo(app, clinician), a => a.Text?.Contains("Session feedback to look at", StringComparison.Ordinal) == true);

        await feedback.RequestAsync(caller, Jordan, today, "session-2", default);
        await app.InvokeAsync(JordanUser, FeedbackActions.Answer, Answers(FeedbackCards(app)[^1], 8, 4, 7, 5));

        var flag = Assert.Single(Conversation.SentTo(app, clinician), a => a.Text?.Contains("Session feedback to look at", StringComparison.Ordinal) == true);
        Assert.Contains("low and falling", flag.Text);
        Assert.Contains("9 → 5", flag.Text);
        Assert.DoesNotContain(Conversation.SentTo(app, supervisor), a => a.Text?.Contains("feedback", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task A_stale_card_past_its_expiry_takes_no_answer_and_another_person_cannot_answer()
    {
        await using var app = await StartAsync();
        await ArrangeAsync(app);
        var now = app.Get<TimeProvider>().GetUtcNow();
        await app.Get<ClientRecords>().AddSessionFeedbackAsync(new SessionFeedbackRecord("old", Jordan, Today(app).AddDays(-10), "clin-1", now.AddDays(-10), now.AddDays(-7)), default);
        var data = new { clientId = Jordan, feedbackId = "old", heard = "5", mattered = "5", approach = "5", overall = "5" };

        var closed = Text(CardOf(await app.InvokeAsync(JordanUser, FeedbackActions.Answer, data)));
        var stranger = MessageOf(await app.InvokeAsync(new TestUser("user-robin", "Robin Example"), FeedbackActions.Answer, data));

        Assert.Contains("This request closed", closed);
        Assert.Equal(AccessDecision.RefusalMessage, stranger);
        Assert.Null(Assert.Single(await app.Get<ClientRecords>().ListSessionFeedbackAsync(Jordan, default)).Ratings);
    }

    private static async Task<(TestUser Clinician, TestUser Supervisor)> ArrangeAsync(BotTestApp app)
    {
        var team = await CareTeamAsync(app);
        await JordanLinkedAsync(app, withPlan: false);
        await app.SayAsync(JordanUser, "help");
        return team;
    }

    private IReadOnlyList<JsonElement> FeedbackCards(BotTestApp app) =>
        [.. Conversation.SentTo(app, JordanUser).Where(a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("How was your session")).Select(a => CardOf(a))];

    private static object Answers(JsonElement card, int heard, int mattered, int approach, int overall)
    {
        var data = Assert.Single(Actions(card), a => a.Verb == FeedbackActions.Answer).Data;
        return new
        {
            clientId = data.GetProperty("clientId").GetString(),
            feedbackId = data.GetProperty("feedbackId").GetString(),
            heard = $"{heard}",
            mattered = $"{mattered}",
            approach = $"{approach}",
            overall = $"{overall}",
        };
    }
}

public sealed class FeedbackOnSqliteTests : FeedbackTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class FeedbackOnAzuriteTests(AzuriteFixture azurite) : FeedbackTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
