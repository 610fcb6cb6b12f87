using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using BotCore.Storage;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Features.Invitations;

[JsonConverter(typeof(JsonStringEnumConverter<InvitationStatus>))]
public enum InvitationStatus
{
    Pending,
    Accepted,
    Declined,
    Expired,
    Withdrawn,
}

/// <summary>
/// A clinician's invitation to a person in the directory to link their Teams account to a client record. The id is
/// drawn when the clinician is asked to confirm, so a repeated confirmation stores one invitation.
/// </summary>
public sealed record Invitation(
    string Id,
    string TenantId,
    string ClientId,
    string InviteeUserId,
    string InviteeName,
    string InvitedBy,
    InvitationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public DateTimeOffset? AnsweredAt { get; init; }
}

/// <summary>Invitation timing. Bound from the "Invitations" section.</summary>
public sealed class InvitationOptions
{
    public const string SectionName = "Invitations";

    /// <summary>How long an invitation can be accepted (1 hour to 90 days).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan ExpiresAfter { get; set; } = TimeSpan.FromDays(14);

    /// <summary>When the one reminder goes to someone who has not answered (before expiry; 1 minute to 60 days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "60.00:00:00")]
    public TimeSpan RemindAfter { get; set; } = TimeSpan.FromDays(3);
}

/// <summary>Table <c>Invitations</c>: one partition per tenant, one row per invitation.</summary>
public sealed class Invitations(ITableStore store)
{
    public const string TableName = "Invitations";

    /// <summary>Stores a new invitation; one already stored under its id is returned unchanged.</summary>
    public async Task<Versioned<Invitation>> AddAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            var etag = await table.InsertAsync(ToEntity(invitation), cancellationToken).ConfigureAwait(false);
            return new Versioned<Invitation>(invitation, etag);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            return (await FindAsync(invitation.TenantId, invitation.Id, cancellationToken).ConfigureAwait(false))!;
        }
    }

    public async Task<Versioned<Invitation>?> FindAsync(string tenantId, string invitationId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(tenantId), TableKey.Escape(invitationId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new Versioned<Invitation>(JsonSerializer.Deserialize<Invitation>(TableDocument.Read(entity), RecordJson.Options)!, entity.ETag ?? string.Empty);
    }

    /// <summary>
    /// Moves a pending invitation to <paramref name="status"/> (ETag-guarded, re-read on a lost race). Returns the
    /// invitation as stored afterwards and whether this call made the change.
    /// </summary>
    public async Task<(Invitation Invitation, bool Changed)?> AnswerAsync(string tenantId, string invitationId, InvitationStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await FindAsync(tenantId, invitationId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return null;
            }

            if (stored.Value.Status != InvitationStatus.Pending)
            {
                return (stored.Value, false);
            }

            var answered = stored.Value with { Status = status, AnsweredAt = at };
            try
            {
                await table.ReplaceAsync(ToEntity(answered), stored.ETag, cancellationToken).ConfigureAwait(false);
                return (answered, true);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
            }
        }

        throw new StorageException(StorageErrorKind.Conflict, "The invitation kept changing while it was answered.");
    }

    private static TableEntity ToEntity(Invitation invitation) =>
        TableDocument.Create(TableKey.Escape(invitation.TenantId), TableKey.Escape(invitation.Id), JsonSerializer.SerializeToNode(invitation, RecordJson.Options)!);
}
