using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.Features.Clients;

/// <summary>A client is found by any name they go by, and the caseload names measures one way.</summary>
public sealed class ClientNamesTests
{
    [Fact]
    public async Task Assess_finds_a_client_listed_under_a_preferred_name_by_their_given_name_and_the_reverse()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await app.Get<ClientRecords>().CreateAsync(
            new ClientEnrolment("client-1", BotTestApp.Tenant, "clin-1", "Sky Example", ClientStatus.Assessment, DateTimeOffset.UnixEpoch),
            ClientProfile.New("client-1", new PersonName("Alexandra", "Example", "Sky")), default);
        await app.Get<CaseloadRefresher>().RefreshAsync("client-1", default);

        var byGiven = ReplyText.All(await app.SayAsync(clinician, "assess Alexandra"));
        await app.SayAsync(clinician, "cancel");
        var byPreferred = ReplyText.All(await app.SayAsync(clinician, "assess Sky"));

        Assert.Contains("Which measure for Sky Example?", byGiven);
        Assert.Contains("Which measure for Sky Example?", byPreferred);
    }

    [Fact]
    public void The_caseload_shows_the_measure_id_even_for_a_record_that_carries_its_full_name()
    {
        var enrolment = new ClientEnrolment("client-1", BotTestApp.Tenant, "clin-1", "Sky Example", ClientStatus.Active, DateTimeOffset.UnixEpoch);
        var older = new AssessmentRecord("a-1", "PHQ-9", "Patient Health Questionnaire-9", new Dictionary<int, int?>(), 15, "Moderately severe", null, [], [], DateTimeOffset.UnixEpoch, "clin-1", AssessmentMode.ClinicianForm);

        var line = CaseloadRefresher.Build(enrolment, null, [older], [], new DateOnly(2026, 11, 29));

        Assert.Equal("PHQ-9", line.LatestMeasure);
    }
}
