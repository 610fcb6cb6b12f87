using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Bot;

/// <summary>
/// A storage failure no feature answered itself (here a caseload row the client picker reads has lost its document part)
/// gets the plain "records could not be reached" answer, not the generic apology, and nothing is lost.
/// </summary>
public sealed class RecordsOutageTests : IAsyncLifetime
{
    private BotTestApp _app = null!;
    private TestUser _clinician = null!;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await EnrolAsync(_app, "client-robin", "clin-1", "Robin", "Example");
        await SavePlanAsync(_app, Plan("client-robin", Today(_app), Objective("obj-1", Today(_app).AddDays(60))));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_unreadable_caseload_gets_the_plain_records_message_and_the_same_request_works_once_it_is_back()
    {
        var caseload = await _app.Get<ITableStore>().GetTableAsync(CaseloadIndex.TableName, default);
        var partition = TableKey.Escape($"{BotTestApp.Tenant}|clin-1");
        var broken = new TableEntity(partition, "client-broken", new Dictionary<string, object?> { ["DisplayName"] = "Broken Row", ["Parts"] = 1 });
        await caseload.UpsertAsync(broken, default);

        var during = ReplyText.All(await _app.SayAsync(_clinician, "show plan Robin"));

        Assert.Equal(OutageWords.RecordsUnreachable, during);
        Assert.DoesNotContain("something went wrong", during);

        await caseload.DeleteAsync(partition, "client-broken", "*", default);
        var after = Assert.Single(await _app.SayAsync(_clinician, "show plan Robin"));
        Assert.Contains("Treatment plan: Robin Example", Text(CardOf(after)));
    }
}
