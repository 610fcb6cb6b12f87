using TreatmentPlanBot.Records;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;

namespace TreatmentPlanBot.Tests.Features.Assessment;

/// <summary>The AUDIT-C gate as the clinician meets it: the dialog asks what ScoringEngine.NextItem says is next.</summary>
public sealed class AuditCConversationTests
{
    [Fact]
    public async Task Audit_c_answered_never_asks_no_more_questions_and_is_stored_as_a_negative_zero()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await ClinicianAsync(app);
        await EnrolAsync(app);
        await StartItemByItemAsync(app, clinician, "AUDIT-C");

        var afterNever = ReplyText.All(await app.SayAsync(clinician, "Never"));

        Assert.DoesNotContain("How many standard drinks", afterNever);
        Assert.DoesNotContain("six or more drinks", afterNever);
        if (afterNever.Contains("What is the client's sex?", StringComparison.Ordinal))
        {
            await app.SayAsync(clinician, "female");
        }

        var stored = Assert.Single(await app.Get<ClientRecords>().ListAssessmentsAsync(ClientId, default));
        Assert.Equal(0, stored.Total);
        Assert.False(stored.Positive);
        Assert.Equal([1], stored.Answers.Keys);
    }
}
