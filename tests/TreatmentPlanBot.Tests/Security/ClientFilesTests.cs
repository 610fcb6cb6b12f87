using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.Security;

public sealed class ClientFilesTests : IDisposable
{
    private const string Tenant = "tenant-1";
    private readonly SqliteStore _db = new();
    private readonly ClientRecords _records;
    private readonly StaffDirectory _staff;
    private readonly AuditLog _audit;
    private readonly ClientFiles _files;

    public ClientFilesTests()
    {
        _records = new ClientRecords(_db.Store);
        _staff = new StaffDirectory(_db.Store, Options.Create(new ClinicOptions { BootstrapAdmins = ["admin-boot"] }));
        _audit = new AuditLog(_db.Store, TimeProvider.System, NullLogger<AuditLog>.Instance);
        _files = new ClientFiles(_records, _staff, _audit);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Clinician_of_record_may_read_and_write_and_every_access_is_audited()
    {
        await SeedAsync();

        var read = await _files.OpenClinicalViewAsync(Personal("clin-1"), "client-1", "plan", default);
        var write = await _files.OpenAsClinicianAsync(Personal("clin-1"), "client-1", ClientAction.Write, "plan", default);

        Assert.True(read.Allowed);
        Assert.Equal(ClientRelationship.ClinicianOfRecord, read.File.Relationship);
        Assert.True(write.Allowed);
        Assert.Equal("client-1", write.File.ClientId);
        var trail = await _audit.ListAsync("client-1", default);
        Assert.Equal([("clin-1", "Read", true), ("clin-1", "Write", true)], trail.Select(e => (e.ActorId, e.Action, e.Allowed)).ToArray());
    }

    [Fact]
    public async Task Another_clinician_is_refused_and_the_refusal_is_audited()
    {
        await SeedAsync();

        var opened = await _files.OpenClinicalViewAsync(Personal("clin-2"), "client-1", "plan", default);

        Assert.False(opened.Allowed);
        Assert.Null(opened.File);
        Assert.Null(opened.Decision.Enrolment);
        var entry = Assert.Single(await _audit.ListAsync("client-1", default));
        Assert.Equal(("clin-2", false), (entry.ActorId, entry.Allowed));
    }

    [Fact]
    public async Task Even_the_clinician_of_record_is_refused_outside_a_personal_chat()
    {
        await SeedAsync();

        var opened = await _files.OpenClinicalViewAsync(Personal("clin-1") with { InPersonalChat = false }, "client-1", "plan", default);

        Assert.False(opened.Allowed);
        Assert.Equal("not a personal chat", opened.Decision.Reason);
    }

    [Fact]
    public async Task Supervisor_of_the_clinician_may_read_and_co_sign_but_not_edit_or_see_the_clinician_only_overview()
    {
        await SeedAsync();

        var view = await _files.OpenClinicalViewAsync(Personal("sup-1"), "client-1", "plan", default);
        Assert.True(view.Allowed);
        Assert.Equal(ClientRelationship.Supervisor, view.File.Relationship);
        Assert.IsNotType<ClinicianFile>(view.File);
        Assert.True((await _files.OpenClinicalViewAsync(Personal("sup-1"), "client-1", "plan", default, ClientAction.CoSign)).Allowed);
        Assert.False((await _files.OpenAsClinicianAsync(Personal("sup-1"), "client-1", ClientAction.Write, "plan", default)).Allowed);
        Assert.False((await _files.OpenAsClinicianAsync(Personal("sup-1"), "client-1", ClientAction.ReadClinicianOnly, "profile", default)).Allowed);
        Assert.Empty((await view.File.GetSharedProfileAsync(default))!.TraumaOverview.Triggers);
    }

    [Fact]
    public async Task A_supervisor_of_someone_else_is_refused()
    {
        await SeedAsync();
        await _staff.SaveAsync(new StaffMember(Tenant, "sup-2", "Supervisor Two", StaffRoles.Supervisor | StaffRoles.Clinician), null, default);

        Assert.False((await _files.OpenClinicalViewAsync(Personal("sup-2"), "client-1", "plan", default)).Allowed);
    }

    [Fact]
    public async Task Admin_manages_enrolment_without_reading_clinical_content()
    {
        await SeedAsync();

        var enrolment = await _files.OpenEnrolmentAsync(Personal("admin-boot"), "client-1", "enrolment", default);
        Assert.True(enrolment.Allowed);
        Assert.Equal(ClientStatus.Active, enrolment.File.Enrolment.Status);
        Assert.False((await _files.OpenClinicalViewAsync(Personal("admin-boot"), "client-1", "plan", default)).Allowed);
        Assert.False((await _files.OpenAsClinicianAsync(Personal("admin-boot"), "client-1", ClientAction.Write, "plan", default)).Allowed);
        Assert.False((await _files.OpenOwnAsync(Personal("admin-boot"), "client-1", "plan", default)).Allowed);
    }

    [Fact]
    public async Task A_client_reads_and_signs_their_own_record_only()
    {
        await SeedAsync();

        var own = await _files.OpenOwnAsync(Personal("client-user-1"), "client-1", "plan", default);
        Assert.True(own.Allowed);
        Assert.Equal(ClientRelationship.Self, own.File.Relationship);
        Assert.True((await _files.OpenOwnAsync(Personal("client-user-1"), "client-1", "plan", default, ClientAction.SignAsClient)).Allowed);
        Assert.False((await _files.OpenAsClinicianAsync(Personal("client-user-1"), "client-1", ClientAction.Write, "plan", default)).Allowed);
        Assert.False((await _files.OpenClinicalViewAsync(Personal("client-user-1"), "client-1", "plan", default)).Allowed);
        Assert.False((await _files.OpenEnrolmentAsync(Personal("client-user-1"), "client-1", "enrolment", default)).Allowed);
        Assert.False((await _files.OpenOwnAsync(Personal("client-user-1"), "client-2", "plan", default)).Allowed);
        var trail = await _audit.ListAsync("client-1", default);
        Assert.Equal([true, true, false, false, false], trail.Select(e => e.Allowed).ToArray());
    }

    [Fact]
    public async Task Another_tenant_cannot_reach_the_client_even_with_the_same_user_id()
    {
        await SeedAsync();

        var opened = await _files.OpenClinicalViewAsync(new Caller("tenant-2", "clin-1", "Clinician One", true), "client-1", "plan", default);

        Assert.False(opened.Allowed);
    }

    [Fact]
    public async Task May_read_is_audited_and_names_the_relationship()
    {
        await SeedAsync();

        Assert.True((await _files.MayReadAsync(Personal("sup-1"), "client-1", "risk alert", default)).Allowed);
        Assert.False((await _files.MayReadAsync(Personal("clin-2"), "client-1", "risk alert", default)).Allowed);

        var trail = await _audit.ListAsync("client-1", default);
        Assert.Equal([("sup-1", "Read", "risk alert", true), ("clin-2", "Read", "risk alert", false)], trail.Select(e => (e.ActorId, e.Action, e.Record, e.Allowed)).ToArray());
    }

    [Fact]
    public async Task A_clinician_creates_a_new_client_as_their_clinician_of_record_and_only_they_do()
    {
        await SeedAsync();
        var mine = new ClientEnrolment("client-new", Tenant, "clin-2", "Casey Example", ClientStatus.Assessment, DateTimeOffset.UnixEpoch);
        var profile = ClientProfile.New("client-new", new PersonName("Casey", "Example"));

        var byAdmin = await _files.CreateAsync(Personal("admin-boot"), mine with { ClinicianId = "admin-boot" }, profile, "enrolment and profile", default);
        var forSomeoneElse = await _files.CreateAsync(Personal("clin-1"), mine, profile, "enrolment and profile", default);
        Assert.False(byAdmin.Allowed);
        Assert.False(forSomeoneElse.Allowed);
        Assert.Null(await _records.GetEnrolmentAsync("client-new", default));

        var created = await _files.CreateAsync(Personal("clin-2"), mine, profile, "enrolment and profile", default);
        var again = await _files.CreateAsync(Personal("clin-2"), mine, profile, "enrolment and profile", default);

        Assert.True(created.Allowed);
        Assert.True(again.Allowed);
        Assert.Equal(ClientRelationship.ClinicianOfRecord, created.File.Relationship);
        Assert.Equal(4, (await _audit.ListAsync("client-new", default)).Count);
    }

    [Fact]
    public async Task A_handle_writes_only_its_own_client()
    {
        await SeedAsync();
        var file = (await _files.OpenAsClinicianAsync(Personal("clin-1"), "client-1", ClientAction.Write, "plan", default)).File!;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            file.SavePlanAsync(TreatmentPlanning.Plans.TreatmentPlan.Draft("plan-x", "client-2", new DateOnly(2026, 1, 1)), null, default));
    }

    private static Caller Personal(string userId) => new(Tenant, userId, null, InPersonalChat: true);

    private async Task SeedAsync()
    {
        await _staff.SaveAsync(new StaffMember(Tenant, "clin-1", "Clinician One", StaffRoles.Clinician) { SupervisorId = "sup-1" }, null, default);
        await _staff.SaveAsync(new StaffMember(Tenant, "clin-2", "Clinician Two", StaffRoles.Clinician), null, default);
        await _staff.SaveAsync(new StaffMember(Tenant, "sup-1", "Supervisor One", StaffRoles.Supervisor | StaffRoles.Clinician), null, default);
        var enrolment = new ClientEnrolment("client-1", Tenant, "clin-1", "Alex Example", ClientStatus.Active, DateTimeOffset.UnixEpoch) { ClientUserId = "client-user-1" };
        await _records.CreateAsync(enrolment, ClientProfile.New("client-1", new PersonName("Alex", "Example")).AddTrigger("Synthetic trigger"), default);
    }
}
