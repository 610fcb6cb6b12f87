using System.Globalization;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Sessions;

// View model of cards/session-record.json (cards/README.md).
public sealed record SessionFormModel(
    string ClientId,
    string SessionId,
    string DisplayName,
    string Today,
    string Context,
    SessionFormValues Form,
    IReadOnlyList<ChoiceView> Interventions,
    IReadOnlyList<TaskChoiceView> Tasks,
    IReadOnlyList<string> Errors);

public sealed record SessionFormValues(string HeldOn, string Attendance, string Interventions, string Note, string NextSessionOn);

public sealed record ChoiceView(string Title, string Value);

public sealed record TaskChoiceView(string InputId, string Description, string Value);

/// <summary>The session form: what it offers (the plan's open interventions and client tasks), and reading what was typed.</summary>
public static class SessionForms
{
    public const string Template = "session-record";
    public const int NoteLimit = 500;
    public const int MaxInterventions = 20;
    public const int MaxTasks = 12;
    private const string TaskInputPrefix = "task:";
    private const string NotReviewed = "notReviewed";

    /// <summary>A new session's id, drawn when its form is first shown and carried by its Save.</summary>
    public static string NewSessionId() => $"session-{Guid.NewGuid():N}";

    public static SessionFormValues Blank(DateOnly today) => new(ObjectiveMeasures.Iso(today), "attended", string.Empty, string.Empty, string.Empty);

    public static SessionFormModel View(string clientId, string sessionId, string displayName, TreatmentPlan? plan, string context, DateOnly today, SessionFormValues form, IReadOnlyDictionary<string, string> taskValues, IReadOnlyList<string> errors) => new(
        clientId,
        sessionId,
        CardText.Escape(displayName),
        ObjectiveMeasures.Iso(today),
        context,
        form,
        [.. Interventions(plan).Select(i => new ChoiceView(PlanCardBuilder.Shorten(i.Name, 100), i.Id))],
        [.. Tasks(plan).Select(t => new TaskChoiceView(TaskInputPrefix + t.Id, PlanCardBuilder.Shorten(t.Description, 150), taskValues.GetValueOrDefault(TaskInputPrefix + t.Id, NotReviewed)))],
        [.. errors.Select(CardText.Escape)]);

    /// <summary>The interventions planned on objectives still open, once each.</summary>
    public static IReadOnlyList<ClinicianIntervention> Interventions(TreatmentPlan? plan) =>
        [.. OpenObjectives(plan).SelectMany(o => o.Interventions).DistinctBy(i => i.Id).Take(MaxInterventions)];

    /// <summary>The client's tasks on objectives still open, once each.</summary>
    public static IReadOnlyList<ClientTask> Tasks(TreatmentPlan? plan) =>
        [.. OpenObjectives(plan).SelectMany(o => o.ClientTasks).DistinctBy(t => t.Id).Take(MaxTasks)];

    public static IEnumerable<Objective> OpenObjectives(TreatmentPlan? plan) =>
        (plan?.Objectives ?? []).Where(o => o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress);

    /// <summary>What was typed, as the form shows it again (the card is not trusted).</summary>
    public static (SessionFormValues Form, IReadOnlyDictionary<string, string> Tasks) Typed(CardActionContext context)
    {
        var form = new SessionFormValues(
            context.GetString("heldOn") ?? string.Empty,
            context.GetString("attendance") ?? string.Empty,
            context.GetString("interventions") ?? string.Empty,
            context.GetString("note") ?? string.Empty,
            context.GetString("nextSessionOn") ?? string.Empty);
        var tasks = context.Data.ValueKind == System.Text.Json.JsonValueKind.Object
            ? context.Data.EnumerateObject().Where(p => p.Name.StartsWith(TaskInputPrefix, StringComparison.Ordinal) && p.Value.ValueKind == System.Text.Json.JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];
        return (form, tasks);
    }

    /// <summary>The session as typed, or what to fix. Ids not in the plan (a form older than an edit) are left out.</summary>
    public static (SessionRecord? Session, IReadOnlyList<string> Errors) Read(
        string sessionId, SessionFormValues form, IReadOnlyDictionary<string, string> tasks, TreatmentPlan? plan, string recordedBy, DateTimeOffset now, DateOnly today)
    {
        var errors = new List<string>();
        var heldOn = ParseDate(form.HeldOn);
        if (heldOn is null)
        {
            errors.Add("Date: choose the date of the session.");
        }
        else if (heldOn > today)
        {
            errors.Add("Date: a session is recorded once it has happened (today or earlier); set the next session's date below instead.");
        }

        SessionAttendance? attendance = form.Attendance switch
        {
            "attended" => SessionAttendance.Attended,
            "cancelled" => SessionAttendance.Cancelled,
            "noShow" => SessionAttendance.NoShow,
            _ => null,
        };
        if (attendance is null)
        {
            errors.Add("Attendance: say whether the client attended, cancelled or did not come.");
        }

        var note = form.Note.Trim();
        if (note.Length > NoteLimit)
        {
            errors.Add($"Note: keep it to {NoteLimit} characters (it has {note.Length}).");
        }

        DateOnly? next = null;
        if (form.NextSessionOn.Trim().Length > 0)
        {
            next = ParseDate(form.NextSessionOn);
            if (next is null || (heldOn is { } held && next <= held) || next < today)
            {
                errors.Add("Next session: choose a date after this session and not in the past, or leave it empty.");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // Interventions and tasks are what happened in a session the client attended; a cancelled one has none.
        var attended = attendance == SessionAttendance.Attended;
        var chosen = form.Interventions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var used = attended ? Interventions(plan).Where(i => chosen.Contains(i.Id)).Select(i => new SessionIntervention(i.Id, i.Name)).ToList() : [];
        var reviewed = attended
            ? Tasks(plan).Select(t => (Task: t, Done: tasks.GetValueOrDefault(TaskInputPrefix + t.Id) switch
            {
                "done" => TaskDone.Done,
                "partly" => TaskDone.Partly,
                "notDone" => TaskDone.NotDone,
                _ => (TaskDone?)null,
            })).Where(r => r.Done is not null).Select(r => new ReviewedTask(r.Task.Id, r.Task.Description, r.Done!.Value)).ToList()
            : [];
        return (new SessionRecord(sessionId, heldOn!.Value, attendance!.Value, used, reviewed, note.Length == 0 ? null : note, next, recordedBy, now)
        {
            PlanVersion = plan?.Version,
            PlanContentHash = plan?.ContentHash,
        }, []);
    }

    public static string Attendance(SessionAttendance attendance) => attendance switch
    {
        SessionAttendance.Attended => "attended",
        SessionAttendance.Cancelled => "cancelled",
        _ => "the client did not come",
    };

    public static string Done(TaskDone done) => done switch
    {
        TaskDone.Done => "done",
        TaskDone.Partly => "partly done",
        _ => "not done",
    };

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
