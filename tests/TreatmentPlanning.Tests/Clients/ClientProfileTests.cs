using System.Text.Json;
using TreatmentPlanning.Clients;

namespace TreatmentPlanning.Tests.Clients;

public sealed class ClientProfileTests
{
    private static ClientProfile Sample() =>
        (ClientProfile.New("client-7", new PersonName("Alex", "Example", "Lex")) with
        {
            Pronouns = "they/them",
            Contact = new ContactDetails("+1 555 0100", "lex@example.invalid", "1 Sample Street"),
            Insurance = new InsuranceAuthorisation("Example Health", "AUTH-1", 12, 3, new DateOnly(2026, 9, 30)),
        })
        .AddEmergencyContact(new EmergencyContact("Sam Example", "sibling", "+1 555 0101"))
        .AddCommunityCare(new CommunityCareProvider(CareProviderRole.Psychiatrist, "Dr Test Person", "Sample Clinic"))
        .AddCommunityCare(new CommunityCareProvider(CareProviderRole.Program, "Peer recovery group"))
        .AddPastDiagnosis(new PastDiagnosis("Major depressive episode", DiagnosedOn: new DateOnly(2019, 5, 1)))
        .AddPastTreatment(new PastTreatment("Ten sessions of CBT", Outcome: "partial response"))
        .RecordDisclosure(new DisclosedEvent(new DateOnly(2026, 2, 9), "Synthetic event description"))
        .AddTrigger("raised voices")
        .AddInterventionToAvoid("imaginal exposure without preparation");

    [Fact]
    public void A_profile_survives_a_json_round_trip()
    {
        var profile = Sample();

        var json = JsonSerializer.Serialize(profile);
        var restored = JsonSerializer.Deserialize<ClientProfile>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(restored));
        Assert.Equal("raised voices", Assert.Single(restored.TraumaOverview.Triggers));
        Assert.Equal(CareProviderRole.Psychiatrist, restored.CommunityCare[0].Role);
        Assert.Equal(new DateOnly(2026, 9, 30), restored.Insurance!.Expiry);
    }

    [Fact]
    public void Views_for_anyone_but_the_clinician_leave_out_the_trauma_overview()
    {
        var shared = Sample().WithoutClinicianOnly();

        Assert.Empty(shared.TraumaOverview.SignificantEvents);
        Assert.Empty(shared.TraumaOverview.Triggers);
        Assert.Empty(shared.TraumaOverview.InterventionsToAvoid);
        Assert.Single(shared.EmergencyContacts);
    }

    [Fact]
    public void Using_a_session_counts_against_the_authorisation()
    {
        var profile = Sample().RecordSessionUsed();

        Assert.Equal(4, profile.Insurance!.SessionsUsed);
        Assert.Equal(8, profile.Insurance.SessionsRemaining);
        Assert.False(profile.Insurance.IsExpiredOn(new DateOnly(2026, 9, 30)));
        Assert.True(profile.Insurance.IsExpiredOn(new DateOnly(2026, 10, 1)));
    }

    [Fact]
    public void The_preferred_name_is_the_one_to_address_the_client_by()
    {
        Assert.Equal("Lex Example", Sample().Name.Display);
    }
}
