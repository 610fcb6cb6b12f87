using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Screening;

namespace TreatmentPlanBot.Tests.Features.Screening;

/// <summary>The typed drafts go through dialog state as JSON (BotJson, as DialogValues and waterfall options do).</summary>
public sealed class ScreeningDraftTests
{
    private static readonly CurrentInformationDraft Intake = new()
    {
        GivenName = "Sam",
        FamilyName = "Example",
        PreferredName = new Answer<string>(null),
        Pronouns = new Answer<string>("they/them"),
        Contact = new ContactDetails("555 0100 987", "sam@example.org", null),
        EmergencyContact = new Answer<EmergencyContact>(new EmergencyContact("Jordan Example", "partner", "555 0100 123")),
        CommunityCare = [new CommunityCareProvider(CareProviderRole.GeneralPractitioner, "Dr Okafor Example")],
        TreatedBefore = true,
        PastTreatmentNote = new Answer<string>(null),
        PastDiagnoses = ["insomnia"],
    };

    [Fact]
    public void A_whole_screening_draft_reads_back_as_it_was_written()
    {
        var draft = ScreeningDraft.ForNewClient() with
        {
            IntakeSoFar = Intake,
            ClientId = "client-abcdefghij",
            DisplayName = "Sam Example",
            Details = Intake.ToDetails(),
            Concerns = ["worry", "alcohol"],
            OwnWords = new Answer<string>(null),
            Urgency = ScreeningUrgency.Soon,
            PriorTreatment = true,
            Check = new FitCheck(FitVerdict.Refer, "This clinician does not treat alcohol use.", "alcohol use"),
            Fit = new FitOutcome(false, "Referred on.", Referring: true),
            ReferralReason = "Specialist first.",
            ReferralDestination = "Community alcohol service (synthetic)",
            ScreeningId = "screening-activity-1",
            ScreenedAt = new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.FromHours(1)),
        };

        var json = JsonSerializer.SerializeToNode(draft, BotJson.Options)!;
        var back = json.Deserialize<ScreeningDraft>(BotJson.Options)!;

        Assert.Equal(json.ToJsonString(), JsonSerializer.SerializeToNode(back, BotJson.Options)!.ToJsonString());
        Assert.Equal(ScreeningStep.Save, back.NextStep());
        Assert.Equal(JsonSerializer.Serialize(draft.ToSave(), BotJson.Options), JsonSerializer.Serialize(back.ToSave(), BotJson.Options));
        Assert.Equal(new Referral("Specialist first.", "Community alcohol service (synthetic)"), back.ToSave().Referral);
    }

    [Fact]
    public void A_skipped_answer_and_an_unasked_question_stay_apart_through_json()
    {
        var half = new CurrentInformationDraft { GivenName = "Sam", FamilyName = "Example", PreferredName = new Answer<string>(null) };

        var back = JsonSerializer.SerializeToNode(half, BotJson.Options)!.Deserialize<CurrentInformationDraft>(BotJson.Options)!;

        Assert.NotNull(back.PreferredName);
        Assert.Null(back.PreferredName!.Value);
        Assert.Null(back.Pronouns);
        Assert.Equal(CurrentInformationQuestion.Pronouns, back.NextQuestion());
    }

    [Fact]
    public void A_renamed_or_unknown_property_reads_back_as_that_question_unanswered()
    {
        var stored = new JsonObject { ["givenName"] = "Sam", ["familyName"] = "Example", ["preferedName"] = new JsonObject { ["value"] = "Sammy" } };

        var back = stored.Deserialize<CurrentInformationDraft>(BotJson.Options)!;

        Assert.Equal(CurrentInformationQuestion.PreferredName, back.NextQuestion());
    }

    [Fact]
    public void Intake_asks_in_order_and_skips_the_treatment_note_when_never_treated()
    {
        Assert.Equal(CurrentInformationQuestion.GivenName, new CurrentInformationDraft().NextQuestion());
        Assert.Null(Intake.NextQuestion());
        Assert.Equal(CurrentInformationQuestion.PastTreatmentNote, (Intake with { PastTreatmentNote = null }).NextQuestion());
        Assert.Null((Intake with { TreatedBefore = false, PastTreatmentNote = null }).NextQuestion());
    }

    [Fact]
    public void A_record_answers_what_it_holds_and_leaves_the_gaps_to_ask()
    {
        var profile = ClientProfile.New("client-abcdefghij", new PersonName("Alex", "Example")) with { Contact = new ContactDetails(null, "alex@example.org", "1 Example Street") };

        var draft = CurrentInformationDraft.FromProfile(profile);

        Assert.Equal(CurrentInformationQuestion.Pronouns, draft.NextQuestion());
        var filled = (draft with
        {
            Pronouns = new Answer<string>(null),
            EmergencyContact = new Answer<EmergencyContact>(new EmergencyContact("Jordan Example", "partner", "555 0100 123")),
            CommunityCare = [],
            TreatedBefore = false,
            PastDiagnoses = [],
        }).ToDetails().FillGaps(profile);
        Assert.Equal(profile.Contact, filled.Contact);
        Assert.Equal("Jordan Example", Assert.Single(filled.EmergencyContacts).Name);
        Assert.Empty(filled.PastTreatment);
    }

    [Fact]
    public void The_screening_goes_through_its_steps_in_order()
    {
        var draft = ScreeningDraft.ForClient("Alex");
        Assert.Equal(ScreeningStep.Client, draft.NextStep());
        draft = draft with { ClientId = "client-alex000001", DisplayName = "Alex Example" };
        Assert.Equal(ScreeningStep.Concerns, draft.NextStep());
        draft = draft with { Concerns = ["worry"], OwnWords = new Answer<string>(null), Urgency = ScreeningUrgency.Routine };
        Assert.Equal(ScreeningStep.PriorTreatment, draft.NextStep());
        draft = draft with { PriorTreatment = false };
        Assert.Equal(ScreeningStep.Fit, draft.NextStep());
        Assert.Equal(ScreeningStep.Save, (draft with { Fit = new FitOutcome(true, "fits", Referring: false) }).NextStep());
        Assert.Equal(ScreeningStep.ReferralReason, (draft with { Fit = new FitOutcome(false, "Referred on.", Referring: true) }).NextStep());
    }
}
