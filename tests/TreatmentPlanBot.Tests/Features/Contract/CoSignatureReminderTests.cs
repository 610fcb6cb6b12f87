using System.Text.Json;
using BotCore.Scheduling;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.Signing;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using Conversation = TreatmentPlanBot.Tests.Features.Assessment.AssessmentConversation;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Contract;

/// <summary>
/// The supervisor's one reminder to co-sign a version the clinician signed (<c>Plans:CoSignatureRemindAfter</c>, 2 days
/// here as by default): over HTTP against the real app, the scheduler run looking ahead.
/// </summary>
public abstract class CoSignatureReminderTests
{
    private const string Jordan = "client-jordan";

    protected abstract Task<BotTestApp> StartAsync(bool coSign);

    [Fact]
    public async Task The_supervisor_gets_one_reminder_after_the_delay_and_can_co_sign_from_it()
    {
        await using var app = await StartAsync(coSign: true);
        var (clinician, supervisor) = await ArrangeAsync(app);
        await PressAsync(app, clinician, SigningActions.SignAsClinician);

        await RunDueAsync(app, days: 1);
        Assert.Empty(Reminders(app, supervisor));
        await RunDueAsync(app, days: 2.5);
        await RunDueAsync(app, days: 2.5);

        var reminder = CardOf(Assert.Single(Reminders(app, supervisor)));
        Assert.Contains("Reminder: co-signature needed", Text(reminder));
        Assert.Contains($"Jordan Example's plan, version 1, signed by Casey Clinician on {SigningActions.Display(app.Get<TimeProvider>().GetUtcNow())}, is still waiting for your co-signature", Text(reminder));
        Assert.Contains(await app.Get<AuditLog>().ListAsync(Jordan, default), e => e.ActorId == supervisor.UserId && e.Record.Contains("co-signature reminder", StringComparison.Ordinal) && e.Allowed);

        var button = Assert.Single(Actions(reminder), a => a.Verb == SigningActions.CoSign);
        Assert.Contains("You co-signed version 1.", Text(CardOf(await app.InvokeAsync(supervisor, SigningActions.CoSign, button.Data))));
    }

    [Fact]
    public async Task A_version_co_signed_before_the_reminder_sends_none()
    {
        await using var app = await StartAsync(coSign: true);
        var (clinician, supervisor) = await ArrangeAsync(app);
        await PressAsync(app, clinician, SigningActions.SignAsClinician);
        await PressAsync(app, supervisor, SigningActions.CoSign);

        await RunDueAsync(app, days: 3);

        Assert.Empty(Reminders(app, supervisor));
        Assert.Single(CoSignCards(app, supervisor));
    }

    [Fact]
    public async Task A_replaced_version_gets_no_reminder_and_the_new_version_gets_its_own()
    {
        await using var app = await StartAsync(coSign: true);
        var (clinician, supervisor) = await ArrangeAsync(app);
        await PressAsync(app, clinician, SigningActions.SignAsClinician);
        var stored = await StoredPlanAsync(app, Jordan);
        await app.Get<ClientRecords>().SavePlanAsync(stored.Value.UpdateObjective(stored.Value.FindObjective("obj-1") with { Behaviour = "Fewer low days, measured every week" }), stored.ETag, default);

        await RunDueAsync(app, days: 3);
        Assert.Empty(Reminders(app, supervisor));

        await PressAsync(app, clinician, SigningActions.SignAsClinician);
        await RunDueAsync(app, days: 3);

        var reminder = Text(CardOf(Assert.Single(Reminders(app, supervisor))));
        Assert.Contains("Jordan Example's plan, version 2, signed by Casey Clinician", reminder);
    }

    [Fact]
    public async Task Nothing_is_scheduled_or_sent_when_the_clinic_does_not_require_co_signature()
    {
        await using var app = await StartAsync(coSign: false);
        var (clinician, supervisor) = await ArrangeAsync(app);
        await PressAsync(app, clinician, SigningActions.SignAsClinician);

        await RunDueAsync(app, days: 3);

        Assert.Null(await app.Get<WorkScheduler>().GetAsync(WorkIdOf((await StoredPlanAsync(app, Jordan)).Value)));
        Assert.Empty(CoSignCards(app, supervisor));
    }

    [Fact]
    public async Task A_double_sign_press_schedules_one_reminder_and_scheduling_it_again_is_a_no_op()
    {
        await using var app = await StartAsync(coSign: true);
        var (clinician, supervisor) = await ArrangeAsync(app);
        var card = await PlanCardAsync(app, clinician);
        var press = Assert.Single(Actions(card), a => a.Verb == SigningActions.SignAsClinician).Data;

        await Task.WhenAll(app.InvokeAsync(clinician, SigningActions.SignAsClinician, press), app.InvokeAsync(clinician, SigningActions.SignAsClinician, press));
        var plan = (await StoredPlanAsync(app, Jordan)).Value;
        var again = await app.Get<CoSignatureFollowUps>().ScheduleAsync(BotTestApp.Tenant, Jordan, plan, clinician.UserId, default);

        Assert.Equal(ScheduleResult.AlreadyExists, again);
        Assert.Equal(ScheduledWorkState.Pending, (await app.Get<WorkScheduler>().GetAsync(WorkIdOf(plan)))!.State);
        await RunDueAsync(app, days: 3);
        await RunDueAsync(app, days: 3);
        Assert.Single(Reminders(app, supervisor));
    }

    [Fact]
    public async Task A_supervisor_who_blocked_the_bot_gets_no_reminder_and_the_clinician_is_told_once()
    {
        await using var app = await StartAsync(coSign: true);
        var (clinician, supervisor) = await ArrangeAsync(app);
        await PressAsync(app, clinician, SigningActions.SignAsClinician);
        app.Connector.Blocked[supervisor.PersonalConversationId] = true;

        await RunDueAsync(app, days: 3);
        await RunDueAsync(app, days: 3);

        Assert.Empty(Reminders(app, supervisor));
        var word = Assert.Single(Conversation.SentTo(app, clinician), a => a.Text?.Contains("I couldn't remind your supervisor", StringComparison.Ordinal) == true);
        Assert.Contains("I couldn't remind your supervisor to co-sign version 1 of Jordan Example's plan: Sam Supervisor has blocked or removed me in Teams", word.Text);
    }

    private static async Task<(TestUser Clinician, TestUser Supervisor)> ArrangeAsync(BotTestApp app)
    {
        var supervisor = await Conversation.SupervisorInChatAsync(app);
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        await app.SayAsync(clinician, "help");
        var today = Today(app);
        await EnrolAsync(app, Jordan, "clin-1", "Jordan", "Example");
        await SavePlanAsync(app, Plan(Jordan, today, Objective("obj-1", today.AddDays(60))));
        return (clinician, supervisor);
    }

    private static async Task<JsonElement> PlanCardAsync(BotTestApp app, TestUser user) =>
        CardOf(await app.InvokeAsync(user, "plan.show", new { clientId = Jordan }));

    private static async Task PressAsync(BotTestApp app, TestUser user, string verb) =>
        await app.InvokeAsync(user, verb, Assert.Single(Actions(await PlanCardAsync(app, user)), a => a.Verb == verb).Data);

    private static Task RunDueAsync(BotTestApp app, double days) =>
        app.Get<ScheduledWorkDispatcher>().RunDueNowAsync(app.Get<TimeProvider>().GetUtcNow().AddDays(days));

    private static string WorkIdOf(TreatmentPlan plan) =>
        CoSignatureFollowUps.WorkId(new CoSignatureDue(BotTestApp.Tenant, Jordan, plan.Version, plan.ContentHash, "clin-1"));

    private static List<BotCore.Schema.Activity> CoSignCards(BotTestApp app, TestUser supervisor) =>
        [.. Conversation.SentTo(app, supervisor).Where(a => a.Attachments is { Count: > 0 } && Text(CardOf(a)).Contains("Co-sign version"))];

    private static List<BotCore.Schema.Activity> Reminders(BotTestApp app, TestUser supervisor) =>
        [.. CoSignCards(app, supervisor).Where(a => Text(CardOf(a)).Contains("Reminder:"))];
}

public sealed class CoSignatureReminderOnSqliteTests : CoSignatureReminderTests
{
    protected override Task<BotTestApp> StartAsync(bool coSign) =>
        BotTestApp.StartAsync(TestStorage.Sqlite, settings: new Dictionary<string, string?> { ["Plans:SupervisorCoSignRequired"] = coSign ? "true" : "false" });
}

[Collection(AppAzuriteCollection.Name)]
public sealed class CoSignatureReminderOnAzuriteTests(AzuriteFixture azurite) : CoSignatureReminderTests
{
    protected override Task<BotTestApp> StartAsync(bool coSign) =>
        BotTestApp.StartAsync(TestStorage.Azurite, azurite, new Dictionary<string, string?> { ["Plans:SupervisorCoSignRequired"] = coSign ? "true" : "false" });
}
