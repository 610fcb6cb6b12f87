using System.Text.Json.Serialization;
using TreatmentPlanning.Outcomes;

namespace TreatmentPlanBot.Records;

/// <summary>
/// End-of-session feedback asked of a client (row <c>feedback|{id}</c>): asked when the session was recorded, answered
/// once from the client's own chat, or left to expire. The id comes from the session (its id, or its date), so asking
/// twice for one session stores one request and an answer can only be given once.
/// </summary>
public sealed record SessionFeedbackRecord(
    string Id,
    string ClientId,
    DateOnly SessionDate,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt)
{
    public SessionFeedbackStatus Status { get; init; } = SessionFeedbackStatus.Pending;

    public SessionRatings? Ratings { get; init; }

    public string? Comment { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>The status as of <paramref name="now"/>: a pending request past its expiry is expired, stored or not.</summary>
    public SessionFeedbackStatus StatusAt(DateTimeOffset now) =>
        Status == SessionFeedbackStatus.Pending && now >= ExpiresAt ? SessionFeedbackStatus.Expired : Status;
}

[JsonConverter(typeof(JsonStringEnumConverter<SessionFeedbackStatus>))]
public enum SessionFeedbackStatus
{
    Pending,
    Answered,
    Expired,
}
