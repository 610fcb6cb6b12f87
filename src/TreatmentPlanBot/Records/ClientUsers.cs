using System.Text.Json;
using BotCore.Storage;

namespace TreatmentPlanBot.Records;

/// <summary>A client's own Teams account, linked to their record when they accept an invitation.</summary>
public sealed record ClientUserLink(string TenantId, string UserId, string ClientId, DateTimeOffset LinkedAt);

public enum ClientLinkOutcome
{
    Linked,
    /// <summary>This account was already linked to this client: nothing changed.</summary>
    AlreadyLinked,
    /// <summary>This account is linked to another client record; one Teams account is one client.</summary>
    LinkedToAnotherClient,
    /// <summary>The client record already has another Teams account.</summary>
    ClientHasAnotherAccount,
    NoSuchClient,
}

/// <summary>
/// Which client record a Teams user is, one partition per tenant, one row per user: the lookup that tells, on every
/// message, that the sender is a client (the record's <see cref="ClientEnrolment.ClientUserId"/> says it the other way
/// round). Both are written by <see cref="LinkAsync"/>; the index row goes first, so a crash in between leaves a link
/// that the next attempt completes, never an enrolment whose client cannot be recognised.
/// </summary>
public sealed class ClientUsers(ITableStore store, ClientRecords records, TimeProvider time)
{
    public const string TableName = "ClientUsers";

    public async Task<ClientUserLink?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(tenantId), TableKey.Escape(userId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : JsonSerializer.Deserialize<ClientUserLink>(TableDocument.Read(entity), RecordJson.Options);
    }

    /// <summary>Links <paramref name="userId"/> to the client record; safe to repeat.</summary>
    public async Task<ClientLinkOutcome> LinkAsync(string clientId, string tenantId, string userId, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(tenantId, userId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.ClientId != clientId)
        {
            return ClientLinkOutcome.LinkedToAnotherClient;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var enrolment = await records.GetEnrolmentAsync(clientId, cancellationToken).ConfigureAwait(false);
            if (enrolment is null || !string.Equals(enrolment.Value.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
            {
                return ClientLinkOutcome.NoSuchClient;
            }

            if (enrolment.Value.ClientUserId is { } linked)
            {
                if (!string.Equals(linked, userId, StringComparison.OrdinalIgnoreCase))
                {
                    return ClientLinkOutcome.ClientHasAnotherAccount;
                }

                if (existing is not null)
                {
                    return ClientLinkOutcome.AlreadyLinked;
                }
            }

            if (existing is null)
            {
                var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
                var link = new ClientUserLink(tenantId, userId, clientId, time.GetUtcNow());
                try
                {
                    await table.InsertAsync(TableDocument.Create(TableKey.Escape(tenantId), TableKey.Escape(userId),
                        JsonSerializer.SerializeToNode(link, RecordJson.Options)!), cancellationToken).ConfigureAwait(false);
                    existing = link;
                }
                catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
                {
                    existing = await FindAsync(tenantId, userId, cancellationToken).ConfigureAwait(false);
                    if (existing is not null && existing.ClientId != clientId)
                    {
                        return ClientLinkOutcome.LinkedToAnotherClient;
                    }
                }
            }

            if (enrolment.Value.ClientUserId is not null)
            {
                return ClientLinkOutcome.Linked;
            }

            try
            {
                await records.ReplaceEnrolmentAsync(enrolment.Value with { ClientUserId = userId }, enrolment.ETag, cancellationToken).ConfigureAwait(false);
                return ClientLinkOutcome.Linked;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
                // The enrolment changed meanwhile (a status change, say): read it again and apply the link to that.
            }
        }

        throw new StorageException(StorageErrorKind.Conflict, "The client's enrolment kept changing while linking their Teams account.");
    }
}
