using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BotCore.Connector;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.People;

[JsonConverter(typeof(JsonStringEnumConverter<Reachability>))]
public enum Reachability
{
    Reachable,
    /// <summary>Teams answered 403 (MessageWritesBlocked / BotNotInConversationRoster): blocked or removed the app.</summary>
    Blocked,
    /// <summary>The chat could not be opened (the directory or installer said why, in <see cref="PersonalChat.UnreachableReason"/>).</summary>
    Unreachable,
}

/// <summary>
/// Where a person's personal chat with the bot is, whoever they are (staff, client, someone waiting for access): the
/// conversation reference without an activity id, their time zone (so later reminders keep their hours), when they were
/// last seen, and whether the last attempt to reach them worked.
/// </summary>
public sealed record PersonalChat(string TenantId, string UserId, ConversationReference Reference, string? TimeZoneId, DateTimeOffset LastSeen)
{
    public Reachability Reachability { get; init; } = Reachability.Reachable;

    public DateTimeOffset? BlockedAt { get; init; }

    /// <summary>A code (the directory's or connector's error code), never message text.</summary>
    public string? UnreachableReason { get; init; }
}

/// <summary>Personal chats, table <c>PersonalChats</c>: one partition per tenant, one row per user.</summary>
public sealed class PersonalChats(ITableStore store, TrustedServiceUrls trusted, TimeProvider time)
{
    public const string TableName = "PersonalChats";

    public async Task<Versioned<PersonalChat>?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(tenantId), TableKey.Escape(userId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new Versioned<PersonalChat>(JsonSerializer.Deserialize<PersonalChat>(TableDocument.Read(entity), RecordJson.Options)!, entity.ETag ?? string.Empty);
    }

    /// <summary>
    /// What identifies the chat as seen in a turn: the reference's addresses, the time zone and the day. A turn whose
    /// fingerprint equals the one its conversation last recorded writes nothing, so a person's every message costs no
    /// storage round trip here, and last-seen moves at most once a day.
    /// </summary>
    public static string Fingerprint(ConversationReference reference, string? timeZoneId, DateTimeOffset now)
    {
        var text = string.Join('\n', reference.ServiceUrl, reference.Conversation?.Id, reference.Bot?.Id, reference.User?.Id, reference.User?.AadObjectId, timeZoneId, now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }

    /// <summary>
    /// Records the chat a person just used (a blind upsert: they just wrote to us, so they are reachable). False, and
    /// nothing stored, when the service URL is not one the connector would send to.
    /// </summary>
    public async Task<bool> RecordTurnAsync(string tenantId, string userId, ConversationReference reference, string? timeZoneId, CancellationToken cancellationToken)
    {
        if (!trusted.IsTrusted(reference.ServiceUrl) || reference.Conversation?.Id is null)
        {
            return false;
        }

        var chat = new PersonalChat(tenantId, userId, reference with { ActivityId = null }, timeZoneId, time.GetUtcNow());
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        await table.UpsertAsync(ToEntity(chat), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stores a chat the installer opened for someone who never wrote to us (keeps their time zone if known).</summary>
    public async Task SaveInstalledAsync(string tenantId, string userId, ConversationReference reference, CancellationToken cancellationToken)
    {
        var known = await FindAsync(tenantId, userId, cancellationToken).ConfigureAwait(false);
        var chat = new PersonalChat(tenantId, userId, reference with { ActivityId = null }, known?.Value.TimeZoneId, known?.Value.LastSeen ?? DateTimeOffset.MinValue);
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        await table.UpsertAsync(ToEntity(chat), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks how the last attempt to reach the person ended (best effort: a lost race only loses the mark).</summary>
    public async Task MarkAsync(string tenantId, string userId, Reachability reachability, string? reason, CancellationToken cancellationToken)
    {
        var known = await FindAsync(tenantId, userId, cancellationToken).ConfigureAwait(false);
        if (known is null || (known.Value.Reachability == reachability && known.Value.UnreachableReason == reason))
        {
            return;
        }

        var marked = known.Value with
        {
            Reachability = reachability,
            BlockedAt = reachability == Reachability.Blocked ? time.GetUtcNow() : null,
            UnreachableReason = reachability == Reachability.Reachable ? null : reason,
        };
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.ReplaceAsync(ToEntity(marked), known.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            // The person wrote to us meanwhile, which says more than our mark.
        }
    }

    private static TableEntity ToEntity(PersonalChat chat) =>
        TableDocument.Create(TableKey.Escape(chat.TenantId), TableKey.Escape(chat.UserId), JsonSerializer.SerializeToNode(chat, RecordJson.Options)!);
}
