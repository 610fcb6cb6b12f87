using System.Text.Json.Serialization;
using BotCore.Schema;

namespace TreatmentPlanBot.Notifications;

/// <summary>Who, from a client's enrolment, a notification is for.</summary>
[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<Audience>))]
public enum Audience
{
    None = 0,
    ClinicianOfRecord = 1,
    Supervisor = 2,
    Client = 4,
}

[JsonConverter(typeof(JsonStringEnumConverter<RecipientRole>))]
public enum RecipientRole
{
    ClinicianOfRecord,
    Supervisor,
    Client,
    Named,
    /// <summary>The clinic's admins, reached only when none of the intended recipients was.</summary>
    Admin,
}

/// <summary>Someone named directly (an invitee, the person who asked); the name is what the sender is told.</summary>
public sealed record NamedRecipient(string UserId, string? DisplayName);

/// <summary>
/// One intended proactive message. <see cref="Id"/> is stable (derived from what it is about, e.g. the risk event), so
/// the same intention notified twice is sent once per recipient. It holds ids, never clinical content: the kind
/// composes the message from current records when it is sent.
/// </summary>
public sealed record Notification(string Id, string Kind, string TenantId)
{
    /// <summary>The client the message is about, if any: decides the enrolment audience and who may read the record.</summary>
    public string? ClientId { get; init; }

    public Audience Audience { get; init; }

    public IReadOnlyList<NamedRecipient> NamedUsers { get; init; } = [];

    /// <summary>Who caused it (told the outcome in words, later in their chat when it took longer than their turn).</summary>
    public string? SenderUserId { get; init; }

    /// <summary>What the kind needs to compose it (a risk event id, an invitation id). An id, never content.</summary>
    public string? SubjectId { get; init; }

    /// <summary>Alert the clinic's admins when none of the intended recipients can be reached.</summary>
    public bool AdminsAsFallback { get; init; } = true;
}

/// <summary>A recipient as the kind composing their message sees them.</summary>
/// <param name="Client">
/// The client's enrolment, only when <see cref="Security.ClientFiles.MayReadAsync"/> allows this recipient to read the
/// record (checked and audited): only then may the message name the client.
/// </param>
public sealed record NotificationRecipient(string UserId, string DisplayName, RecipientRole Role, Records.ClientEnrolment? Client)
{
    public bool MayReadRecord => Client is not null;
}

/// <summary>
/// A kind of notification (risk alert, invitation...): composes each recipient's message from current records, and
/// hears the final outcome. Registered with <c>services.AddNotificationKind&lt;T&gt;()</c>.
/// </summary>
public interface INotificationKind
{
    string Kind { get; }

    /// <summary>What it is, for the sender's later update: "risk alert", "invitation".</summary>
    string Noun { get; }

    /// <summary>How the sender's sentence starts when nobody was reached: "not alerted".</summary>
    string NotReachedLead { get; }

    /// <summary>What the sender is told a reached recipient got, e.g. "was alerted" ("Sam Supervisor was alerted in their chat with me").</summary>
    string ReachedPhrase { get; }

    /// <summary>The message for one recipient; null when there is nothing to send any more (the subject is gone or settled).</summary>
    Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken);

    /// <summary>Called once every delivery has an outcome that will not change (in the turn, or later by the scheduler).</summary>
    Task SettledAsync(Notification notification, NotificationReport report, CancellationToken cancellationToken) => Task.CompletedTask;
}
