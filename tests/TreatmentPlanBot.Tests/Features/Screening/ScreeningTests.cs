using System.Text.Json;
using BotCore.Schema;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.Features.Screening;

/// <summary>Screening conversations over HTTP against the real app on SQLite; each ends by re-reading what was stored.</summary>
public sealed class ScreeningTests : IAsyncLifetime
{
    private BotTestApp _app = null!;

    public async Task InitializeAsync() => _app = await BotTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_new_client_screened_by_typing_gets_a_record_a_screening_and_a_caseload_line()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["low-mood", "worry", "sleep"]);

        Assert.Contains(CurrentInformationDialog.AskGivenName, await Say(clinician, "new client"));
        Assert.Contains(CurrentInformationDialog.AskFamilyName, await Say(clinician, "Sam"));
        Assert.Contains(CurrentInformationDialog.AskPreferredName, await Say(clinician, "Example"));
        Assert.Contains(CurrentInformationDialog.AskPronouns, await Say(clinician, "Sammy"));
        Assert.Contains(CurrentInformationDialog.AskContact, await Say(clinician, "they/them"));
        Assert.Contains("at least one way to reach them", await Say(clinician, "call them maybe"));
        Assert.Contains(CurrentInformationDialog.AskEmergencyContact, await Say(clinician, "+1 (555) 010-0199 and sam@example.org"));
        Assert.Contains(CurrentInformationDialog.AskCommunityCare, await Say(clinician, "Jordan Example, partner, 555 0100 123"));
        Assert.Contains(CurrentInformationDialog.AskTreatedBefore, await Say(clinician, "psychiatrist: Dr Lee Example; GP: Dr Okafor Example"));
        Assert.Contains(CurrentInformationDialog.AskTreatmentNote, await Say(clinician, "yes"));
        Assert.Contains(CurrentInformationDialog.AskPastDiagnoses, await Say(clinician, "CBT for anxiety in 2023, eight sessions, helped"));
        Assert.Contains(ScreeningDialog.AskConcerns, await Say(clinician, "Generalised anxiety disorder; insomnia"));
        Assert.Contains(ScreeningDialog.AskOwnWords, await Say(clinician, "Low mood, worry or anxiety"));
        Assert.Contains(ScreeningDialog.AskUrgency, await Say(clinician, "I feel flat and can't stop worrying about work"));
        var summary = await Say(clinician, "routine");
        Assert.Contains("Screening summary for Sammy Example", summary);
        Assert.Contains("Emergency contact: Jordan Example (partner), 555 0100 123", summary);
        Assert.Contains(ScreeningDialog.AskSave, summary);

        var replies = await _app.SayAsync(clinician, "yes");

        Assert.Contains("Sammy Example is now on your caseload", ReplyText.All(replies));
        var entry = Assert.Single(await CaseloadOf("clin-1"));
        Assert.Matches("^client-[a-z2-7]{10}$", entry.ClientId);
        Assert.Equal("Sammy Example", entry.DisplayName);
        Assert.Equal(ClientStatus.Assessment, entry.Status);

        var records = _app.Get<ClientRecords>();
        var enrolment = (await records.GetEnrolmentAsync(entry.ClientId, default))!.Value;
        Assert.Equal("clin-1", enrolment.ClinicianId);
        Assert.Equal(BotTestApp.Tenant, enrolment.TenantId);

        var profile = (await records.GetProfileAsync(entry.ClientId, default))!.Value;
        Assert.Equal(new PersonName("Sam", "Example", "Sammy"), profile.Name);
        Assert.Equal("they/them", profile.Pronouns);
        Assert.Equal("+1 (555) 010-0199", profile.Contact.Phone);
        Assert.Equal("sam@example.org", profile.Contact.Email);
        Assert.Equal(new EmergencyContact("Jordan Example", "partner", "555 0100 123"), Assert.Single(profile.EmergencyContacts));
        Assert.Equal(
            [new CommunityCareProvider(CareProviderRole.Psychiatrist, "Dr Lee Example"), new CommunityCareProvider(CareProviderRole.GeneralPractitioner, "Dr Okafor Example")],
            profile.CommunityCare);
        Assert.Equal("CBT for anxiety in 2023, eight sessions, helped", Assert.Single(profile.PastTreatment).Description);
        Assert.Equal(["Generalised anxiety disorder", "insomnia"], profile.PastDiagnoses.Select(d => d.Description));

        var screening = Assert.Single(await records.ListScreeningsAsync(entry.ClientId, default));
        Assert.Equal(["low-mood", "worry"], screening.PresentingConcerns);
        Assert.Equal("I feel flat and can't stop worrying about work", screening.ConcernsInOwnWords);
        Assert.Equal(ScreeningUrgency.Routine, screening.Urgency);
        Assert.True(screening.PriorTreatment);
        Assert.True(screening.FitsClinician);
        Assert.Null(screening.ReferralDestination);
        Assert.Equal(["ASQ", "PHQ-9", "GAD-7"], screening.RecommendedInstruments);
        Assert.Equal("clin-1", screening.ScreenedBy);

        var buttons = ScreeningSummaryCardReading.StartButtons(replies);
        Assert.Equal(["ASQ", "PHQ-9", "GAD-7"], buttons.Select(b => b.InstrumentId));
        Assert.All(buttons, b => Assert.Equal(entry.ClientId, b.ClientId));

        var audit = await _app.Get<AuditLog>().ListAsync(entry.ClientId, default);
        Assert.Contains(audit, a => a.Record == "enrolment and profile" && a.Action == nameof(ClientAction.Write) && a.Allowed);
        Assert.Contains(audit, a => a.Record == "screening" && a.Action == nameof(ClientAction.Write) && a.Allowed);
    }

    [Fact]
    public async Task A_new_client_screened_with_buttons_and_no_emergency_contact_is_saved_with_the_gap_flagged()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["trauma", "sleep", "self-harm-thoughts"]);
        await TypeCurrentInformationAsync(clinician, emergencyContact: "skip", treatedBefore: new { choice = "no" }, expectMissingContactNote: true);

        var afterConcerns = ReplyText.All(await _app.SubmitAsync(clinician, new { choices = "trauma,sleep,self-harm-thoughts" }));
        Assert.Contains("Run the suicide-risk screen today", afterConcerns);
        Assert.Contains(ScreeningDialog.AskOwnWords, afterConcerns);
        await Say(clinician, "skip");
        var urgent = ReplyText.All(await _app.SubmitAsync(clinician, new { choice = ScreeningUrgency.Urgent }));
        Assert.Contains("988 Suicide & Crisis Lifeline", urgent);
        Assert.Contains(ScreeningDialog.AskSave, urgent);

        var replies = await _app.SubmitAsync(clinician, new { choice = "yes" });

        Assert.Contains("Their plan will flag the missing emergency contact", ReplyText.All(replies));
        var entry = Assert.Single(await CaseloadOf("clin-1"));
        var records = _app.Get<ClientRecords>();
        var profile = (await records.GetProfileAsync(entry.ClientId, default))!.Value;
        Assert.Empty(profile.EmergencyContacts);
        Assert.Empty(profile.PastTreatment);
        var screening = Assert.Single(await records.ListScreeningsAsync(entry.ClientId, default));
        Assert.Equal(["self-harm-thoughts", "sleep", "trauma"], screening.PresentingConcerns.Order());
        Assert.Equal(ScreeningUrgency.Urgent, screening.Urgency);
        Assert.False(screening.PriorTreatment);
        Assert.Null(screening.ConcernsInOwnWords);
        Assert.Equal("ASQ", ScreeningSummaryCardReading.StartButtons(replies)[0].InstrumentId);
        Assert.Contains("PC-PTSD-5", ScreeningSummaryCardReading.StartButtons(replies).Select(b => b.InstrumentId));
    }

    [Fact]
    public async Task A_concern_the_clinician_does_not_treat_records_a_referral_and_marks_the_client_referred()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["low-mood"], doesNotTreat: ["alcohol"]);
        await TypeCurrentInformationAsync(clinician);
        await _app.SubmitAsync(clinician, new { choices = "low-mood,alcohol" });
        await Say(clinician, "skip");
        var suggestion = ReplyText.All(await _app.SubmitAsync(clinician, new { choice = ScreeningUrgency.Soon }));
        Assert.Contains("Referral suggested", suggestion);
        Assert.Contains("does not treat alcohol use", suggestion);
        Assert.Contains(ScreeningDialog.AskReferOrKeep, suggestion);

        Assert.Contains(ScreeningDialog.AskReferralReason, ReplyText.All(await _app.SubmitAsync(clinician, new { choice = "refer" })));
        Assert.Contains(ScreeningDialog.AskReferralDestination, await Say(clinician, "Alcohol use needs a specialist service first."));
        Assert.Contains("Referral to Community alcohol service (synthetic)", await Say(clinician, "Community alcohol service (synthetic)"));
        var replies = await _app.SubmitAsync(clinician, new { choice = "yes" });

        Assert.Contains("status is now Referred", ReplyText.All(replies));
        var entry = Assert.Single(await CaseloadOf("clin-1"));
        Assert.Equal(ClientStatus.Referred, entry.Status);
        var records = _app.Get<ClientRecords>();
        Assert.Equal(ClientStatus.Referred, (await records.GetEnrolmentAsync(entry.ClientId, default))!.Value.Status);
        var screening = Assert.Single(await records.ListScreeningsAsync(entry.ClientId, default));
        Assert.False(screening.FitsClinician);
        Assert.Equal("Alcohol use needs a specialist service first.", screening.ReferralReason);
        Assert.Equal("Community alcohol service (synthetic)", screening.ReferralDestination);
        var facts = ScreeningSummaryCardReading.Facts(replies);
        Assert.Equal("to Community alcohol service (synthetic)", facts["Referral"]);
        Assert.False(facts.ContainsKey("Fit"));
    }

    [Fact]
    public async Task Without_setup_the_clinician_is_told_and_confirms_the_fit_and_ok_keeps_the_suggested_reason()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await TypeCurrentInformationAsync(clinician);
        await _app.SubmitAsync(clinician, new { choices = "gambling" });
        await Say(clinician, "skip");
        var reply = ReplyText.All(await _app.SubmitAsync(clinician, new { choice = ScreeningUrgency.Routine }));
        Assert.Contains("You haven't told me which areas you treat yet", reply);
        Assert.Contains(ScreeningDialog.AskTakeClient, reply);

        await _app.SubmitAsync(clinician, new { choice = "no" });
        await Say(clinician, "ok");
        await Say(clinician, "Dr Rowan Example, gambling clinic");
        await _app.SubmitAsync(clinician, new { choice = "yes" });

        var entry = Assert.Single(await CaseloadOf("clin-1"));
        var screening = Assert.Single(await _app.Get<ClientRecords>().ListScreeningsAsync(entry.ClientId, default));
        Assert.Equal("Gambling or other compulsive behaviour is not among the areas this clinician treats.", screening.ReferralReason);
        Assert.Equal(ClientStatus.Referred, entry.Status);
    }

    [Fact]
    public async Task Screen_finds_only_the_callers_own_client_and_adds_a_screening_to_their_record()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["worry"]);
        await _app.AddStaffAsync("clin-2", "Robin Colleague", StaffRoles.Clinician, treats: ["worry"]);
        var mine = await EnrolAsync("client-mine000001", "clin-1", "Alex Example");
        var theirs = await EnrolAsync("client-theirs0001", "clin-2", "Alex Example");
        var stranger = await _app.AddStaffAsync("clin-3", "Morgan Other", StaffRoles.Clinician);

        Assert.Contains("None of your clients matches", await Say(stranger, "screen Alex Example"));

        Assert.Contains(ScreeningDialog.AskConcerns, await Say(clinician, "screen Alex Example"));
        await _app.SubmitAsync(clinician, new { choices = "worry" });
        await Say(clinician, "Worse since a change of job");
        Assert.Contains(ScreeningDialog.AskPriorTreatment, ReplyText.All(await _app.SubmitAsync(clinician, new { choice = ScreeningUrgency.Routine })));
        Assert.Contains("Worry or anxiety is among the areas you treat", await Say(clinician, "yes"));
        var replies = await _app.SubmitAsync(clinician, new { choice = "yes" });

        Assert.Contains("Screening saved to Alex Example's record", ReplyText.All(replies));
        var records = _app.Get<ClientRecords>();
        var screening = Assert.Single(await records.ListScreeningsAsync(mine, default));
        Assert.True(screening.PriorTreatment);
        Assert.Empty(await records.ListScreeningsAsync(theirs, default));
        Assert.Equal(ClientStatus.Discharged, (await records.GetEnrolmentAsync(theirs, default))!.Value.Status);
        Assert.Equal(ClientStatus.Assessment, (await records.GetEnrolmentAsync(mine, default))!.Value.Status);
        Assert.All(ScreeningSummaryCardReading.StartButtons(replies), b => Assert.Equal(mine, b.ClientId));
        Assert.Empty(await CaseloadOf("clin-3"));
    }

    [Fact]
    public async Task Cancel_mid_way_stores_nothing_and_says_so()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["worry"]);
        await Say(clinician, "new client");
        await Say(clinician, "Sam");
        await Say(clinician, "Example");

        var reply = await Say(clinician, "cancel");

        Assert.Contains("I've stopped the screening", reply);
        Assert.Contains(ScreeningDialog.NothingSaved, reply);
        Assert.Empty(await CaseloadOf("clin-1"));
        Assert.Equal(BotReplies.NothingToCancel, await Say(clinician, "cancel"));
    }

    [Fact]
    public async Task Answering_no_to_the_summary_stores_nothing_and_says_so()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["worry"]);
        await TypeCurrentInformationAsync(clinician);
        await _app.SubmitAsync(clinician, new { choices = "worry" });
        await Say(clinician, "skip");
        await _app.SubmitAsync(clinician, new { choice = ScreeningUrgency.Routine });

        var reply = ReplyText.All(await _app.SubmitAsync(clinician, new { choice = "no" }));

        Assert.Contains(ScreeningDialog.NothingSaved, reply);
        Assert.Empty(await CaseloadOf("clin-1"));
    }

    [Fact]
    public async Task Help_mid_way_explains_the_step_says_nothing_is_saved_yet_and_asks_again()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await Say(clinician, "new client");
        await Say(clinician, "Sam");
        await Say(clinician, "Example");
        await Say(clinician, "skip");
        await Say(clinician, "skip");

        var reply = await Say(clinician, "help");

        Assert.Contains("At least one of a phone number or an email address", reply);
        Assert.Contains("Nothing is saved until you confirm the summary", reply);
        Assert.Contains(CurrentInformationDialog.AskContact, reply);
    }

    [Fact]
    public async Task Someone_who_is_not_a_clinician_gets_the_role_message_and_no_screening_starts()
    {
        var supervisor = await _app.AddStaffAsync("sup-1", "Pat Supervisor", StaffRoles.Supervisor);

        var reply = await Say(supervisor, "new client");

        Assert.Equal(BotReplies.NotForYourRole("new client", StaffRoles.Clinician), reply);
        Assert.Equal(BotReplies.NotUnderstood, await Say(supervisor, "Sam"));
    }

    [Fact]
    public async Task Clicking_save_twice_or_the_same_click_delivered_twice_creates_one_client()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["worry"]);
        await TypeCurrentInformationAsync(clinician);
        await _app.SubmitAsync(clinician, new { choices = "worry" });
        await Say(clinician, "skip");
        await _app.SubmitAsync(clinician, new { choice = ScreeningUrgency.Routine });

        var click = PersonalSubmit(clinician, new { choice = "yes" });
        await _app.SendAsync(click);
        var redelivered = ReplyText.All(await _app.SendAsync(click));
        var second = ReplyText.All(await _app.SubmitAsync(clinician, new { choice = "yes" }));

        Assert.Equal(BotReplies.ButtonFromFinishedConversation, second);
        Assert.DoesNotContain("now on your caseload", redelivered);
        var entry = Assert.Single(await CaseloadOf("clin-1"));
        Assert.Single(await _app.Get<ClientRecords>().ListScreeningsAsync(entry.ClientId, default));
    }

    [Fact]
    public async Task Two_clicks_on_save_racing_each_other_create_one_client_with_one_screening()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["worry"]);
        await TypeCurrentInformationAsync(clinician);
        await _app.SubmitAsync(clinician, new { choices = "worry" });
        await Say(clinician, "skip");
        await _app.SubmitAsync(clinician, new { choice = ScreeningUrgency.Routine });

        var before = _app.Connector.Calls.Count;
        await Task.WhenAll(
            _app.SendAsync(PersonalSubmit(clinician, new { choice = "yes" })),
            _app.SendAsync(PersonalSubmit(clinician, new { choice = "yes" })));

        // Each SendAsync also sees the other's replies while they overlap, so count what the chat received in all.
        var received = _app.Connector.Calls.Skip(before).Where(c => c.Method == "POST" && c.Activity is not null).Select(c => ReplyText.Of(c.Activity!)).ToList();
        Assert.Single(received, text => text.Contains("now on your caseload", StringComparison.Ordinal));
        Assert.Single(received, text => text == BotReplies.ButtonFromFinishedConversation);
        var entry = Assert.Single(await CaseloadOf("clin-1"));
        Assert.Single(await _app.Get<ClientRecords>().ListScreeningsAsync(entry.ClientId, default));
    }

    // ----- Conversation helpers -----
    private async Task<string> Say(TestUser user, string text) => ReplyText.All(await _app.SayAsync(user, text));

    /// <summary>Types a new client's current information up to the presenting-concerns question.</summary>
    private async Task TypeCurrentInformationAsync(TestUser clinician, string emergencyContact = "Jordan Example, partner, 555 0100 123", object? treatedBefore = null, bool expectMissingContactNote = false)
    {
        await Say(clinician, "new client");
        await Say(clinician, "Sam");
        await Say(clinician, "Example");
        await Say(clinician, "skip");
        await Say(clinician, "skip");
        await Say(clinician, "sam@example.org");
        var afterContact = await Say(clinician, emergencyContact);
        Assert.Equal(expectMissingContactNote, afterContact.Contains(CurrentInformationDialog.EmergencyContactMissing, StringComparison.Ordinal));
        await Say(clinician, "skip");
        var concerns = ReplyText.All(await _app.SubmitAsync(clinician, treatedBefore ?? new { choice = "no" }));
        Assert.Contains(CurrentInformationDialog.AskPastDiagnoses, concerns);
        Assert.Contains(ScreeningDialog.AskConcerns, await Say(clinician, "skip"));
    }

    private async Task<string> EnrolAsync(string clientId, string clinicianId, string displayName)
    {
        var names = displayName.Split(' ');
        await _app.Get<ClientRecords>().CreateAsync(
            new ClientEnrolment(clientId, BotTestApp.Tenant, clinicianId, displayName, ClientStatus.Discharged, DateTimeOffset.UtcNow.AddYears(-1)),
            ClientProfile.New(clientId, new PersonName(names[0], names[1])),
            default);
        await _app.Get<CaseloadRefresher>().RefreshAsync(clientId, default);
        return clientId;
    }

    private Task<IReadOnlyList<CaseloadEntry>> CaseloadOf(string clinicianId) => _app.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, clinicianId, default);

    private Activity PersonalSubmit(TestUser user, object value) => new()
    {
        Type = ActivityTypes.Message,
        Id = $"activity-click-{Guid.NewGuid():N}",
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = "msteams",
        ServiceUrl = _app.Connector.ServiceUrl,
        From = new ChannelAccount { Id = $"29:{user.UserId}", AadObjectId = user.UserId, Name = user.Name },
        Recipient = new ChannelAccount { Id = "28:bot", Name = "TreatmentPlanBot" },
        Conversation = new ConversationAccount { Id = user.PersonalConversationId, ConversationType = "personal", TenantId = user.TenantId },
        ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = user.TenantId } }),
        Value = JsonSerializer.SerializeToElement(value, BotJson.Options),
    };
}
