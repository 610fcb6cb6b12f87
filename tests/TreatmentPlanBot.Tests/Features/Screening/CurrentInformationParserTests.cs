using TreatmentPlanBot.Features.Screening;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.Features.Screening;

/// <summary>Intake answers are read loosely, but what is clearly not a phone number or an email address is refused.</summary>
public sealed class CurrentInformationParserTests
{
    [Theory]
    [InlineData("sam@example.org", null, "sam@example.org")]
    [InlineData("555 0100 987", "555 0100 987", null)]
    [InlineData("(555) 010-0199, sam@example.org", "(555) 010-0199", "sam@example.org")]
    [InlineData("sam@example.org or +44 20 7946 0000", "+44 20 7946 0000", "sam@example.org")]
    public void A_phone_an_email_or_both_are_recognised(string typed, string? phone, string? email)
    {
        Assert.Equal(new ContactDetails(phone, email, null), CurrentInformationParser.ParseContact(typed));
    }

    [Theory]
    [InlineData("call them maybe")]
    [InlineData("12345")]
    [InlineData("sam at example dot org")]
    [InlineData("sam@example.org and ask for Sam")]
    [InlineData("1234567890123456789")]
    public void Anything_that_is_not_a_way_to_reach_them_is_refused(string typed)
    {
        Assert.Null(CurrentInformationParser.ParseContact(typed));
    }

    [Fact]
    public void An_emergency_contact_needs_a_name_a_relationship_and_a_phone()
    {
        Assert.Equal(new EmergencyContact("Jordan Example", "partner", "555 0100 123"), CurrentInformationParser.ParseEmergencyContact("Jordan Example, partner, 555 0100 123"));
        Assert.Null(CurrentInformationParser.ParseEmergencyContact("Jordan Example, partner"));
        Assert.Null(CurrentInformationParser.ParseEmergencyContact("Jordan Example, partner, ask Sam"));
    }

    [Fact]
    public void Care_providers_are_role_and_name_pairs_with_the_usual_words_for_each_role()
    {
        var providers = CurrentInformationParser.ParseCommunityCare("Psychiatrist: Dr Lee Example; GP: Dr Okafor Example\ncase manager: Riley Example; program: Day program (synthetic)");

        Assert.Equal(
        [
            new CommunityCareProvider(CareProviderRole.Psychiatrist, "Dr Lee Example"),
            new CommunityCareProvider(CareProviderRole.GeneralPractitioner, "Dr Okafor Example"),
            new CommunityCareProvider(CareProviderRole.CaseManager, "Riley Example"),
            new CommunityCareProvider(CareProviderRole.Program, "Day program (synthetic)"),
        ], providers);
        Assert.Null(CurrentInformationParser.ParseCommunityCare("Dr Lee Example"));
        Assert.Null(CurrentInformationParser.ParseCommunityCare("dentist: Dr Example"));
        Assert.Null(CurrentInformationParser.ParseCommunityCare(string.Join("; ", Enumerable.Range(1, CurrentInformationParser.MaxCommunityCareProviders + 1).Select(i => $"program: Program {i}"))));
        Assert.Null(CurrentInformationParser.ParseCommunityCare("psychiatrist:"));
    }
}
