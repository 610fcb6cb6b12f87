using System.Text.Json;
using BotCore.Schema;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using UglyToad.PdfPig;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Record;

/// <summary>Current information, PDF export through file consent, handover and closing: over HTTP against the real app, then storage.</summary>
public abstract class RecordSliceTests
{
    private const string ClientId = "client-robin";

    protected abstract Task<BotTestApp> StartAsync();

    private sealed record World(BotTestApp App, TestUser Clinician, TestUser Colleague, TestUser Supervisor, TestUser Admin, TestUser Outsider, DateOnly Today) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private async Task<World> ArrangeAsync(bool signed = true)
    {
        var app = await StartAsync();
        var supervisor = await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        var colleague = await app.AddStaffAsync("clin-2", "Gale Colleague", StaffRoles.Clinician, supervisorId: "sup-1");
        var admin = await app.AddStaffAsync("adm-1", "Ari Admin", StaffRoles.Admin);
        var outsider = await app.AddStaffAsync("clin-3", "Olly Other", StaffRoles.Clinician);
        var today = Today(app);
        await EnrolAsync(app, ClientId, "clin-1", "Robin", "Example", p => p
            .AddEmergencyContact(new EmergencyContact("Jordan Example", "sibling", "+1 555 0100"))
            .RecordDisclosure(new DisclosedEvent(today.AddDays(-10), "A car accident in 2019"))
            .AddInterventionToAvoid("Eyes-closed imagery"));
        var plan = Plan(ClientId, today, Objective("obj-1", today.AddDays(60)), Objective("obj-2", today.AddDays(90), "Two evenings out each week"));
        if (signed)
        {
            plan = plan.Sign(SignerRole.Clinician, "clin-1", DateTimeOffset.UtcNow);
        }

        await SavePlanAsync(app, plan);
        return new World(app, clinician, colleague, supervisor, admin, outsider, today);
    }

    [Fact]
    public async Task Plan_card_shows_the_problem_statement_and_the_record_buttons_to_the_clinician_only()
    {
        await using var w = await ArrangeAsync();
        var text = Text(CardOf(Assert.Single(await w.App.SayAsync(w.Clinician, "show plan Robin"))));
        Assert.Contains("Problem: Low mood most days", text);
        Assert.Contains("Edit current information", text);
        Assert.Contains("Export PDF", text);

        var supervisorView = await w.App.InvokeAsync(w.Supervisor, "plan.show", new { clientId = ClientId });
        var seen = Text(CardOf(supervisorView));
        Assert.Contains("Problem: Low mood most days", seen);
        Assert.DoesNotContain("Export PDF", seen);
        Assert.DoesNotContain("Eyes-closed imagery", seen);
    }

    [Fact]
    public async Task Saving_current_information_keeps_the_prior_profile_and_a_second_press_saves_nothing_twice()
    {
        await using var w = await ArrangeAsync();
        var form = CardOf(await w.App.InvokeAsync(w.Clinician, "profile.edit", new { clientId = ClientId }));
        var data = SaveData(form);
        var save = new Dictionary<string, object?>(data)
        {
            ["phone"] = "+1 555 0199",
            ["emergencyContacts"] = "Jordan Example, sibling, +1 555 0100\nAlex Example, parent, +1 555 0102",
            ["newTrigger"] = "Sirens at night",
            ["newAvoid"] = "Unannounced touch",
        };

        var first = Text(CardOf(await w.App.InvokeAsync(w.Clinician, "profile.save", save)));
        var second = Text(CardOf(await w.App.InvokeAsync(w.Clinician, "profile.save", save)));

        Assert.Contains("Saved the current information and overview", first);
        Assert.Contains("Sirens at night", first);
        Assert.Contains("already saved", second);
        var profile = (await w.App.Get<ClientRecords>().GetProfileAsync(ClientId, default))!.Value;
        Assert.Equal("+1 555 0199", profile.Contact.Phone);
        Assert.Equal(2, profile.EmergencyContacts.Count);
        Assert.Single(profile.TraumaOverview.Triggers);
        var history = Assert.Single(await w.App.Get<ClientRecords>().ListProfileHistoryAsync(ClientId, default));
        Assert.Null(history.Prior!.Contact.Phone);
        Assert.Equal("clin-1", history.ChangedBy);
    }

    [Fact]
    public async Task A_bad_line_keeps_what_was_typed_and_saves_nothing_and_only_the_clinician_of_record_opens_the_form()
    {
        await using var w = await ArrangeAsync();
        var data = SaveData(CardOf(await w.App.InvokeAsync(w.Clinician, "profile.edit", new { clientId = ClientId })));
        var answer = Text(CardOf(await w.App.InvokeAsync(w.Clinician, "profile.save", new Dictionary<string, object?>(data) { ["emergencyContacts"] = "just a name" })));
        Assert.Contains("Emergency contact line 1", answer);
        Assert.Empty(await w.App.Get<ClientRecords>().ListProfileHistoryAsync(ClientId, default));

        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await w.App.InvokeAsync(w.Supervisor, "profile.edit", new { clientId = ClientId })));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await w.App.InvokeAsync(w.Colleague, "profile.save", data)));
    }

    [Fact]
    public async Task Export_offers_a_consent_card_and_accepting_uploads_one_pdf_once_then_shows_the_file()
    {
        await using var w = await ArrangeAsync();
        await using var upload = await UploadEndpoint.StartAsync();
        var offer = Assert.Single(await w.App.SayAsync(w.Clinician, "export Robin"));
        Assert.True(offer.Attachments is { Count: 1 }, ReplyText.Of(offer) + " " + JsonSerializer.Serialize(offer, BotJson.Options));
        var consent = Assert.Single(offer.Attachments!);
        Assert.Equal(FileConsent.ConsentCardContentType, consent.ContentType);
        Assert.DoesNotContain("Robin", consent.Name);
        var context = consent.Content!.Value.GetProperty("acceptContext");

        var accepted = await ConsentAsync(w, w.Clinician, "accept", context, upload.Url("plan.pdf"));
        var again = await ConsentAsync(w, w.Clinician, "accept", context, upload.Url("plan.pdf"));

        var put = Assert.Single(upload.Puts);
        Assert.Equal($"bytes 0-{put.Body.Length - 1}/{put.Body.Length}", put.ContentRange);
        Assert.Equal(FileConsent.InfoCardContentType, Assert.Single(Assert.Single(accepted).Attachments!).ContentType);
        Assert.Contains("already accepted", ReplyText.All(again));

        using var pdf = PdfDocument.Open(put.Body);
        var pages = pdf.GetPages().Select(p => p.Text).ToList();
        var all = string.Join("\n", pages);
        Assert.Contains("Treatment plan: Robin Example", all);
        Assert.Contains("Jordan Example", all);
        Assert.Contains("Problem: Low mood most days", all);
        Assert.Contains("Keep a short mood diary", all);
        Assert.Contains("Behavioural activation", all);
        Assert.Contains("Baseline: 18", all);
        Assert.Contains("Clinician: Casey Clinician", all);
        Assert.DoesNotContain("Eyes-closed imagery", all);
        Assert.Contains($"Page 1 of {pages.Count}", pages[0]);
        Assert.All(pages, p => Assert.Contains("Treatment plan version 1 · content hash", p));
        var stored = (await w.App.Get<ClientRecords>().FindExportAsync(ClientId, context.GetProperty("exportId").GetString()!, default))!.Value;
        Assert.Equal(ExportStatus.Delivered, stored.Status);
    }

    [Fact]
    public async Task The_full_export_carries_the_overview_declining_uploads_nothing_and_only_the_clinician_of_record_exports()
    {
        await using var w = await ArrangeAsync();
        await using var upload = await UploadEndpoint.StartAsync();
        var full = Assert.Single(Assert.Single(await w.App.SayAsync(w.Clinician, "export Robin full")).Attachments!).Content!.Value.GetProperty("acceptContext");
        await ConsentAsync(w, w.Clinician, "accept", full, upload.Url("full.pdf"));
        using (var pdf = PdfDocument.Open(Assert.Single(upload.Puts).Body))
        {
            Assert.Contains("Eyes-closed imagery", string.Join("\n", pdf.GetPages().Select(p => p.Text)));
        }

        var offer = Assert.Single(Assert.Single(await w.App.SayAsync(w.Clinician, "export Robin")).Attachments!).Content!.Value.GetProperty("declineContext");
        var declined = await ConsentAsync(w, w.Clinician, "decline", offer, upload.Url("declined.pdf"));
        Assert.Contains("nothing was uploaded", ReplyText.All(declined));
        Assert.Single(upload.Puts);

        // Someone else accepting the clinician's card (a forwarded card, a crafted invoke) gets the gate's refusal.
        var other = await ConsentAsync(w, w.Colleague, "accept", full, upload.Url("other.pdf"));
        Assert.Contains(AccessDecision.RefusalMessage, ReplyText.All(other));
        Assert.Single(upload.Puts);
        Assert.Contains("None of your clients", ReplyText.All(await w.App.SayAsync(w.Outsider, "export Robin")));
    }

    [Fact]
    public async Task A_supervisor_with_no_other_supervisee_is_told_so_instead_of_an_empty_picker()
    {
        await using var w = await ArrangeAsync();
        var staff = w.App.Get<StaffDirectory>();
        var colleague = (await staff.FindAsync(w.Colleague.TenantId, "clin-2", default))!;
        await staff.SaveAsync(colleague.Value with { SupervisorId = null }, colleague.ETag, default);

        var reply = ReplyText.All(await w.App.SayAsync(w.Supervisor, "reassign Robin"));

        Assert.Contains("None of your other supervisees can take over", reply);
    }

    [Fact]
    public async Task A_supervisor_hands_a_client_to_a_supervisee_once_caseloads_and_access_follow()
    {
        await using var w = await ArrangeAsync();
        Assert.Contains(Handover(), ReplyText.All(await w.App.SayAsync(w.Clinician, "reassign Robin")));

        var card = CardOf(Assert.Single(await w.App.SayAsync(w.Supervisor, "reassign Robin")));
        var data = Data(card, "client.reassign");
        var press = new Dictionary<string, object?>(data) { ["newClinicianId"] = "clin-2" };
        var first = MessageOf(await w.App.InvokeAsync(w.Supervisor, "client.reassign", press));
        var second = MessageOf(await w.App.InvokeAsync(w.Supervisor, "client.reassign", press));

        Assert.Contains("is now Gale Colleague's client", first);
        Assert.Contains("already handed over", second);
        var enrolment = (await w.App.Get<ClientRecords>().GetEnrolmentAsync(ClientId, default))!.Value;
        Assert.Equal("clin-2", enrolment.ClinicianId);
        Assert.Empty(await w.App.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-1", default));
        Assert.Single(await w.App.Get<CaseloadIndex>().ListAsync(BotTestApp.Tenant, "clin-2", default));
        Assert.Equal(AccessDecision.RefusalMessage, MessageOf(await w.App.InvokeAsync(w.Clinician, "plan.show", new { clientId = ClientId })));
        Assert.Contains("Robin Example", Text(CardOf(await w.App.InvokeAsync(w.Colleague, "plan.show", new { clientId = ClientId }))));

        // A card from before the handover is stale: it changes nothing.
        var stale = Text(CardOf(await w.App.InvokeAsync(w.Admin, "client.reassign", new Dictionary<string, object?>(data) { ["handoverId"] = "handover-other", ["newClinicianId"] = "clin-1" })));
        Assert.Contains("changed since that card was sent", stale);
        Assert.Equal("clin-2", (await w.App.Get<ClientRecords>().GetEnrolmentAsync(ClientId, default))!.Value.ClinicianId);
    }

    [Fact]
    public async Task Closing_with_a_referral_records_it_once_and_the_closed_plan_reads_but_cannot_change()
    {
        await using var w = await ArrangeAsync();
        Assert.Contains("None of your clients", ReplyText.All(await w.App.SayAsync(w.Outsider, "close Robin")));
        var card = CardOf(Assert.Single(await w.App.SayAsync(w.Clinician, "close Robin referral")));
        Assert.Contains("0 of 2 achieved", Text(card));
        var data = Data(card, "plan.close");

        var missing = Text(CardOf(await w.App.InvokeAsync(w.Clinician, "plan.close", new Dictionary<string, object?>(data) { ["kind"] = "referral" })));
        Assert.Contains("say to whom and why", missing);

        var press = new Dictionary<string, object?>(data) { ["kind"] = "referral", ["referralTo"] = "Community trauma service", ["referralReason"] = "Specialist trauma care" };
        var first = MessageOf(await w.App.InvokeAsync(w.Clinician, "plan.close", press));
        var second = MessageOf(await w.App.InvokeAsync(w.Clinician, "plan.close", press));
        Assert.Contains("referred on to Community trauma service", first);
        Assert.Contains("already closed", second);

        var plan = (await StoredPlanAsync(w.App, ClientId)).Value;
        Assert.Equal(PlanStatus.Discharged, plan.Status);
        Assert.Single(plan.Referrals);
        Assert.Equal(ClientStatus.Referred, (await w.App.Get<ClientRecords>().GetEnrolmentAsync(ClientId, default))!.Value.Status);
        var shown = Text(CardOf(await w.App.InvokeAsync(w.Supervisor, "plan.show", new { clientId = ClientId })));
        Assert.Contains("Discharged", shown);
        var edit = Text(CardOf(await w.App.InvokeAsync(w.Clinician, "objective.achieve", new { clientId = ClientId, planVersion = (await StoredPlanAsync(w.App, ClientId)).ETag, objectiveId = "obj-1" })));
        Assert.Contains("discharged; start a new plan to make changes", edit);
    }

    private static string Handover() => TreatmentPlanBot.Features.Handover.ReassignActions.NotYours;

    private static async Task<IReadOnlyList<Activity>> ConsentAsync(World w, TestUser user, string action, JsonElement context, string uploadUrl) =>
        await w.App.SendAsync(w.App.MessageFrom(user) with
        {
            Type = ActivityTypes.Invoke,
            Name = FileConsent.InvokeName,
            Value = JsonSerializer.SerializeToElement(new { type = "fileUpload", action, context, uploadInfo = new { name = "plan.pdf", uploadUrl, contentUrl = "https://example.invalid/files/plan.pdf", uniqueId = "file-1", fileType = "pdf" } }, BotJson.Options),
        });

    /// <summary>The data an Action.Execute with this verb carries on the card.</summary>
    private static Dictionary<string, object?> Data(JsonElement card, string verb)
    {
        foreach (var action in card.GetProperty("actions").EnumerateArray())
        {
            if (action.TryGetProperty("verb", out var v) && v.GetString() == verb)
            {
                return action.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());
            }
        }

        throw new InvalidOperationException($"No {verb} action on the card.");
    }

    /// <summary>The Save data with every input's prefilled value, as Teams merges inputs into the data.</summary>
    private static Dictionary<string, object?> SaveData(JsonElement card)
    {
        var data = Data(card, "profile.save");
        foreach (var item in card.GetProperty("body").EnumerateArray())
        {
            if (item.TryGetProperty("id", out var id) && item.GetProperty("type").GetString()!.StartsWith("Input.", StringComparison.Ordinal))
            {
                data[id.GetString()!] = item.TryGetProperty("value", out var value) ? value.GetString() : string.Empty;
            }
        }

        return data;
    }
}

public sealed class RecordSliceOnSqliteTests : RecordSliceTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class RecordSliceOnAzuriteTests(AzuriteFixture azurite) : RecordSliceTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
