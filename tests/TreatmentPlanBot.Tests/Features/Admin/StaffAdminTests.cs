using System.Text.Json;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Admin;
using TreatmentPlanBot.Features.Onboarding;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Features.Admin;

/// <summary>
/// Staff roles managed from Teams, through HTTP against the real app on SQLite: the bootstrap admin from the
/// settings enrols people who wrote to the bot, by typed command or card button, and the guard rails hold.
/// </summary>
public sealed class StaffAdminTests : IAsyncLifetime
{
    private static readonly TestUser Admin = new("admin-1", "Alex Admin");
    private static readonly TestUser Robin = new("robin-1", "Robin Example");
    private BotTestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await BotTestApp.StartAsync(settings: new Dictionary<string, string?> { ["Clinic:BootstrapAdmins:0"] = Admin.UserId });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_bootstrap_admin_grants_the_clinician_role_to_someone_who_said_hello_and_they_can_then_set_up()
    {
        await _app.SayAsync(Robin, "hello");
        Assert.Contains("not enrolled", ReplyText.All(await _app.SayAsync(Robin, "help")));

        var card = ReplyText.All(await _app.SayAsync(Admin, "staff"));
        Assert.Contains("Waiting for access", card);
        Assert.Contains("Robin Example", card);

        var reply = ReplyText.All(await _app.SayAsync(Admin, "staff add robin as clinician"));

        Assert.Contains("Robin Example is now staff with the clinician role", reply);
        var stored = (await Staff(Robin.UserId))!.Value;
        Assert.Equal(StaffRoles.Clinician, stored.Roles);
        Assert.Equal("Robin Example", stored.DisplayName);
        Assert.Equal(Robin.PersonalConversationId, stored.PersonalChat?.Conversation?.Id);
        Assert.Null(await _app.Get<AccessRequests>().FindAsync(BotTestApp.Tenant, Robin.UserId, default));

        Assert.StartsWith(OnboardingDialog.AskName, ReplyText.All(await _app.SayAsync(Robin, "setup")));
        await _app.SayAsync(Robin, "cancel");
        var help = HelpCommands(Assert.Single(await _app.SayAsync(Robin, "help")));
        Assert.Contains("setup", help);
        Assert.DoesNotContain(help, c => c.StartsWith("staff", StringComparison.Ordinal));

        var change = Assert.Single(await Changes(), c => c.SubjectId == Robin.UserId);
        Assert.Equal((Admin.UserId, "grant Clinician"), (change.ActorId, change.Change));
    }

    [Fact]
    public async Task Help_lists_the_staff_commands_to_admins_only()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician);

        var adminHelp = HelpCommands(Assert.Single(await _app.SayAsync(Admin, "help")));
        var clinicianHelp = HelpCommands(Assert.Single(await _app.SayAsync(clinician, "help")));

        Assert.Contains("staff", adminHelp);
        Assert.Contains(adminHelp, c => c.StartsWith("staff add", StringComparison.Ordinal));
        Assert.Contains(adminHelp, c => c.StartsWith("staff supervisor", StringComparison.Ordinal));
        Assert.DoesNotContain(clinicianHelp, c => c.StartsWith("staff", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_gets_the_role_message_and_nothing_changes()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician);

        var typed = ReplyText.All(await _app.SayAsync(clinician, "staff add Casey as admin"));
        var (status, body) = await _app.InvokeAsync(clinician, StaffCardActions.Grant, new { userId = clinician.UserId, role = "admin" });
        var submitted = ReplyText.All(await _app.SubmitAsync(clinician, new { verb = StaffCardActions.Grant, userId = clinician.UserId, role = "admin" }));

        Assert.Equal(BotReplies.NotForYourRole("staff add", StaffRoles.Admin), typed);
        Assert.Equal(200, status);
        Assert.Equal(BotReplies.Plain(BotReplies.NotForYourRole("staff", StaffRoles.Admin)), body.GetProperty("value").GetString());
        Assert.Equal(BotReplies.NotForYourRole("staff", StaffRoles.Admin), submitted);
        Assert.Equal(StaffRoles.Clinician, (await Staff(clinician.UserId))!.Value.Roles);
        Assert.Empty(await Changes());
    }

    [Fact]
    public async Task Granting_by_button_replaces_the_card_and_a_double_click_changes_nothing_more()
    {
        await _app.SayAsync(Robin, "hi");

        var first = await _app.InvokeAsync(Admin, StaffCardActions.Grant, new { userId = Robin.UserId, role = "clinician" });
        var second = await _app.InvokeAsync(Admin, StaffCardActions.Grant, new { userId = Robin.UserId, role = "clinician" });

        Assert.Equal("application/vnd.microsoft.card.adaptive", first.Body.GetProperty("type").GetString());
        Assert.Contains("Robin Example is now staff with the clinician role", CardText(first.Body));
        Assert.Contains("Robin Example already has the clinician role, so nothing was changed", CardText(second.Body));
        Assert.Equal(StaffRoles.Clinician, (await Staff(Robin.UserId))!.Value.Roles);
        Assert.Single(await Changes(), c => c.SubjectId == Robin.UserId);
    }

    [Fact]
    public async Task A_turn_that_runs_again_reports_the_grant_it_made_rather_than_already_so()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician);
        var changes = _app.Get<StaffChanges>();
        var caller = new Caller(BotTestApp.Tenant, Admin.UserId, Admin.Name, InPersonalChat: true);

        var first = await changes.GrantAsync(caller, "activity-7", clinician.UserId, StaffRoles.Admin, default);
        var again = await changes.GrantAsync(caller, "activity-7", clinician.UserId, StaffRoles.Admin, default);
        var doubleClick = await changes.GrantAsync(caller, "activity-8", clinician.UserId, StaffRoles.Admin, default);

        Assert.Equal((StaffChangeStatus.Done, StaffChangeStatus.Done, StaffChangeStatus.AlreadySo), (first.Status, again.Status, doubleClick.Status));
        Assert.Equal(first.Message, again.Message);
        Assert.Single(await Changes(), c => c.SubjectId == clinician.UserId);
    }

    [Fact]
    public async Task Granting_by_the_submit_fallback_works_and_a_double_click_changes_nothing_more()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician);
        var press = new { verb = StaffCardActions.Grant, userId = clinician.UserId, role = "supervisor" };

        var first = ReplyText.All(await _app.SubmitAsync(Admin, press));
        var second = ReplyText.All(await _app.SubmitAsync(Admin, press));

        Assert.Contains("Casey Rivera now has the supervisor role", first);
        Assert.Contains("Casey Rivera already has the supervisor role", second);
        Assert.Equal(StaffRoles.Clinician | StaffRoles.Supervisor, (await Staff(clinician.UserId))!.Value.Roles);
        var change = Assert.Single(await Changes(), c => c.SubjectId == clinician.UserId);
        Assert.Equal("grant Supervisor", change.Change);
    }

    [Fact]
    public async Task A_supervisor_is_assigned_only_once_they_hold_the_supervisor_role()
    {
        var casey = await _app.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician);
        var sam = await _app.AddStaffAsync("clin-2", "Sam Okafor", StaffRoles.Clinician);

        var refused = ReplyText.All(await _app.SayAsync(Admin, "staff supervisor Casey is Sam"));
        Assert.Contains("Sam Okafor doesn't have the supervisor role", refused);
        Assert.Null((await Staff(casey.UserId))!.Value.SupervisorId);

        await _app.SayAsync(Admin, "staff add Sam Okafor as supervisor");
        var done = ReplyText.All(await _app.SayAsync(Admin, $"staff supervisor {casey.UserId} is Sam"));

        Assert.Contains("Sam Okafor now supervises Casey Rivera", done);
        Assert.Equal(sam.UserId, (await Staff(casey.UserId))!.Value.SupervisorId);
        Assert.Contains(await Changes(), c => c.SubjectId == casey.UserId && c.Change == $"supervisor {sam.UserId}");
        Assert.Contains("Supervisor: Sam Okafor", ReplyText.All(await _app.SayAsync(Admin, "staff")));
    }

    [Fact]
    public async Task Removing_the_supervisor_role_names_the_clinicians_who_need_a_new_supervisor()
    {
        var sam = await _app.AddStaffAsync("sup-1", "Sam Okafor", StaffRoles.Supervisor);
        await _app.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician, supervisorId: sam.UserId);

        var reply = ReplyText.All(await _app.SayAsync(Admin, "staff remove Sam role supervisor"));

        Assert.Contains("Sam Okafor no longer has the supervisor role", reply);
        Assert.Contains("still named as supervisor of Casey Rivera", reply);
        Assert.Equal(StaffRoles.None, (await Staff(sam.UserId))!.Value.Roles);
        Assert.Contains("Attention: their supervisor no longer holds the supervisor role", ReplyText.All(await _app.SayAsync(Admin, "staff")));
    }

    [Fact]
    public async Task A_bootstrap_admins_role_can_only_be_removed_in_the_settings()
    {
        var reply = ReplyText.All(await _app.SayAsync(Admin, $"staff remove {Admin.UserId} role admin"));

        Assert.Contains("through the clinic's settings", reply);
        Assert.True((await Staff(Admin.UserId))!.Value.Has(StaffRoles.Admin));
    }

    [Fact]
    public async Task Several_matching_names_are_offered_as_a_choice_and_no_match_says_so()
    {
        await _app.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician);
        await _app.AddStaffAsync("clin-2", "Casey Morgan", StaffRoles.Clinician);

        var question = Assert.Single(await _app.SayAsync(Admin, "staff add casey as supervisor"));
        Assert.Contains("Several people match \"casey\"", ReplyText.Of(question));
        Assert.Equal(["Casey Morgan (clinician)", "Casey Rivera (clinician)"], ButtonTitles(question));

        var done = ReplyText.All(await _app.SubmitAsync(Admin, new { choice = "clin-2" }));
        Assert.Contains("Casey Morgan now has the supervisor role", done);
        Assert.Equal(StaffRoles.Clinician | StaffRoles.Supervisor, (await Staff("clin-2"))!.Value.Roles);
        Assert.Equal(StaffRoles.Clinician, (await Staff("clin-1"))!.Value.Roles);

        var none = ReplyText.All(await _app.SayAsync(Admin, "staff add Jordan as clinician"));
        Assert.Contains("No one on staff or waiting for access matches \"Jordan\"", none);
    }

    [Fact]
    public async Task Removing_the_clinician_role_from_someone_with_clients_asks_first_and_says_the_clients_stay()
    {
        var casey = await _app.AddStaffAsync("clin-1", "Casey Rivera", StaffRoles.Clinician | StaffRoles.Supervisor);
        await _app.Get<CaseloadIndex>().UpsertAsync(BotTestApp.Tenant, casey.UserId,
            new CaseloadEntry("client-1", "Client A. Example", ClientStatus.Active, null, null, null, null, null, null, 0), default);

        var warning = ReplyText.All(await _app.SayAsync(Admin, "staff remove Casey role clinician"));
        Assert.Contains("Casey Rivera has 1 client on their caseload", warning);
        Assert.Contains("stay assigned to them until they are reassigned", warning);
        Assert.True((await Staff(casey.UserId))!.Value.Has(StaffRoles.Clinician));

        Assert.Contains("Nothing was changed", ReplyText.All(await _app.SayAsync(Admin, "no")));
        Assert.True((await Staff(casey.UserId))!.Value.Has(StaffRoles.Clinician));

        await _app.SayAsync(Admin, "staff remove Casey role clinician");
        var done = ReplyText.All(await _app.SubmitAsync(Admin, new { choice = "yes" }));

        Assert.Contains("Casey Rivera no longer has the clinician role", done);
        Assert.Equal(StaffRoles.Supervisor, (await Staff(casey.UserId))!.Value.Roles);
        Assert.Single(await Changes(), c => c.SubjectId == casey.UserId && c.Change == "remove Clinician");
    }

    [Fact]
    public async Task Someone_not_on_staff_is_remembered_as_waiting_once_a_day()
    {
        await _app.SayAsync(Robin, "hello");
        var first = await _app.Get<AccessRequests>().FindAsync(BotTestApp.Tenant, Robin.UserId, default);
        await _app.SayAsync(Robin, "anyone there?");
        await _app.SayAsync(Robin, "help");

        var waiting = Assert.Single(await _app.Get<AccessRequests>().ListAsync(BotTestApp.Tenant, default));
        Assert.Equal("Robin Example", waiting.DisplayName);
        Assert.Equal(first!.LastSeen, waiting.LastSeen);
        Assert.Empty(await _app.Get<AccessRequests>().ListAsync("another-tenant", default));
    }

    [Fact]
    public async Task A_large_clinic_is_shown_in_part_with_a_pointer_to_the_typed_commands()
    {
        for (var i = 1; i <= StaffCard.MaxStaffShown + 2; i++)
        {
            await _app.AddStaffAsync($"clin-{i}", $"Clinician {i:00} Example-With-A-Rather-Long-Double-Barrelled-Name", StaffRoles.None);
        }

        var reply = Assert.Single(await _app.SayAsync(Admin, "staff"));

        Assert.Contains("…and 3 more", ReplyText.Of(reply));
        Assert.Contains($"{StaffCard.MaxStaffShown + 3} staff", ReplyText.Of(reply));
    }

    [Fact]
    public async Task A_command_typed_without_its_parts_shows_how_to_type_it()
    {
        var reply = ReplyText.All(await _app.SayAsync(Admin, "staff add Robin"));

        Assert.Contains("Please type it as **staff add [name or id] as clinician|supervisor|admin**", reply);
    }

    private async Task<Versioned<StaffMember>?> Staff(string userId) =>
        await _app.Get<StaffDirectory>().FindAsync(BotTestApp.Tenant, userId, default);

    private Task<IReadOnlyList<StaffAuditEntry>> Changes() => _app.Get<AuditLog>().ListStaffChangesAsync(BotTestApp.Tenant, default);

    private static string CardText(JsonElement invokeBody) =>
        PromptCards.ReadableText(new Activity { Attachments = [ActivityExtensions.CreateAdaptiveCardAttachment(invokeBody.GetProperty("value"))] });

    private static List<string> ButtonTitles(Activity reply) => [.. Buttons(reply.Attachments![0].Content!.Value)];

    private static IEnumerable<string> Buttons(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("type", out var type) && type.GetString() == "Action.Submit" => [element.GetProperty("title").GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Buttons(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Buttons),
        _ => [],
    };

    private static List<string> HelpCommands(Activity reply) =>
    [
        .. reply.Attachments![0].Content!.Value.GetProperty("body").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "FactSet")
            .GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("title").GetString()!),
    ];
}

/// <summary>
/// The last-admin rule, in a clinic without bootstrap admins (where a stored admin could otherwise remove the last
/// role), on both storage adapters: the rule leans on an entity-group transaction.
/// </summary>
public abstract class LastAdminTests : IAsyncLifetime
{
    private BotTestApp _app = null!;

    public async Task InitializeAsync() => _app = await StartAsync();

    protected abstract Task<BotTestApp> StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_last_admin_cannot_remove_the_admin_role_and_a_second_admin_can()
    {
        var alex = await _app.AddStaffAsync("admin-1", "Alex Admin", StaffRoles.Admin);

        var refused = ReplyText.All(await _app.SayAsync(alex, "staff remove Alex role admin"));
        Assert.Contains("Alex Admin is the clinic's only admin", refused);
        Assert.True(await IsAdmin("admin-1"));

        var kim = await _app.AddStaffAsync("admin-2", "Kim Admin", StaffRoles.Admin | StaffRoles.Clinician);
        Assert.Contains("Kim Admin no longer has the admin role", ReplyText.All(await _app.SayAsync(alex, "staff remove Kim role admin")));
        Assert.False(await IsAdmin("admin-2"));
        Assert.Contains("Alex Admin is the clinic's only admin", ReplyText.All(await _app.SayAsync(alex, "staff remove Alex role admin")));

        var changes = await _app.Get<AuditLog>().ListStaffChangesAsync(BotTestApp.Tenant, default);
        var change = Assert.Single(changes);
        Assert.Equal(("admin-1", "admin-2", "remove Admin"), (change.ActorId, change.SubjectId, change.Change));
        Assert.Equal(BotReplies.NotForYourRole("staff", StaffRoles.Admin), ReplyText.All(await _app.SayAsync(kim, "staff")));
    }

    [Fact]
    public async Task Two_admins_removing_each_other_at_the_same_moment_cannot_leave_the_clinic_without_an_admin()
    {
        await _app.AddStaffAsync("admin-1", "Alex Admin", StaffRoles.Admin);
        await _app.AddStaffAsync("admin-2", "Kim Admin", StaffRoles.Admin);
        var directory = _app.Get<StaffDirectory>();
        var before = await directory.ListVersionedAsync(BotTestApp.Tenant, default);
        var alex = before.Single(m => m.Value.UserId == "admin-1");
        var kim = before.Single(m => m.Value.UserId == "admin-2");

        // Both removals were decided on the same reading, each seeing the other as the admin who remains.
        await directory.SaveKeepingUnchangedAsync(alex.Value with { Roles = StaffRoles.None }, alex.ETag, [kim], default);
        var lost = await Assert.ThrowsAsync<StorageException>(() =>
            directory.SaveKeepingUnchangedAsync(kim.Value with { Roles = StaffRoles.None }, kim.ETag, [alex], default));

        Assert.Equal(StorageErrorKind.Conflict, lost.Kind);
        Assert.True(await IsAdmin("admin-2"));
        var retried = await _app.Get<StaffChanges>().RemoveRoleAsync(
            new Caller(BotTestApp.Tenant, "admin-1", "Alex Admin", InPersonalChat: true), "activity-retry", "admin-2", StaffRoles.Admin, confirmed: false, default);
        Assert.Equal(StaffChangeStatus.Refused, retried.Status);
        Assert.True(await IsAdmin("admin-2"));
    }

    private async Task<bool> IsAdmin(string userId) =>
        (await _app.Get<StaffDirectory>().FindAsync(BotTestApp.Tenant, userId, default))!.Value.Has(StaffRoles.Admin);
}

public sealed class LastAdminOnSqliteTests : LastAdminTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class LastAdminOnAzuriteTests(AzuriteFixture azurite) : LastAdminTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
