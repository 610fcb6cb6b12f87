using System.Text.Json;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using Conversation = TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.LinkedClient;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Contract;

/// <summary>
/// An attended session recorded with the session card (<c>session [client]</c>) asks a linked client for feedback the way
/// <c>session done</c> does (FeedbackAfterSession, a session follow-up): one card per session, whatever the number of presses.
/// </summary>
public abstract class FeedbackAfterSessionTests
{
    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Saving_an_attended_session_twice_sends_the_client_one_feedback_card_and_a_cancelled_one_sends_none()
    {
        await using var app = await StartAsync();
        var clinician = await ArrangeAsync(app);
        var today = Today(app);

        var presses = await app.InvokeAtOnceAsync(clinician, "session.save", [Session(today, "s-1", "attended"), Session(today, "s-1", "attended")]);
        Assert.All(presses, p => Assert.Equal(200, p.Status));
        await app.InvokeAsync(clinician, "session.save", Session(today, "s-1", "attended"));
        await app.InvokeAsync(clinician, "session.save", Session(today, "s-2", "cancelled"));

        var card = Assert.Single(FeedbackCards(app));
        Assert.Contains("Only Casey Clinician sees your answers", Text(card));
        var request = Assert.Single(await app.Get<ClientRecords>().ListSessionFeedbackAsync(Jordan, default));
        Assert.Equal(("s-1", today, SessionFeedbackStatus.Pending, "clin-1"), (request.Id, request.SessionDate, request.Status, request.RequestedBy));
        Assert.DoesNotContain(Conversation.SentTo(app, clinician), a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("How was your session", StringComparison.Ordinal));
    }

    private static async Task<TestUser> ArrangeAsync(BotTestApp app)
    {
        var (clinician, _) = await CareTeamAsync(app);
        await JordanLinkedAsync(app);
        await app.SayAsync(JordanUser, "help");
        return clinician;
    }

    private static Dictionary<string, string> Session(DateOnly today, string sessionId, string attendance) => new()
    {
        ["clientId"] = Jordan,
        ["sessionId"] = sessionId,
        ["heldOn"] = today.ToString("yyyy-MM-dd"),
        ["attendance"] = attendance,
        ["interventions"] = "obj-1-int",
        ["task:obj-1-task"] = "partly",
        ["note"] = "Talked about the weekend plan",
    };

    private IReadOnlyList<JsonElement> FeedbackCards(BotTestApp app) =>
        [.. Conversation.SentTo(app, JordanUser).Where(a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("How was your session", StringComparison.Ordinal)).Select(a => CardOf(a))];
}

public sealed class FeedbackAfterSessionOnSqliteTests : FeedbackAfterSessionTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class FeedbackAfterSessionOnAzuriteTests(AzuriteFixture azurite) : FeedbackAfterSessionTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
