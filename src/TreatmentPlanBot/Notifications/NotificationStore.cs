using System.Text.Json;
using BotCore.Storage;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Notifications;

/// <summary>
/// Table <c>Notifications</c>: one partition per notification (its escaped id), row <c>notification</c> (the intention)
/// and one row <c>to|{user}</c> per recipient (<see cref="Delivery"/>: claim and outcome).
/// </summary>
public sealed class NotificationStore(ITableStore store)
{
    public const string TableName = "Notifications";
    private const string NotificationRow = "notification";
    private const string DeliveryPrefix = "to|";

    /// <summary>Stores the intention; the first store wins, so a repeated call keeps what was first meant.</summary>
    public async Task<Notification> SaveAsync(Notification notification, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.InsertAsync(Document(notification.Id, NotificationRow, notification), cancellationToken).ConfigureAwait(false);
            return notification;
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            return await FindAsync(notification.Id, cancellationToken).ConfigureAwait(false) ?? notification;
        }
    }

    public async Task<Notification?> FindAsync(string notificationId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(notificationId), NotificationRow, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : JsonSerializer.Deserialize<Notification>(TableDocument.Read(entity), RecordJson.Options);
    }

    /// <summary>The claim's ETag for the one caller whose insert made it (it sends); null when a claim exists.</summary>
    public async Task<string?> ClaimAsync(Delivery claim, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            return await table.InsertAsync(Document(claim.NotificationId, Row(claim.UserId), claim), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            return null;
        }
    }

    public async Task<Versioned<Delivery>?> FindDeliveryAsync(string notificationId, string userId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetAsync(TableKey.Escape(notificationId), Row(userId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new Versioned<Delivery>(JsonSerializer.Deserialize<Delivery>(TableDocument.Read(entity), RecordJson.Options)!, entity.ETag ?? string.Empty);
    }

    /// <summary>Replaces a delivery only if it is as it was read (of two takers, one wins): its new ETag, or null when it changed.</summary>
    public async Task<string?> ReplaceAsync(Delivery delivery, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            return await table.ReplaceAsync(Document(delivery.NotificationId, Row(delivery.UserId), delivery), ifMatch, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<Versioned<Delivery>>> ListDeliveriesAsync(string notificationId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken).ConfigureAwait(false);
        return await table.QueryAllAsync(TableKey.Escape(notificationId), DeliveryPrefix, cancellationToken: cancellationToken)
            .Select(e => new Versioned<Delivery>(JsonSerializer.Deserialize<Delivery>(TableDocument.Read(e), RecordJson.Options)!, e.ETag ?? string.Empty))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Row(string userId) => DeliveryPrefix + TableKey.Escape(userId);

    private static TableEntity Document<T>(string notificationId, string row, T value) =>
        TableDocument.Create(TableKey.Escape(notificationId), row, JsonSerializer.SerializeToNode(value, RecordJson.Options)!);
}
