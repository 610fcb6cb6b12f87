using System.Text.Json.Serialization;

namespace TreatmentPlanBot.Records;

/// <summary>
/// One session with the client, as the clinician recorded it. <see cref="Id"/> was drawn when the session form was
/// shown, so two presses of one Save store one session. <see cref="Note"/> is the clinician's alone: views for anyone
/// else (a supervisor, the client) never carry it.
/// </summary>
public sealed record SessionRecord(
    string Id,
    DateOnly HeldOn,
    SessionAttendance Attendance,
    IReadOnlyList<SessionIntervention> InterventionsUsed,
    IReadOnlyList<ReviewedTask> TasksReviewed,
    string? Note,
    DateOnly? NextSessionOn,
    string RecordedBy,
    DateTimeOffset RecordedAt)
{
    /// <summary>The authorisation this session was counted against (attended, within its dates), or null.</summary>
    public string? CountedAgainst { get; init; }

    /// <summary>The plan's version and content hash when the session was recorded: prep says whether the plan changed since.</summary>
    public int? PlanVersion { get; init; }

    public string? PlanContentHash { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SessionAttendance>))]
public enum SessionAttendance
{
    Attended,
    Cancelled,
    NoShow,
}

/// <summary>A planned intervention used in the session, by id, with its name as it was then.</summary>
public sealed record SessionIntervention(string InterventionId, string Name);

/// <summary>A client task looked at in the session, and whether the client said they did it.</summary>
public sealed record ReviewedTask(string TaskId, string Description, TaskDone Done);

[JsonConverter(typeof(JsonStringEnumConverter<TaskDone>))]
public enum TaskDone
{
    Done,
    Partly,
    NotDone,
}
