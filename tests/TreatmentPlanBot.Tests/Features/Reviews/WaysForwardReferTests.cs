using System.Text.Json;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.Reviews;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Features.PlanCard;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using static TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Reviews;

/// <summary>"Refer on" on the not-on-track card opens the close card with referral already chosen, and that card closes the plan as a referral.</summary>
public abstract class WaysForwardReferTests
{
    private const string ClientId = "client-robin";

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Refer_on_opens_the_close_card_with_referral_chosen_and_it_refers_the_client_on()
    {
        await using var app = await StartAsync();
        await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        var now = app.Get<TimeProvider>().GetUtcNow();
        await PlanFile.EnrolAsync(app, ClientId, "clin-1", "Robin", "Example");
        await SavePlanAsync(app, Plan(ClientId, Today(app), Objective("obj-1", Today(app).AddDays(30))));
        await app.SayAsync(clinician, "help");
        foreach (var (id, total, daysAgo) in new[] { ("a-1", 17, 70), ("a-2", 17, 1) })
        {
            await app.Get<ClientRecords>().AddAssessmentAsync(ClientId, new AssessmentRecord(id, "PHQ-9", "PHQ-9", new Dictionary<int, int?>(), total, "band", null, [], [], now.AddDays(-daysAgo), "clin-1", AssessmentMode.ClinicianForm), null, default);
        }

        Assert.Single(await app.Get<OutcomeWatch>().EvaluateAsync((await app.Get<ClientRecords>().GetEnrolmentAsync(ClientId, default))!.Value, default));
        var notOnTrack = SentTo(app, clinician).Last().Attachments![0].Content!.Value;
        var before = SentTo(app, clinician).Count;

        var said = MessageOf(await app.InvokeAsync(clinician, "wayforward.refer", With(Actions(notOnTrack).Single(a => a.Title == "Refer on").Data)));

        var close = CardsIn(SentTo(app, clinician).Skip(before)).Single(c => Actions(c).Any(a => a.Verb == "plan.close"));
        Assert.Equal("referral", InputValue(close, "kind"));
        Assert.Contains("close Robin Example referral", said);
        var press = With(Actions(close).Single(a => a.Verb == "plan.close").Data, new { kind = InputValue(close, "kind"), referralTo = "Community trauma service", referralReason = "Specialist trauma care" });
        Assert.Contains("referred on to Community trauma service", MessageOf(await app.InvokeAsync(clinician, "plan.close", press)));
        Assert.Equal(ClientStatus.Referred, (await app.Get<ClientRecords>().GetEnrolmentAsync(ClientId, default))!.Value.Status);
    }

    /// <summary>The value an input with this id starts with on the card (what Teams sends if the user leaves it).</summary>
    private static string? InputValue(JsonElement element, string id)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("id", out var found) && found.GetString() == id && element.TryGetProperty("type", out var type) && type.GetString()!.StartsWith("Input.", StringComparison.Ordinal))
            {
                return element.TryGetProperty("value", out var value) ? value.GetString() : null;
            }

            return element.EnumerateObject().Select(p => InputValue(p.Value, id)).FirstOrDefault(v => v is not null);
        }

        return element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => InputValue(e, id)).FirstOrDefault(v => v is not null) : null;
    }
}

public sealed class WaysForwardReferOnSqliteTests : WaysForwardReferTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}
