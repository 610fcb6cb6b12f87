using System.Globalization;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Features.SafetyPlan;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Templates;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Features.Sessions;

// View model of cards/session-prep.json (cards/README.md).
public sealed record PrepCardModel(
    string ClientId,
    string DisplayName,
    string Subtitle,
    bool CanRecord,
    IReadOnlyList<string> Sessions,
    string? SessionsAttention,
    IReadOnlyList<PrepObjective> Objectives,
    IReadOnlyList<PrepTask> Tasks,
    IReadOnlyList<string> Scores,
    string CheckIn,
    IReadOnlyList<string> Risks,
    string SafetyPlan,
    IReadOnlyList<string> Changes,
    string? LastNote);

public sealed record PrepObjective(string Heading, string Facts, IReadOnlyList<string> Interventions);

public sealed record PrepTask(string Task, string Reported);

/// <summary>
/// The prep card: what to have in mind before a session, on one card under Teams' size limit (every list is bounded
/// and every typed entry shortened here; the record keeps the full text). Read through a <see cref="ClinicalView"/>: the
/// supervisor gets it read-only, without the clinician's session note.
/// </summary>
public sealed class SessionPrep(ObjectiveMeasures measures, TemplateLibrary areas, IOptions<SessionsOptions> options)
{
    public const string Template = "session-prep";
    private const int MaxObjectives = 8;
    private const int MaxInterventions = 4;
    private const int MaxScores = 5;
    private const int MaxRisks = 5;
    private const int MaxChanges = 10;

    public const string NoCheckIns = "No check-ins between sessions are set up (say checkins [client] to set them).";

    public const string NoSafetyPlan = "No safety plan is recorded (say safety plan [client] to make one).";

    public async Task<PrepCardModel> BuildAsync(ClinicalView file, DateOnly today, CancellationToken cancellationToken)
    {
        var plan = (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var profile = await file.GetSharedProfileAsync(cancellationToken).ConfigureAwait(false);
        var sessions = await file.ListSessionsAsync(cancellationToken).ConfigureAwait(false);
        var assessments = await file.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false);
        var progress = await file.ListProgressAsync(cancellationToken).ConfigureAwait(false);
        var risks = await file.ListRiskEventsAsync(cancellationToken).ConfigureAwait(false);
        var last = sessions.LastOrDefault(s => s.Attendance == SessionAttendance.Attended);

        var insurance = new List<string>();
        string? attention = null;
        if (profile?.Insurance is { } authorisation)
        {
            var standing = TreatmentPlanning.Outcomes.AuthorisationStanding.Of(authorisation, plan, CaseloadRefresher.FrequenciesOf(plan, areas), options.Value.Thresholds, today);
            insurance.Add($"{standing.SessionsLeft} of {authorisation.SessionsAuthorised} authorised sessions left · ends {ObjectiveMeasures.Display(authorisation.Expiry)}");
            insurance.Add(AuthorisationWords.Projection(standing));
            attention = AuthorisationWords.Ending(standing) ?? (standing.Outlook.Covered ? null : "The remaining sessions do not cover the open objectives.");
        }
        else
        {
            insurance.Add("No insurance authorisation recorded.");
        }

        var subtitle = last is null
            ? $"Today {ObjectiveMeasures.Display(today)} · no attended session recorded yet"
            : $"Today {ObjectiveMeasures.Display(today)} · last session {ObjectiveMeasures.Display(last.HeldOn)}"
              + (last.NextSessionOn is { } next && next >= today ? $" · next {ObjectiveMeasures.Display(next)}" : string.Empty);
        return new PrepCardModel(
            file.ClientId,
            PlanCardBuilder.Shown(file.Enrolment.DisplayName, 100),
            subtitle,
            file.Relationship == ClientRelationship.ClinicianOfRecord,
            insurance,
            attention,
            Objectives(plan, progress, assessments),
            Tasks(plan, sessions),
            Scores(assessments),
            CheckInLine(await file.ListCheckInsAsync(cancellationToken).ConfigureAwait(false)),
            Risks(risks),
            SafetyPlanLine(await SafetyPlans.LatestAsync(file, cancellationToken).ConfigureAwait(false)),
            Changes(last, plan, sessions, assessments, progress, risks),
            last?.Note is { } note ? PlanCardBuilder.Shown(note, 500) : null);
    }

    /// <summary>The latest check-in that went out, and how many were missed in the last four weeks.</summary>
    internal static string CheckInLine(IReadOnlyList<CheckIn> checkIns)
    {
        var sent = checkIns.Where(c => c.Status is not (CheckInStatus.Due or CheckInStatus.Withdrawn)).OrderBy(c => c.DueAt).ToList();
        if (sent.LastOrDefault() is not { } latest)
        {
            return NoCheckIns;
        }

        var status = latest.Status switch
        {
            CheckInStatus.Answered => "answered",
            CheckInStatus.Sent => "waiting for an answer",
            CheckInStatus.Expired => "missed",
            CheckInStatus.Declined => "declined",
            _ => "not delivered",
        };
        var missed = sent.Count(c => c.IsMissed && c.DueAt >= latest.DueAt.AddDays(-28));
        return $"Last check-in ({string.Join(", ", latest.Measures)}, {ObjectiveMeasures.Display(DateOnly.FromDateTime(latest.DueAt.UtcDateTime))}): {status}"
            + (missed > 0 ? $"; {missed} missed in the four weeks before it." : ".");
    }

    /// <summary>The safety plan's version, the risk judgement and the warning signs to listen for.</summary>
    internal static string SafetyPlanLine(TreatmentPlanning.Safety.SafetyPlan? plan)
    {
        if (plan is null)
        {
            return NoSafetyPlan;
        }

        var signs = plan.ItemsOf(TreatmentPlanning.Safety.SafetyPlanSection.WarningSigns);
        return PlanCardBuilder.Shown(
            $"Version {plan.Version}, saved {ObjectiveMeasures.Display(DateOnly.FromDateTime(plan.SavedAt.UtcDateTime))}; risk judged {plan.Assessment.RiskJudgement.ToLowerInvariant()}."
            + (signs.Count > 0 ? $" Warning signs: {string.Join("; ", signs)}." : string.Empty), 400);
    }

    private List<PrepObjective> Objectives(TreatmentPlan? plan, IReadOnlyList<ObjectiveProgress> progress, IReadOnlyList<AssessmentRecord> assessments)
    {
        if (plan is null)
        {
            return [];
        }

        return [.. plan.Goals.SelectMany((goal, g) => goal.Objectives.Select((objective, o) => (Objective: objective, Number: $"{g + 1}.{o + 1}")))
            .Where(x => x.Objective.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress)
            .Take(MaxObjectives)
            .Select(x =>
            {
                var latest = ObjectiveMeasures.Latest(x.Objective, plan.Started, progress, assessments);
                var (name, _) = measures.Describe(x.Objective.Measure);
                var facts = string.Join(" · ", new[]
                {
                    x.Objective.AnticipatedCompletion is { } due ? $"due {ObjectiveMeasures.Display(due)}" : "no date set",
                    x.Objective.Status == ObjectiveStatus.InProgress ? "in progress" : "not started",
                    latest is null ? $"{name}: no reading yet" : $"{name}: {ObjectiveMeasures.Show(x.Objective.Measure, latest.Value, "not recorded")} on {ObjectiveMeasures.Display(latest.On)} (target {ObjectiveMeasures.Target(x.Objective.Measure)})",
                });
                return new PrepObjective(
                    $"{x.Number} {PlanCardBuilder.Shown(x.Objective.Behaviour, 200)}",
                    facts,
                    [.. x.Objective.Interventions.Take(MaxInterventions).Select(i => PlanCardBuilder.Shown(i.Name, 100))]);
            })];
    }

    private static List<PrepTask> Tasks(TreatmentPlan? plan, IReadOnlyList<SessionRecord> sessions) =>
        [.. SessionForms.Tasks(plan).Select(task =>
        {
            var review = sessions.Where(s => s.TasksReviewed.Any(r => r.TaskId == task.Id)).Select(s => (s.HeldOn, s.TasksReviewed.First(r => r.TaskId == task.Id).Done)).LastOrDefault();
            var reported = review == default ? "not reviewed at a session yet" : $"{SessionForms.Done(review.Done)} (reviewed {ObjectiveMeasures.Display(review.HeldOn)})";
            return new PrepTask(PlanCardBuilder.Shown(task.Frequency is null ? task.Description : $"{task.Description} ({task.Frequency})", 150), reported);
        })];

    private static List<string> Scores(IReadOnlyList<AssessmentRecord> assessments) =>
        [.. assessments.Where(a => a.Total is not null).GroupBy(a => a.InstrumentId)
            .Select(g => g.OrderBy(a => a.AdministeredAt).ToList())
            .OrderByDescending(g => g[^1].AdministeredAt)
            .Take(MaxScores)
            .Select(g =>
            {
                var latest = g[^1];
                var change = g.Count > 1 ? $", {Change(latest.Total!.Value - g[^2].Total!.Value)} since {Day(g[^2].AdministeredAt)}" : string.Empty;
                return $"{latest.InstrumentName} {latest.Total}{(latest.Band is null ? string.Empty : $", {latest.Band}")} ({Day(latest.AdministeredAt)}){change}";
            })];

    private static List<string> Risks(IReadOnlyList<RiskEvent> risks) =>
        [.. risks.Where(r => r.AcknowledgedAt is null).OrderByDescending(r => r.RaisedAt).Take(MaxRisks)
            .Select(r => $"Open risk flag, {Day(r.RaisedAt)} ({r.Level}): {PlanCardBuilder.Shown(r.Description, 200)}")];

    private static List<string> Changes(SessionRecord? last, TreatmentPlan? plan, IReadOnlyList<SessionRecord> sessions, IReadOnlyList<AssessmentRecord> assessments, IReadOnlyList<ObjectiveProgress> progress, IReadOnlyList<RiskEvent> risks)
    {
        if (last is null)
        {
            return ["No attended session is recorded yet, so there is nothing to compare with."];
        }

        var since = last.HeldOn;
        var changes = new List<(DateOnly On, string Text)>();
        changes.AddRange(assessments.Where(a => a.Total is not null && Date(a.AdministeredAt) > since).Select(a => (Date(a.AdministeredAt), $"New score: {a.InstrumentName} {a.Total} ({Day(a.AdministeredAt)})")));
        changes.AddRange(progress.Where(p => p.MeasuredOn > since).Select(p => (p.MeasuredOn, $"Progress recorded on objective {Number(plan, p.ObjectiveId)}: {p.Value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "done"} ({ObjectiveMeasures.Display(p.MeasuredOn)})")));
        changes.AddRange(risks.Where(r => Date(r.RaisedAt) > since).Select(r => (Date(r.RaisedAt), $"Risk flag raised {Day(r.RaisedAt)} ({r.Level})")));
        changes.AddRange((plan?.Objectives ?? []).Where(o => o.ActualCompletion is { } done && done > since).Select(o => (o.ActualCompletion!.Value, $"Objective {Number(plan, o.Id)} achieved {ObjectiveMeasures.Display(o.ActualCompletion!.Value)}")));
        changes.AddRange(sessions.Where(s => s.HeldOn > since && s.Attendance != SessionAttendance.Attended).Select(s => (s.HeldOn, $"Session {SessionWords.Describe(s)}")));
        var edited = plan is not null && last.PlanContentHash is { } hash && hash != plan.ContentHash;
        var list = changes.OrderBy(c => c.On).Take(MaxChanges).Select(c => c.Text).ToList();
        if (edited)
        {
            list.Insert(0, last.PlanVersion is { } then && then != plan!.Version
                ? $"The plan was edited: version {then} at the last session, version {plan.Version} now."
                : "The plan's goals or objectives were edited since the last session.");
        }

        return list.Count == 0 ? [$"Nothing new recorded since the session on {ObjectiveMeasures.Display(since)}."] : list;
    }

    private static string Number(TreatmentPlan? plan, string objectiveId)
    {
        foreach (var (goal, g) in (plan?.Goals ?? []).Select((goal, g) => (goal, g)))
        {
            var index = goal.Objectives.ToList().FindIndex(o => o.Id == objectiveId);
            if (index >= 0)
            {
                return $"{g + 1}.{index + 1}";
            }
        }

        return "(no longer in the plan)";
    }

    private static string Change(int delta) => delta switch
    {
        < 0 => $"down {-delta}",
        > 0 => $"up {delta}",
        _ => "unchanged",
    };

    private static DateOnly Date(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static string Day(DateTimeOffset at) => ObjectiveMeasures.Display(Date(at));
}
