using System.Text.Json;
using BotCore.Storage;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Records;

/// <summary>
/// A client's file in Table Storage: one partition per client, one row per record, so the rows that must change
/// together (enrolment and profile at intake; an assessment and the risk event it raised) commit as one
/// entity-group transaction. Row keys: "enrolment", "profile", "plan", "screening|{time}|{id}",
/// "assessment|{time}|{id}", "risk|{time}|{id}", "progress|{objectiveId}|{time}". No access checks here:
/// features reach records only through <see cref="Security.ClientAccess"/>, which checks and audits.
/// </summary>
public sealed class ClientRecords(ITableStore store)
{
    public const string TableName = "Clients";

    private const string EnrolmentRow = "enrolment";
    private const string ProfileRow = "profile";
    private const string PlanRow = "plan";

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
            TableOperation.Insert(Document(partition, TimedRow("assessment", assessment.AdministeredAt, assessment.Id), assessment)),
        };
        if (riskEvent is not null)
        {
            operations.Add(TableOperation.Insert(Document(partition, TimedRow("risk", riskEvent.RaisedAt, riskEvent.Id), riskEvent)));
        }

        await table.SubmitBatchAsync(operations, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Assessments, oldest first.</summary>
    public Task<IReadOnlyList<AssessmentRecord>> ListAssessmentsAsync(string clientId, CancellationToken cancellationToken) =>
        ListAsync<AssessmentRecord>(clientId, "assessment|", cancellationToken);

    public async Task AddRiskEventAsync(string clientId, RiskEvent riskEvent, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.InsertAsync(Document(PartitionOf(clientId), TimedRow("risk", riskEvent.RaisedAt, riskEvent.Id), riskEvent), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> ReplaceRiskEventAsync(string clientId, RiskEvent riskEvent, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = Document(PartitionOf(clientId), TimedRow("risk", riskEvent.RaisedAt, riskEvent.Id), riskEvent);
        return await table.ReplaceAsync(entity, ifMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One risk event with the ETag to update it by (acknowledgement, alert outcome), or null.</summary>
    public async Task<Versioned<RiskEvent>?> FindRiskEventAsync(string clientId, string riskEventId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        string? continuation = null;
        do
        {
            var page = await table.QueryAsync(PartitionOf(clientId), "risk|", 1000, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                var riskEvent = Read<RiskEvent>(entity);
                if (riskEvent.Id == riskEventId)
                {
                    return new Versioned<RiskEvent>(riskEvent, entity.ETag!);
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return null;
    }

    public Task<IReadOnlyList<RiskEvent>> ListRiskEventsAsync(string clientId, CancellationToken cancellationToken) =>
        ListAsync<RiskEvent>(clientId, "risk|", cancellationToken);

    public async Task AddProgressAsync(string clientId, ObjectiveProgress progress, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var row = $"progress|{TableKey.Escape(progress.ObjectiveId)}|{Sortable(progress.RecordedAt)}";
        await table.InsertAsync(Document(PartitionOf(clientId), row, progress), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ObjectiveProgress>> ListProgressAsync(string clientId, CancellationToken cancellationToken) =>
        ListAsync<ObjectiveProgress>(clientId, "progress|", cancellationToken);

    public async Task AddScreeningAsync(string clientId, ScreeningRecord screening, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.InsertAsync(Document(PartitionOf(clientId), TimedRow("screening", screening.ScreenedAt, screening.Id), screening), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ScreeningRecord>> ListScreeningsAsync(string clientId, CancellationToken cancellationToken) =>
        ListAsync<ScreeningRecord>(clientId, "screening|", cancellationToken);

    private async Task<Versioned<T>?> GetAsync<T>(string clientId, string row, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(PartitionOf(clientId), row, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new Versioned<T>(Read<T>(entity), entity.ETag!);
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string clientId, string prefix, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<T>();
        string? continuation = null;
        do
        {
            var page = await table.QueryAsync(PartitionOf(clientId), prefix, 1000, continuation, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Entities.Select(Read<T>));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return items;
    }

    private Task<ITable> TableAsync(CancellationToken cancellationToken) => store.GetTableAsync(TableName, cancellationToken);

    private static string PartitionOf(string clientId) => TableKey.Escape(clientId);

    // Rows of one kind sort by time; the id keeps two records of the same instant apart.
    private static string TimedRow(string kind, DateTimeOffset at, string id) => $"{kind}|{Sortable(at)}|{TableKey.Escape(id)}";

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
