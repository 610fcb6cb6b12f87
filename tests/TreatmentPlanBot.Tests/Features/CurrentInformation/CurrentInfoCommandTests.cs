using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.Features.CurrentInformation;

/// <summary>"current info [client]": the same questions as screening's intake, asked only where the record has a gap.</summary>
public abstract class CurrentInfoCommandTests : IAsyncLifetime
{
    private BotTestApp _app = null!;
    private TestUser _clinician = null!;

    public async Task InitializeAsync()
    {
        _app = await StartAsync();
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["worry"]);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Only_the_gaps_are_asked_and_filling_them_keeps_what_the_record_held_and_its_earlier_version()
    {
        await EnrolAsync("client-alex000001", "clin-1", ClientProfile.New("client-alex000001", new PersonName("Alex", "Example")) with
        {
            Contact = new ContactDetails(null, "alex@example.org", "1 Example Street"),
            PastDiagnoses = [new PastDiagnosis("Insomnia")],
        });

        var first = await Say("current info Alex");
        Assert.Contains("I'll ask only for what their record lacks", first);
        Assert.Contains(CurrentInformationDialog.AskPronouns, first);
        Assert.Contains(CurrentInformationDialog.AskEmergencyContact, await Say("skip"));
        Assert.Contains(CurrentInformationDialog.AskCommunityCare, await Say("Jordan Example, partner, 555 0100 123"));
        Assert.Contains(CurrentInformationDialog.AskTreatedBefore, await Say("skip"));
        var summary = ReplyText.All(await _app.SubmitAsync(_clinician, new { choice = "no" }));
        Assert.Contains("Emergency contact: Jordan Example (partner), 555 0100 123", summary);
        Assert.Contains("Save this to their record?", summary);
        Assert.DoesNotContain("alex@example.org", summary);

        Assert.Contains("Saved to Alex Example's record", ReplyText.All(await _app.SubmitAsync(_clinician, new { choice = "yes" })));

        var records = _app.Get<ClientRecords>();
        var profile = (await records.GetProfileAsync("client-alex000001", default))!.Value;
        Assert.Equal(new EmergencyContact("Jordan Example", "partner", "555 0100 123"), Assert.Single(profile.EmergencyContacts));
        Assert.Equal(new ContactDetails(null, "alex@example.org", "1 Example Street"), profile.Contact);
        Assert.Equal("Insomnia", Assert.Single(profile.PastDiagnoses).Description);
        Assert.Empty(Assert.Single(await records.ListProfileHistoryAsync("client-alex000001", default)).Prior!.EmergencyContacts);
    }

    [Fact]
    public async Task A_complete_record_is_not_asked_about_and_cancel_saves_nothing()
    {
        await EnrolAsync("client-full000001", "clin-1", ClientProfile.New("client-full000001", new PersonName("Rowan", "Example")) with
        {
            Pronouns = "she/her",
            Contact = new ContactDetails("555 0100 987", null, null),
            EmergencyContacts = [new EmergencyContact("Kim Example", "sister", "555 0100 321")],
            CommunityCare = [new CommunityCareProvider(CareProviderRole.GeneralPractitioner, "Dr Okafor Example")],
            PastTreatment = [new PastTreatment("CBT, 2022")],
            PastDiagnoses = [new PastDiagnosis("Depression")],
        });
        await EnrolAsync("client-gaps000001", "clin-1", ClientProfile.New("client-gaps000001", new PersonName("Sky", "Example")));

        Assert.Contains(CurrentInfoDialog.NothingMissing, await Say("current info Rowan"));
        Assert.Contains(CurrentInformationDialog.AskPronouns, await Say("current info Sky"));
        Assert.Contains(CurrentInfoDialog.NothingSaved, await Say("cancel"));
        Assert.Empty(await _app.Get<ClientRecords>().ListProfileHistoryAsync("client-gaps000001", default));
    }

    [Fact]
    public async Task Another_clinicians_client_is_not_found()
    {
        await EnrolAsync("client-other00001", "clin-2", ClientProfile.New("client-other00001", new PersonName("Alex", "Other")));

        Assert.Contains("None of your clients matches", await Say("current info Alex Other"));
    }

    private async Task<string> Say(string text) => ReplyText.All(await _app.SayAsync(_clinician, text));

    private async Task EnrolAsync(string clientId, string clinicianId, ClientProfile profile)
    {
        await _app.Get<ClientRecords>().CreateAsync(
            new ClientEnrolment(clientId, BotTestApp.Tenant, clinicianId, profile.Name.Display, ClientStatus.Active, DateTimeOffset.UtcNow.AddMonths(-1)), profile, default);
        await _app.Get<CaseloadRefresher>().RefreshAsync(clientId, default);
    }
}

public sealed class CurrentInfoCommandOnSqliteTests : CurrentInfoCommandTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class CurrentInfoCommandOnAzuriteTests(AzuriteFixture azurite) : CurrentInfoCommandTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
