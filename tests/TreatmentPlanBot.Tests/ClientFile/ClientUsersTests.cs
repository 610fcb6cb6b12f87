using TreatmentPlanBot.Records;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.ClientFile;

public sealed class ClientUsersTests : IDisposable
{
    private const string Tenant = "tenant-1";
    private readonly SqliteStore _sqlite = new();
    private readonly ClientRecords _records;
    private readonly ClientUsers _users;

    public ClientUsersTests()
    {
        _records = new ClientRecords(_sqlite.Store);
        _users = new ClientUsers(_sqlite.Store, _records, TimeProvider.System);
    }

    [Fact]
    public async Task Linking_a_teams_account_is_read_back_both_ways_and_repeating_it_changes_nothing()
    {
        await EnrolAsync("client-1");

        Assert.Equal(ClientLinkOutcome.Linked, await _users.LinkAsync("client-1", Tenant, "user-a", default));
        Assert.Equal(ClientLinkOutcome.AlreadyLinked, await _users.LinkAsync("client-1", Tenant, "user-a", default));

        Assert.Equal("client-1", (await _users.FindAsync(Tenant, "user-a", default))!.ClientId);
        Assert.Equal("user-a", (await _records.GetEnrolmentAsync("client-1", default))!.Value.ClientUserId);
    }

    [Fact]
    public async Task One_teams_account_is_one_client_and_one_client_has_one_account()
    {
        await EnrolAsync("client-1");
        await EnrolAsync("client-2");
        await _users.LinkAsync("client-1", Tenant, "user-a", default);

        Assert.Equal(ClientLinkOutcome.LinkedToAnotherClient, await _users.LinkAsync("client-2", Tenant, "user-a", default));
        Assert.Equal(ClientLinkOutcome.ClientHasAnotherAccount, await _users.LinkAsync("client-1", Tenant, "user-b", default));
        Assert.Null(await _users.FindAsync(Tenant, "user-b", default));
        Assert.Null((await _records.GetEnrolmentAsync("client-2", default))!.Value.ClientUserId);
    }

    [Fact]
    public async Task A_client_of_another_tenant_or_none_at_all_is_not_linked()
    {
        await EnrolAsync("client-1");

        Assert.Equal(ClientLinkOutcome.NoSuchClient, await _users.LinkAsync("client-1", "tenant-2", "user-a", default));
        Assert.Equal(ClientLinkOutcome.NoSuchClient, await _users.LinkAsync("client-9", Tenant, "user-a", default));
        Assert.Null(await _users.FindAsync("tenant-2", "user-a", default));
    }

    [Fact]
    public async Task A_link_half_made_before_a_crash_is_completed_by_the_next_attempt()
    {
        await EnrolAsync("client-1");
        var enrolment = await _records.GetEnrolmentAsync("client-1", default);
        await _records.ReplaceEnrolmentAsync(enrolment!.Value with { ClientUserId = "user-a" }, enrolment.ETag, default);

        Assert.Equal(ClientLinkOutcome.Linked, await _users.LinkAsync("client-1", Tenant, "user-a", default));
        Assert.Equal("client-1", (await _users.FindAsync(Tenant, "user-a", default))!.ClientId);
    }

    public void Dispose() => _sqlite.Dispose();

    private Task EnrolAsync(string clientId) => _records.CreateAsync(
        new ClientEnrolment(clientId, Tenant, "clin-1", "Sam Example", ClientStatus.Active, DateTimeOffset.UnixEpoch),
        ClientProfile.New(clientId, new PersonName("Sam", "Example")),
        default);
}
