using System.Text.Json;
using BotCore.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Tests.Features.Planning;

/// <summary>A clinician (clin-1) planning for Robin Example (client-1) through the real app, and what that stored.</summary>
internal sealed class PlanningChat(BotTestApp app, TestUser clinician)
{
    public const string ClientId = "client-1";

    public string LastReply { get; private set; } = string.Empty;

    public static async Task<PlanningChat> StartAsync(BotTestApp app)
    {
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var enrolment = new ClientEnrolment(ClientId, BotTestApp.Tenant, "clin-1", "Robin Example", ClientStatus.Planning, DateTimeOffset.UtcNow.AddDays(-10));
        await app.Get<ClientRecords>().CreateAsync(enrolment, ClientProfile.New(ClientId, new PersonName("Robin", "Example")), default);
        await app.Get<CaseloadRefresher>().RefreshAsync(ClientId, default);
        return new PlanningChat(app, clinician);
    }

    public async Task<string> Say(string text) => LastReply = ReplyText.All(await app.SayAsync(clinician, text));

    public async Task<string> Answer(string choice) => LastReply = ReplyText.All(await app.SubmitAsync(clinician, new { choice, goalDraftId = "draft" }));

    public async Task<string> Tick(string choices) => LastReply = ReplyText.All(await app.SubmitAsync(clinician, new { choices }));

    /// <summary>Puts a stored conversation in place, as a deployment finds it: the clinician's chat state from a fixture.</summary>
    public async Task RestoreConversationAsync(string fixture)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Planning", fixture + ".json"));
        var key = $"msteams/conversations/{clinician.PersonalConversationId}";
        await app.Get<IStorage>().WriteAsync(new Dictionary<string, StoreItem> { [key] = new(JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(json)!, "*") });
    }

    public async Task<TreatmentPlan> StoredPlanAsync() =>
        (await app.Get<ClientRecords>().GetPlanAsync(ClientId, default))?.Value ?? throw new Xunit.Sdk.XunitException("No plan was stored.");

    /// <summary>From the summary card: Save, then no more goals.</summary>
    public async Task SaveAsync()
    {
        Assert.Contains("Saved.", await Answer("save"));
        await Say("no");
    }
}
