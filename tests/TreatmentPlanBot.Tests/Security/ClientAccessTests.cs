using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.Security;

public sealed class ClientAccessTests : IDisposable
{
    private const string Tenant = "tenant-1";
    private readonly SqliteStore _db = new();
    private readonly ClientRecords _records;
    private readonly StaffDirectory _staff;
    private readonly AuditLog _audit;
    private readonly ClientAccess _access;

    public ClientAccessTests()
    {
        _records = new ClientRecords(_db.Store);
        _staff = new StaffDirectory(_db.Store, Options.Create(new ClinicOptions { BootstrapAdmins = ["admin-boot"] }));
        _audit = new AuditLog(_db.Store, TimeProvider.System, NullLogger<AuditLog>.Instance);
        _access = new ClientAccess(_records, _staff, _audit);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Clinician_of_record_may_read_and_write_and_every_access_is_audited()
    {
        await SeedAsync();

        var read = await _access.AuthorizeAsync(Personal("clin-1"), "client-1", ClientAction.Read, "plan", default);
        var write = await _access.AuthorizeAsync(Personal("clin-1"), "client-1", ClientAction.Write, "plan", default);

        Assert.True(read.Allowed);
        Assert.Equal(ClientRelationship.ClinicianOfRecord, read.Relationship);
        Assert.True(write.Allowed);
        var trail = await _audit.ListAsync("client-1", default);
        Assert.Equal([("clin-1", "Read", true), ("clin-1", "Write", true)], trail.Select(e => (e.ActorId, e.Action, e.Allowed)).ToArray());
    }

    [Fact]
    public async Task Another_clinician_is_refused_and_the_refusal_is_audited()
    {
        await SeedAsync();

        var decision = await _access.AuthorizeAsync(Personal("clin-2"), "client-1", ClientAction.Read, "plan", default);

        Assert.False(decision.Allowed);
        Assert.Null(decision.Enrolment);
        var entry = Assert.Single(await _audit.ListAsync("client-1", default));
        Assert.Equal(("clin-2", false), (entry.ActorId, entry.Allowed));
    }

    [Fact]
    public async Task Even_the_clinician_of_record_is_refused_outside_a_personal_chat()
    {
        await SeedAsync();

        var decision = await _access.AuthorizeAsync(Personal("clin-1") with { InPersonalChat = false }, "client-1", ClientAction.Read, "plan", default);

        Assert.False(decision.Allowed);
        Assert.Equal("not a personal chat", decision.Reason);
    }

    [Fact]
    public async Task Supervisor_of_the_clinician_may_read_and_co_sign_but_not_edit_or_see_the_clinician_only_overview()
    {
        await SeedAsync();

        Assert.True((await _access.AuthorizeAsync(Personal("sup-1"), "client-1", ClientAction.Read, "plan", default)).Allowed);
        Assert.True((await _access.AuthorizeAsync(Personal("sup-1"), "client-1", ClientAction.CoSign, "plan", default)).Allowed);
        Assert.False((await _access.AuthorizeAsync(Personal("sup-1"), "client-1", ClientAction.Write, "plan", default)).Allowed);
        Assert.False((await _access.AuthorizeAsync(Personal("sup-1"), "client-1", ClientAction.ReadClinicianOnly, "profile", default)).Allowed);
    }

    [Fact]
    public async Task A_supervisor_of_someone_else_is_refused()
    {
        await SeedAsync();
        await _staff.SaveAsync(new StaffMember(Tenant, "sup-2", "Supervisor Two", StaffRoles.Supervisor | StaffRoles.Clinician), null, default);

        Assert.False((await _access.AuthorizeAsync(Personal("sup-2"), "client-1", ClientAction.Read, "plan", default)).Allowed);
    }

    [Fact]
    public async Task Admin_manages_enrolment_without_reading_clinical_content()
    {
        await SeedAsync();

        Assert.True((await _access.AuthorizeAsync(Personal("admin-boot"), "client-1", ClientAction.ManageEnrolment, "enrolment", default)).Allowed);
        Assert.False((await _access.AuthorizeAsync(Personal("admin-boot"), "client-1", ClientAction.Read, "plan", default)).Allowed);
    }

    [Fact]
    public async Task A_client_reads_and_signs_their_own_record_only()
    {
        await SeedAsync();

        Assert.True((await _access.AuthorizeAsync(Personal("client-user-1"), "client-1", ClientAction.Read, "plan", default)).Allowed);
        Assert.True((await _access.AuthorizeAsync(Personal("client-user-1"), "client-1", ClientAction.SignAsClient, "plan", default)).Allowed);
        Assert.False((await _access.AuthorizeAsync(Personal("client-user-1"), "client-1", ClientAction.Write, "plan", default)).Allowed);
    }

    [Fact]
    public async Task Another_tenant_cannot_reach_the_client_even_with_the_same_user_id()
    {
        await SeedAsync();

        var decision = await _access.AuthorizeAsync(new Caller("tenant-2", "clin-1", "Clinician One", true), "client-1", ClientAction.Read, "plan", default);

        Assert.False(decision.Allowed);
    }

    private static Caller Personal(string userId) => new(Tenant, userId, null, InPersonalChat: true);

    private async Task SeedAsync()
    {
        await _staff.SaveAsync(new StaffMember(Tenant, "clin-1", "Clinician One", StaffRoles.Clinician) { SupervisorId = "sup-1" }, null, default);
        await _staff.SaveAsync(new StaffMember(Tenant, "clin-2", "Clinician Two", StaffRoles.Clinician), null, default);
        await _staff.SaveAsync(new StaffMember(Tenant, "sup-1", "Supervisor One", StaffRoles.Supervisor | StaffRoles.Clinician), null, default);
        var enrolment = new ClientEnrolment("client-1", Tenant, "clin-1", "Alex Example", ClientStatus.Active, DateTimeOffset.UnixEpoch) { ClientUserId = "client-user-1" };
        await _records.CreateAsync(enrolment, ClientProfile.New("client-1", new PersonName("Alex", "Example")), default);
    }
}
