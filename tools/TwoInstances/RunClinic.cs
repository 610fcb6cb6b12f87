using BotCore.Schema;
using BotCore.Scheduling;
using TreatmentPlanBot.Features.CheckIns;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Clients;

namespace TwoInstances;

/// <summary>
/// The synthetic clinic a run works in, written straight to the shared storage through the app's own services (as the
/// demo seeder does): one clinician per conversation, and clients whose check-ins fall due during the run, each with a
/// personal chat at the recording channel. Afterwards it reads back what the instances stored.
/// </summary>
public sealed class RunClinic(IServiceProvider services, string tenantId)
{
    public string TenantId => tenantId;

    public static string ClinicianId(int conversation) => $"clinician-{conversation:D3}";

    public static string CheckInClientId(int index) => $"client-checkin-{index:D4}";

    public static string CheckInUserId(int index) => $"user-checkin-{index:D4}";

    public static string CheckInConversationId(int index) => $"a:personal-{CheckInUserId(index)}";

    public static string CheckInId(int index) => $"ci-run-{index:D4}";

    public static string CheckInWorkId(int index) => CheckInSchedules.WorkId(CheckInSchedules.SendKind, CheckInClientId(index), CheckInId(index));

    public async Task AddCliniciansAsync(int count, CancellationToken cancellationToken)
    {
        var staff = Get<StaffDirectory>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
            await staff.SaveAsync(new StaffMember(tenantId, ClinicianId(i), $"Clinician {i:D3}", StaffRoles.Clinician) { TreatedAreas = ["low-mood", "worry", "sleep"] }, null, token));
    }

    /// <summary>
    /// Clients linked to their Teams accounts, each with a chat at <paramref name="serviceUrl"/> and one check-in due at
    /// the time <paramref name="dueAt"/> gives, scheduled through the scheduler exactly as the check-in schedule files
    /// one (the schedule row names it next, the item carries ids only).
    /// </summary>
    public async Task AddCheckInClientsAsync(int count, int clinicians, string serviceUrl, Func<int, DateTimeOffset> dueAt, CancellationToken cancellationToken)
    {
        var records = Get<ClientRecords>();
        var users = Get<ClientUsers>();
        var chats = Get<PersonalChats>();
        var scheduler = Get<WorkScheduler>();
        var now = Get<TimeProvider>().GetUtcNow();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var clientId = CheckInClientId(i);
            var clinicianId = ClinicianId(i % clinicians);
            await records.CreateAsync(new ClientEnrolment(clientId, tenantId, clinicianId, $"Checkin Client {i:D4}", ClientStatus.Active, now), ClientProfile.New(clientId, new PersonName("Checkin", $"Client {i:D4}")), token);
            await users.LinkAsync(clientId, tenantId, CheckInUserId(i), token);
            var reference = new ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = serviceUrl,
                User = new ChannelAccount { Id = $"29:{CheckInUserId(i)}", AadObjectId = CheckInUserId(i) },
                Bot = new ChannelAccount { Id = "28:bot", Name = "TreatmentPlanBot" },
                Conversation = new ConversationAccount { Id = CheckInConversationId(i), ConversationType = "personal", TenantId = tenantId },
            };
            if (!await chats.RecordTurnAsync(tenantId, CheckInUserId(i), reference, null, token))
            {
                throw new InvalidOperationException($"The app does not trust {serviceUrl}: run it in Development (loopback service URLs).");
            }

            var due = dueAt(i);
            await records.CheckIns.SaveScheduleAsync(new CheckInSchedule(clientId, ["PHQ-9"], CheckInCadence.Weekly, clinicianId, now) { NextCheckInId = CheckInId(i), NextDueAt = due }, null, token);
            await scheduler.ScheduleAsync(CheckInWorkId(i), CheckInSchedules.SendKind, due, new CheckInDue(tenantId, clientId, CheckInId(i)), tenantId, token);
        });
    }

    public Task<ScheduledWorkStatus?> WorkAsync(string id, CancellationToken cancellationToken) => Get<WorkScheduler>().GetAsync(id, cancellationToken);

    /// <summary>The clients on the clinician's caseload, with the number of screenings stored in each one's file.</summary>
    public async Task<IReadOnlyList<(string DisplayName, int Screenings)>> ScreenedClientsAsync(int conversation, CancellationToken cancellationToken)
    {
        var records = Get<ClientRecords>();
        var entries = await Get<CaseloadIndex>().ListAsync(tenantId, ClinicianId(conversation), cancellationToken);
        var clients = new List<(string, int)>();
        foreach (var entry in entries.Where(e => !e.ClientId.StartsWith("client-checkin-", StringComparison.Ordinal)))
        {
            clients.Add((entry.DisplayName, (await records.ListScreeningsAsync(entry.ClientId, cancellationToken)).Count));
        }

        return clients;
    }

    private T Get<T>() where T : notnull => services.GetRequiredService<T>();
}
