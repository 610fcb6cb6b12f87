using System.Net.Http.Json;
using BotCore.Schema;
using BotCore.Scheduling;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.CheckIns;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Features.Assessment;
using TreatmentPlanBot.Tests.Support;
using TwoInstances;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.ScaleOut;

/// <summary>
/// What one instance knows is what the other changed: staff and roles, plans, check-in schedules, people's chats and
/// dialog state, each read on instance A after instance B changed it (and the other way round), with A having read it
/// before the change, so anything A kept from its earlier read would show. See README "Two instances as one" for the
/// list of what the app keeps in memory.
/// </summary>
public abstract class CrossInstanceCacheTests(TestStorage storage, AzuriteFixture azurite)
{
    private const string Jordan = "client-jordan";
    private static readonly TestUser Admin = new("admin-1", "Alex Admin");
    private static readonly TestUser JordanUser = new("user-jordan", "Jordan Example");

    [Fact]
    public async Task A_clinician_removed_through_one_instance_is_refused_on_the_next_turn_through_the_other()
    {
        await using var two = await StartAsync();
        var casey = await two.A.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician);
        Assert.Contains(CurrentInformationDialog.AskGivenName, ReplyText.All(await two.A.SayAsync(casey, "new client")));
        await two.A.SayAsync(casey, "cancel");

        var removed = ReplyText.All(await two.B.SayAsync(Admin, "staff remove Casey role clinician"));

        Assert.Contains("Casey Rivera no longer has the clinician role", removed);
        var refused = ReplyText.All(await two.A.SayAsync(casey, "new client"));
        Assert.DoesNotContain(CurrentInformationDialog.AskGivenName, refused);
        Assert.Contains(BotReplies.NotForYourRole("new client", StaffRoles.Clinician), refused);
    }

    [Fact]
    public async Task A_role_granted_through_one_instance_is_honoured_on_the_next_turn_through_the_other()
    {
        await using var two = await StartAsync();
        var robin = new TestUser("robin-1", "Robin Example");
        await two.A.SayAsync(robin, "hello");
        Assert.DoesNotContain(CurrentInformationDialog.AskGivenName, ReplyText.All(await two.A.SayAsync(robin, "new client")));

        await two.B.SayAsync(Admin, "staff add robin as clinician");

        Assert.Contains(CurrentInformationDialog.AskGivenName, ReplyText.All(await two.A.SayAsync(robin, "new client")));
    }

    [Fact]
    public async Task A_plan_edited_on_one_instance_is_shown_as_edited_by_the_other()
    {
        await using var two = await StartAsync();
        var casey = await two.A.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var today = Today(two.A);
        await EnrolAsync(two.A, Jordan, casey.UserId, "Jordan", "Example");
        var etag = await SavePlanAsync(two.A, Plan(Jordan, today, Objective("obj-1", today.AddDays(60))));
        Assert.Contains("target 9", Text(CardOf(await two.B.InvokeAsync(casey, "plan.show", new { clientId = Jordan }))));

        var ids = new { clientId = Jordan, planId = $"plan-{Jordan}", planVersion = etag, objectiveId = "obj-1" };
        var save = Assert.Single(Actions(CardOf(await two.A.InvokeAsync(casey, "objective.edit", ids))), a => a.Verb == "objective.save");
        Assert.Contains("Objective 1.1 saved.", Text(CardOf(await two.A.InvokeAsync(casey, "objective.save", With(save.Data, new
        {
            specific = "Fewer days of low mood, rated in the weekly diary",
            relevance = "I want my energy back for my children",
            target = "8",
            anticipatedCompletion = today.AddDays(70).ToString("yyyy-MM-dd"),
            status = "inProgress",
            clientTasks = "Keep a short mood diary",
            interventions = "Behavioural activation",
        })))));

        var onB = Text(CardOf(await two.B.InvokeAsync(casey, "plan.show", new { clientId = Jordan })));
        Assert.Contains("target 8", onB);
        Assert.Contains("rated in the weekly diary", onB);
        var staleOnB = await two.B.InvokeAsync(casey, "objective.save", With(save.Data, new { specific = "A change from a card older than the edit", relevance = "r", target = "7", anticipatedCompletion = today.AddDays(70).ToString("yyyy-MM-dd"), status = "inProgress", clientTasks = "t", interventions = "i" }));
        Assert.Contains(TreatmentPlanBot.Features.PlanCard.PlanCardActions.StaleForm, Text(CardOf(staleOnB)));
        Assert.Equal(8m, (await StoredPlanAsync(two.B, Jordan)).Value.FindObjective("obj-1").Measure!.Target);
    }

    [Fact]
    public async Task Check_ins_set_on_one_instance_are_sent_by_the_other_to_the_chat_the_client_used_and_once_stopped_there_nothing_more_is_sent()
    {
        await using var two = await StartAsync();
        var casey = await two.A.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await EnrolAsync(two.A, Jordan, casey.UserId, "Jordan", "Example");
        await SavePlanAsync(two.A, Plan(Jordan, Today(two.A), Objective("obj-1", Today(two.A).AddDays(60))));
        Assert.Equal(ClientLinkOutcome.Linked, await two.A.Get<ClientUsers>().LinkAsync(Jordan, BotTestApp.Tenant, JordanUser.UserId, default));
        await two.A.InvokeAsync(JordanUser, CheckInActions.Start, new { checkInId = "none-yet" }); // Jordan's chat: at A's connector

        await two.A.InvokeAsync(casey, CheckInSettingsActions.Save, new { clientId = Jordan, etag = "", measures = "PHQ-9", cadence = "Weekly" });
        var checkInId = (await two.B.Get<ClientRecords>().CheckIns.GetScheduleAsync(Jordan, default))!.Value.NextCheckInId!;
        await RunDueAsync(two.B, days: 2);

        Assert.Single(AssessmentConversation.SentTo(two.A, JordanUser), a => ReplyText.Of(a).Contains("A quick check-in", StringComparison.Ordinal));
        Assert.Empty(AssessmentConversation.SentTo(two.B, JordanUser));
        Assert.Equal(CheckInStatus.Sent, (await two.A.Get<ClientRecords>().CheckIns.GetAsync(Jordan, checkInId, default))!.Value.Status);

        await two.B.InvokeAsync(casey, CheckInSettingsActions.Stop, new { clientId = Jordan });
        var before = AssessmentConversation.SentTo(two.A, JordanUser).Count;
        await RunDueAsync(two.A, days: 20);

        Assert.Equal(before, AssessmentConversation.SentTo(two.A, JordanUser).Count);
        Assert.Empty(AssessmentConversation.SentTo(two.B, JordanUser));
        Assert.False((await two.A.Get<ClientRecords>().CheckIns.GetScheduleAsync(Jordan, default))!.Value.Active);
    }

    [Fact]
    public async Task A_dialog_begun_on_one_instance_continues_on_the_other_and_a_cancel_there_ends_it_everywhere()
    {
        await using var two = await StartAsync();
        var casey = await two.A.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        Assert.Contains(CurrentInformationDialog.AskGivenName, ReplyText.All(await two.A.SayAsync(casey, "new client")));
        Assert.Contains(CurrentInformationDialog.AskFamilyName, ReplyText.All(await two.B.SayAsync(casey, "Sam")));
        Assert.Contains(CurrentInformationDialog.AskPreferredName, ReplyText.All(await two.A.SayAsync(casey, "Example")));
        await two.B.SayAsync(casey, "cancel");

        Assert.DoesNotContain(CurrentInformationDialog.AskPronouns, ReplyText.All(await two.A.SayAsync(casey, "Sammy")));
    }

    [Fact]
    public async Task The_same_confirmation_reaching_both_instances_at_once_stores_one_client()
    {
        await using var two = await StartAsync();
        var casey = await two.A.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["low-mood", "worry", "sleep"]);
        var turns = ScreeningScript.Turns(0, 0);
        for (var i = 0; i < turns.Count - 1; i++)
        {
            Assert.Contains(turns[i].Expect, ReplyText.All(await (i % 2 == 0 ? two.A : two.B).SayAsync(casey, turns[i].Say)));
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var presses = new[] { two.A, two.B }.Select(async instance =>
        {
            using var http = new HttpClient { BaseAddress = instance.Address };
            var activity = instance.MessageFrom(casey) with { Id = $"press-{instance.Address.Port}", Text = "yes" };
            await gate.Task;
            using var response = await http.PostAsJsonAsync("/api/messages", activity, BotJson.Options);
            return (int)response.StatusCode;
        }).ToList();
        gate.SetResult();

        Assert.All(await Task.WhenAll(presses), status => Assert.Equal(200, status));
        var entry = Assert.Single(await two.B.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, casey.UserId, default));
        Assert.Equal(ScreeningScript.DisplayName(0, 0), entry.DisplayName);
        Assert.Single(await two.A.Get<ClientRecords>().ListScreeningsAsync(entry.ClientId, default));
    }

    private Task<TwoAppInstances> StartAsync() =>
        TwoAppInstances.StartAsync(storage, azurite, new Dictionary<string, string?> { ["Clinic:BootstrapAdmins:0"] = Admin.UserId });

    private static Task RunDueAsync(BotTestApp app, int days) =>
        app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(app.Get<TimeProvider>().GetUtcNow().AddDays(days));
}

[Collection(AppAzuriteCollection.Name)]
public sealed class CrossInstanceCacheOnAzuriteTests(AzuriteFixture azurite) : CrossInstanceCacheTests(TestStorage.Azurite, azurite);

[Collection(AppAzuriteCollection.Name)]
public sealed class CrossInstanceCacheOnSqliteTests(AzuriteFixture azurite) : CrossInstanceCacheTests(TestStorage.Sqlite, azurite);
