using System.Text.Json.Serialization;

namespace TreatmentPlanBot.Notifications;

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryState>))]
public enum DeliveryState
{
    /// <summary>Someone is sending it now (a turn, or the scheduler); nobody else may.</summary>
    Claimed,
    Sent,
    /// <summary>Teams said the recipient blocked or removed the bot.</summary>
    Blocked,
    /// <summary>No chat could be opened or the sends kept failing: final.</summary>
    Unreachable,
    /// <summary>Handed to the scheduler (the turn ran out of time, or a transient failure).</summary>
    Retrying,
}

/// <summary>
/// One (notification, recipient) pair: the claim inserted before anything is sent, so one caller sends, and the
/// outcome. This generalises the risk alert's former <c>alert|{riskEventId}</c> claim row.
/// </summary>
public sealed record Delivery(string NotificationId, string UserId, string DisplayName, RecipientRole Role, DeliveryState State, DateTimeOffset ClaimedAt, string ClaimedBy)
{
    /// <summary>An error code (connector or directory), never message text.</summary>
    public string? Reason { get; init; }

    public DateTimeOffset? SettledAt { get; init; }

    public bool IsFinal => State is DeliveryState.Sent or DeliveryState.Blocked or DeliveryState.Unreachable;
}

/// <summary>An intended recipient the enrolment does not name (no supervisor assigned, no Teams account linked).</summary>
public sealed record MissingRecipient(RecipientRole Role);

/// <summary>What is known now about a notification: per recipient, and who could not even be named.</summary>
public sealed record NotificationReport(string NotificationId, IReadOnlyList<Delivery> Deliveries, IReadOnlyList<MissingRecipient> Missing)
{
    public IEnumerable<Delivery> Intended => Deliveries.Where(d => d.Role != RecipientRole.Admin);

    public IEnumerable<Delivery> Admins => Deliveries.Where(d => d.Role == RecipientRole.Admin);

    public bool IntendedReached => Intended.Any(d => d.State == DeliveryState.Sent);

    /// <summary>Some delivery is still being tried (by the scheduler, or another turn that holds the claim).</summary>
    public bool Pending => Deliveries.Any(d => !d.IsFinal);

    public bool NobodyIntendedReachable => !IntendedReached && !Intended.Any(d => !d.IsFinal);
}
