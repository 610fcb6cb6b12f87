using System.Text.Json;
using BotCore.Storage;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Records;

/// <summary>
/// A client's file in Table Storage: one partition per client, one row per record, so the rows that must change
/// together (enrolment and profile at intake; an assessment and the risk event it raised) commit as one
/// entity-group transaction. Row keys: "enrolment", "profile", "plan", "screening|{time}|{id}",
/// "assessment|{id}", "risk|{id}", "alert|{riskEventId}", "progress|{objectiveId}|{readingId}", "safetyplan|{version}", "session|{id}". A record's key is made
/// only of what the person meant to save (the administration, the risk event, the reading), so a second press or a
/// re-run turn inserts the same row and gets <see cref="StorageErrorKind.AlreadyExists"/>: "already done". Rows written
/// before that (keys with the time: "assessment|{time}|{id}", "risk|{time}|{id}", "progress|{objectiveId}|{time}")
/// are still listed and found. No access checks here: features reach records only through
/// <see cref="Security.ClientFiles"/>, which checks, audits and hands out a handle bound to one client.
/// </summary>
public sealed partial class ClientRecords(ITableStore store)
{
    public const string TableName = "Clients";

    private const string EnrolmentRow = "enrolment";
    private const string ProfileRow = "profile";
    private const string PlanRow = "plan";
    private const string AssessmentPrefix = "assessment|";
    private const string RiskPrefix = "risk|";
    private const string ProgressPrefix = "progress|";
    private const string SafetyPlanPrefix = "safetyplan|";

    /// <summary>The client's check-in schedule and check-ins, in the same partition.</summary>
    public CheckInRecords CheckIns { get; } = new(store);

    private const string SupervisionNotePrefix = "supervision-note|";

    private const string SessionPrefix = "session|";

    private const string ProfileHistoryPrefix = "profile-history|";
    private const string ExportPrefix = "export|";
    private const string ClosureRow = "closure";

    public async Task CreateAsync(ClientEnrolment enrolment, ClientProfile profile, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(enrolment.ClientId);
        await table.SubmitBatchAsync(
        [
            TableOperation.Insert(EnrolmentEntity(partition, enrolment)),
            TableOperation.Insert(Document(partition, ProfileRow, profile)),
        ], cancellationToken).ConfigureAwait(false);
    }

    public async Task<Versioned<ClientEnrolment>?> GetEnrolmentAsync(string clientId, CancellationToken cancellationToken) =>
        await GetAsync<ClientEnrolment>(clientId, EnrolmentRow, cancellationToken).ConfigureAwait(false);

    public async Task<string> ReplaceEnrolmentAsync(ClientEnrolment enrolment, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await table.ReplaceAsync(EnrolmentEntity(PartitionOf(enrolment.ClientId), enrolment), ifMatch, cancellationToken).ConfigureAwait(false);
    }

    public Task<Versioned<ClientProfile>?> GetProfileAsync(string clientId, CancellationToken cancellationToken) =>
        GetAsync<ClientProfile>(clientId, ProfileRow, cancellationToken);

    public async Task<string> ReplaceProfileAsync(ClientProfile profile, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await table.ReplaceAsync(Document(PartitionOf(profile.ClientId), ProfileRow, profile), ifMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the profile and keeps the one it replaces as row "profile-history|{changeId}", in one transaction: the
    /// current information and the overview are versioned, and a second press of the same form (same change id) finds its
    /// history row there and fails with <see cref="StorageErrorKind.AlreadyExists"/>, changing nothing.
    /// </summary>
    public async Task<string> ReplaceProfileKeepingPriorAsync(ProfileChange change, ClientProfile prior, string ifMatch, ClientProfile profile, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(profile.ClientId);
        var results = await table.SubmitBatchAsync(
        [
            TableOperation.Replace(Document(partition, ProfileRow, profile), ifMatch),
            TableOperation.Insert(Document(partition, IdRow(ProfileHistoryPrefix, change.ChangeId), change with { Prior = prior })),
        ], cancellationToken).ConfigureAwait(false);
        return results[0]!;
    }

    /// <summary>Earlier profiles, oldest first, each with who replaced it and when.</summary>
    public async Task<IReadOnlyList<ProfileChange>> ListProfileHistoryAsync(string clientId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<ProfileChange>(clientId, ProfileHistoryPrefix, cancellationToken).ConfigureAwait(false)).OrderBy(c => c.ChangedAt)];

    /// <summary>Claims one export's delivery (row "export|{id}"); <see cref="StorageErrorKind.AlreadyExists"/> when it was claimed before.</summary>
    public async Task ClaimExportAsync(string clientId, ExportRecord export, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.InsertAsync(Document(PartitionOf(clientId), IdRow(ExportPrefix, export.ExportId), export), cancellationToken).ConfigureAwait(false);
    }

    public Task<Versioned<ExportRecord>?> FindExportAsync(string clientId, string exportId, CancellationToken cancellationToken) =>
        GetAsync<ExportRecord>(clientId, IdRow(ExportPrefix, exportId), cancellationToken);

    public async Task<string> ReplaceExportAsync(string clientId, ExportRecord export, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await table.ReplaceAsync(Document(PartitionOf(clientId), IdRow(ExportPrefix, export.ExportId), export), ifMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the plan in one transaction: the closed plan (ETag-guarded), the enrolment's new status (ETag-guarded) and
    /// the closing record (row "closure"). A stale card or a second press fails as a whole and changes nothing.
    /// </summary>
    public async Task CloseAsync(TreatmentPlan plan, string planETag, ClientEnrolment enrolment, string enrolmentETag, PlanClosure closure, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(plan.ClientId);
        await table.SubmitBatchAsync(
        [
            TableOperation.Replace(Document(partition, PlanRow, plan), planETag),
            TableOperation.Replace(EnrolmentEntity(partition, enrolment), enrolmentETag),
            TableOperation.Insert(Document(partition, ClosureRow, closure)),
        ], cancellationToken).ConfigureAwait(false);
    }

    public async Task<PlanClosure?> GetClosureAsync(string clientId, CancellationToken cancellationToken) =>
        (await GetAsync<PlanClosure>(clientId, ClosureRow, cancellationToken).ConfigureAwait(false))?.Value;

    public Task<Versioned<TreatmentPlan>?> GetPlanAsync(string clientId, CancellationToken cancellationToken) =>
        GetAsync<TreatmentPlan>(clientId, PlanRow, cancellationToken);

    /// <summary>Saves the plan: a first save inserts (null <paramref name="ifMatch"/>), later saves must match the ETag read.</summary>
    public async Task<string> SavePlanAsync(TreatmentPlan plan, string? ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = Document(PartitionOf(plan.ClientId), PlanRow, plan);
        return ifMatch is null
            ? await table.InsertAsync(entity, cancellationToken).ConfigureAwait(false)
            : await table.ReplaceAsync(entity, ifMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores an assessment and, in the same transaction, the risk event it raised.</summary>
    public async Task AddAssessmentAsync(string clientId, AssessmentRecord assessment, RiskEvent? riskEvent, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(clientId);
        var operations = new List<TableOperation>
        {
            TableOperation.Insert(Document(partition, IdRow(AssessmentPrefix, assessment.Id), assessment)),
        };
        if (riskEvent is not null)
        {
            operations.Add(TableOperation.Insert(Document(partition, IdRow(RiskPrefix, riskEvent.Id), riskEvent)));
        }

        await table.SubmitBatchAsync(operations, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One assessment by its id (a point read), or null.</summary>
    public async Task<AssessmentRecord?> FindAssessmentAsync(string clientId, string assessmentId, CancellationToken cancellationToken) =>
        (await GetAsync<AssessmentRecord>(clientId, IdRow(AssessmentPrefix, assessmentId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Assessments, oldest first.</summary>
    public async Task<IReadOnlyList<AssessmentRecord>> ListAssessmentsAsync(string clientId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<AssessmentRecord>(clientId, AssessmentPrefix, cancellationToken).ConfigureAwait(false)).OrderBy(a => a.AdministeredAt).ThenBy(a => a.Id, StringComparer.Ordinal)];

    public async Task AddRiskEventAsync(string clientId, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.InsertAsync(Document(PartitionOf(clientId), IdRow(RiskPrefix, riskEvent.Id), riskEvent), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> ReplaceRiskEventAsync(string clientId, RiskEvent riskEvent, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(clientId);
        try
        {
            return await table.ReplaceAsync(Document(partition, IdRow(RiskPrefix, riskEvent.Id), riskEvent), ifMatch, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.NotFound)
        {
            // Written before risk rows were keyed by id alone: its key holds the time it was raised.
            return await table.ReplaceAsync(Document(partition, TimedRow(RiskPrefix, riskEvent.RaisedAt, riskEvent.Id), riskEvent), ifMatch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One risk event with the ETag to update it by (acknowledgement, alert outcome), or null.</summary>
    public async Task<Versioned<RiskEvent>?> FindRiskEventAsync(string clientId, string riskEventId, CancellationToken cancellationToken)
    {
        if (await GetAsync<RiskEvent>(clientId, IdRow(RiskPrefix, riskEventId), cancellationToken).ConfigureAwait(false) is { } byId)
        {
            return byId;
        }

        // Rows written before risk rows were keyed by id alone carry the time in the key: look through them.
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAllAsync(PartitionOf(clientId), RiskPrefix, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var riskEvent = Read<RiskEvent>(entity);
            if (riskEvent.Id == riskEventId)
            {
                return new Versioned<RiskEvent>(riskEvent, entity.ETag!);
            }
        }

        return null;
    }

    /// <summary>Risk events, oldest first.</summary>
    public async Task<IReadOnlyList<RiskEvent>> ListRiskEventsAsync(string clientId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<RiskEvent>(clientId, RiskPrefix, cancellationToken).ConfigureAwait(false)).OrderBy(r => r.RaisedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Stores one reading; <see cref="StorageErrorKind.AlreadyExists"/> when this reading id is already stored.</summary>
    public async Task AddProgressAsync(string clientId, ObjectiveProgress progress, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var reading = progress.ReadingId ?? Sortable(progress.RecordedAt);
        var row = $"{ProgressPrefix}{TableKey.Escape(progress.ObjectiveId)}|{TableKey.Escape(reading)}";
        await table.InsertAsync(Document(PartitionOf(clientId), row, progress), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Progress readings, oldest first.</summary>
    public async Task<IReadOnlyList<ObjectiveProgress>> ListProgressAsync(string clientId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<ObjectiveProgress>(clientId, ProgressPrefix, cancellationToken).ConfigureAwait(false)).OrderBy(p => p.RecordedAt)];

    /// <summary>
    /// Stores a session and, when it counts against the authorisation, the profile with the session counted, as one
    /// entity-group transaction (<paramref name="profileETag"/> guards the profile). <see cref="StorageErrorKind.AlreadyExists"/>
    /// when this session id is stored already; <see cref="StorageErrorKind.Conflict"/> when the profile changed meanwhile.
    /// </summary>
    public async Task AddSessionAsync(string clientId, SessionRecord session, ClientProfile? counted, string? profileETag, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(clientId);
        var operations = new List<TableOperation> { TableOperation.Insert(Document(partition, IdRow(SessionPrefix, session.Id), session)) };
        if (counted is not null)
        {
            operations.Add(TableOperation.Replace(Document(partition, ProfileRow, counted), profileETag ?? throw new ArgumentNullException(nameof(profileETag))));
        }

        await table.SubmitBatchAsync(operations, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One session by its id, or null.</summary>
    public async Task<SessionRecord?> FindSessionAsync(string clientId, string sessionId, CancellationToken cancellationToken) =>
        (await GetAsync<SessionRecord>(clientId, IdRow(SessionPrefix, sessionId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Sessions, oldest first by the date held.</summary>
    public async Task<IReadOnlyList<SessionRecord>> ListSessionsAsync(string clientId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<SessionRecord>(clientId, SessionPrefix, cancellationToken).ConfigureAwait(false)).OrderBy(s => s.HeldOn).ThenBy(s => s.RecordedAt)];

    public async Task AddScreeningAsync(string clientId, ScreeningRecord screening, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.InsertAsync(Document(PartitionOf(clientId), TimedRow("screening|", screening.ScreenedAt, screening.Id), screening), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ScreeningRecord>> ListScreeningsAsync(string clientId, CancellationToken cancellationToken) =>
        ListAsync<ScreeningRecord>(clientId, "screening|", cancellationToken);

    /// <summary>
    /// Stores one version of the safety plan under "safetyplan|{version}" (six digits, so they sort): every version is
    /// kept; a second writer of the same version number gets <see cref="StorageErrorKind.AlreadyExists"/>.
    /// </summary>
    public async Task AddSafetyPlanAsync(string clientId, TreatmentPlanning.Safety.SafetyPlan plan, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var row = $"{SafetyPlanPrefix}{plan.Version.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}";
        await table.InsertAsync(Document(PartitionOf(clientId), row, plan), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every version of the safety plan, oldest first.</summary>
    public async Task<IReadOnlyList<TreatmentPlanning.Safety.SafetyPlan>> ListSafetyPlansAsync(string clientId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<TreatmentPlanning.Safety.SafetyPlan>(clientId, SafetyPlanPrefix, cancellationToken).ConfigureAwait(false)).OrderBy(p => p.Version)];

    /// <summary>Stores a supervision note; <see cref="StorageErrorKind.AlreadyExists"/> when this note id is already stored (a second press).</summary>
    public async Task AddSupervisionNoteAsync(string clientId, SupervisionNote note, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.InsertAsync(Document(PartitionOf(clientId), IdRow(SupervisionNotePrefix, note.Id), note), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Supervision notes, oldest first.</summary>
    public async Task<IReadOnlyList<SupervisionNote>> ListSupervisionNotesAsync(string clientId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<SupervisionNote>(clientId, SupervisionNotePrefix, cancellationToken).ConfigureAwait(false)).OrderBy(n => n.WrittenAt)];

    private async Task<Versioned<T>?> GetAsync<T>(string clientId, string row, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(PartitionOf(clientId), row, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new Versioned<T>(Read<T>(entity), entity.ETag!);
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string clientId, string prefix, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await table.QueryAllAsync(PartitionOf(clientId), prefix, cancellationToken: cancellationToken)
            .Select(Read<T>).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<ITable> TableAsync(CancellationToken cancellationToken) => store.GetTableAsync(TableName, cancellationToken);

    private static string PartitionOf(string clientId) => TableKey.Escape(clientId);

    private static string IdRow(string prefix, string id) => prefix + TableKey.Escape(id);

    // Rows of one kind sorted by time, the id keeping two records of the same instant apart. Screenings keep this shape:
    // their time and id are both fixed with the draft, so a second press writes the same key. Assessment and risk rows
    // written before they were keyed by id alone have it too.
    private static string TimedRow(string prefix, DateTimeOffset at, string id) => $"{prefix}{Sortable(at)}|{TableKey.Escape(id)}";

    private static string Sortable(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff", System.Globalization.CultureInfo.InvariantCulture);

    private static TableEntity EnrolmentEntity(string partition, ClientEnrolment enrolment) =>
        TableDocument.Create(partition, EnrolmentRow, JsonSerializer.SerializeToNode(enrolment, RecordJson.Options)!, new Dictionary<string, object?>
        {
            ["TenantId"] = enrolment.TenantId,
            ["ClinicianId"] = enrolment.ClinicianId,
        });

    private static TableEntity Document<T>(string partition, string row, T value) =>
        TableDocument.Create(partition, row, JsonSerializer.SerializeToNode(value, RecordJson.Options)!);

    private static T Read<T>(TableEntity entity) =>
        TableDocument.Read(entity).Deserialize<T>(RecordJson.Options)
        ?? throw new StorageException(StorageErrorKind.InvalidRequest, $"The stored record '{entity.RowKey}' is empty.");
}
