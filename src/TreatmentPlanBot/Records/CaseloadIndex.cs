using BotCore.Storage;

namespace TreatmentPlanBot.Records;

/// <summary>One clinician's caseload line for a client: what the caseload card shows without opening every file.</summary>
public sealed record CaseloadEntry(
    string ClientId,
    string DisplayName,
    ClientStatus Status,
    string? LatestMeasure,
    int? LatestScore,
    string? LatestBand,
    DateTimeOffset? LatestScoreAt,
    DateTimeOffset? OpenRiskSince,
    DateOnly? NextReviewDue,
    int OverdueObjectives)
{
    /// <summary>Names the client is also known by (given name when listed under a preferred one, and the reverse), for finding them.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OtherNames { get; init; }

    /// <summary>The latest score came from the client's own check-in (a remote assessment).</summary>
    public bool LatestFromCheckIn { get; init; }

    /// <summary>What the clinician should know about check-ins: missed or declined ones, not delivered, stopped by the client.</summary>
    public string? CheckInsNote { get; init; }

    /// <summary>The insurance authorisation as of the last refresh; null for a client without one.</summary>
    public CaseloadAuthorisation? Authorisation { get; init; }
}

/// <summary>
/// A client's authorisation on the caseload line: sessions, the expiry, and the projection made at the last change to
/// the file (when the remaining sessions run out at the planned frequency, and whether they cover the open objectives).
/// </summary>
public sealed record CaseloadAuthorisation(int SessionsUsed, int SessionsAuthorised, DateOnly Expires, DateOnly RunsOutAround, bool CoversObjectives)
{
    public int SessionsLeft => Math.Max(0, SessionsAuthorised - SessionsUsed);
}

/// <summary>
/// The caseload index: one partition per clinician, one row per client. It is derived from the client files and
/// rewritten whole after each change (<see cref="CaseloadRefresher"/>), so a missed update heals on the next one.
/// </summary>
public sealed class CaseloadIndex(ITableStore store)
{
    public const string TableName = "Caseload";

    public async Task UpsertAsync(string tenantId, string clinicianId, CaseloadEntry entry, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = TableDocument.Create(PartitionOf(tenantId, clinicianId), TableKey.Escape(entry.ClientId),
            System.Text.Json.JsonSerializer.SerializeToNode(entry, RecordJson.Options)!,
            new Dictionary<string, object?> { ["DisplayName"] = entry.DisplayName });
        await table.UpsertAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string tenantId, string clinicianId, string clientId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteAsync(PartitionOf(tenantId, clinicianId), TableKey.Escape(clientId), "*", cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.NotFound)
        {
        }
    }

    /// <summary>The clinician's clients, ordered by display name.</summary>
    public async Task<IReadOnlyList<CaseloadEntry>> ListAsync(string tenantId, string clinicianId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entries = await table.QueryAllAsync(PartitionOf(tenantId, clinicianId), cancellationToken: cancellationToken)
            .Select(e => System.Text.Json.JsonSerializer.Deserialize<CaseloadEntry>(TableDocument.Read(e), RecordJson.Options)!)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries.OrderBy(e => e.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }

    private static string PartitionOf(string tenantId, string clinicianId) => TableKey.Escape($"{tenantId}|{clinicianId}");
}
