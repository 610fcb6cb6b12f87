using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.PlanCard;

/// <summary>
/// The app on SQLite with a supervisor, their supervisee clinician and the clinician's client Robin, whose file has the
/// overview entries the card shows (pronouns, insurance, an emergency contact, a psychiatrist, a trigger). Each test
/// arranges Robin's plan itself.
/// </summary>
public abstract class RobinsPlanCard : IAsyncLifetime
{
    protected const string ClientId = "client-robin";

    protected BotTestApp App { get; private set; } = null!;

    protected TestUser Clinician { get; private set; } = null!;

    protected TestUser Supervisor { get; private set; } = null!;

    protected DateOnly Today { get; private set; }

    public async Task InitializeAsync()
    {
        App = await BotTestApp.StartAsync();
        Supervisor = await App.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        Clinician = await App.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        Today = PlanFile.Today(App);
        await EnrolAsync(App, ClientId, "clin-1", "Robin", "Example", p => (p with
        {
            Pronouns = "they/them",
            Insurance = new InsuranceAuthorisation("Example Health", "AUTH-1", 12, 10, Today.AddDays(20)),
        })
            .AddEmergencyContact(new EmergencyContact("Jordan Example", "sibling", "+1 555 0100"))
            .AddCommunityCare(new CommunityCareProvider(CareProviderRole.Psychiatrist, "Dr Prescriber Example", Phone: "+1 555 0101"))
            .AddTrigger("Raised voices in the next room"));
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Saves Robin's plan with the given objectives (one PHQ-9 objective, obj-1, when none are given).</summary>
    protected async Task<string> ArrangePlanAsync(params Objective[] objectives) =>
        await SavePlanAsync(App, Plan(ClientId, Today, objectives.Length == 0 ? [Objective("obj-1", Today.AddDays(60))] : objectives));

    /// <summary>The ids a card button carries for one of Robin's objectives at plan version <paramref name="etag"/>.</summary>
    protected static object Ids(string etag, string objectiveId = "obj-1") =>
        new { clientId = ClientId, planId = $"plan-{ClientId}", planVersion = etag, objectiveId };

    /// <summary><see cref="Ids"/> as the JSON a pressed button sends.</summary>
    protected static System.Text.Json.JsonElement ButtonData(string etag, string objectiveId = "obj-1") =>
        System.Text.Json.JsonSerializer.SerializeToElement(Ids(etag, objectiveId));

    /// <summary>What the objective edit card's inputs hold when Save is pressed (completion 70 days from today).</summary>
    protected object SaveInputs(string specific, string relevance, string target, string status = "inProgress", string clientTasks = "", string interventions = "") =>
        new { specific, relevance, target, anticipatedCompletion = Today.AddDays(70).ToString("yyyy-MM-dd"), status, clientTasks, interventions };
}
