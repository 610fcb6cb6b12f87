using System.Globalization;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Planning;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>What the clinician typed on the objective-edit card, read from the card data (the card is not trusted).</summary>
public sealed record ObjectiveEdit(
    string Specific,
    string Relevance,
    string Target,
    string AnticipatedCompletion,
    string Status,
    string ClientTasks,
    string Interventions,
    bool WarningsConfirmed,
    string ConfirmedWarnings)
{
    public static ObjectiveEdit From(CardActionContext context) => new(
        context.GetString("specific") ?? string.Empty,
        context.GetString("relevance") ?? string.Empty,
        context.GetString("target") ?? string.Empty,
        context.GetString("anticipatedCompletion") ?? string.Empty,
        context.GetString("status") ?? string.Empty,
        context.GetString("clientTasks") ?? string.Empty,
        context.GetString("interventions") ?? string.Empty,
        string.Equals(context.GetString("confirmWarnings"), "true", StringComparison.OrdinalIgnoreCase),
        context.GetString("confirmedWarnings") ?? string.Empty);
}

/// <summary>The objective-edit and objective-progress cards: prefilled, re-shown with messages, and their input checks.</summary>
public sealed class ObjectiveForms(ObjectiveMeasures measures, SmartValidator smart)
{
    public const string EditTemplate = "objective-edit";
    public const string ProgressTemplate = "objective-progress";

    // The edit card's inputs are bounded to what the plan card can show within Teams' size limit (cards/README.md).
    public const int SpecificLimit = ObjectiveLimits.Specific;
    public const int RelevanceLimit = ObjectiveLimits.Relevance;
    public const int MaxTasks = ObjectiveLimits.MaxTasks;
    public const int TaskLimit = ObjectiveLimits.Task;
    public const int MaxInterventions = ObjectiveLimits.MaxInterventions;
    public const int InterventionLimit = ObjectiveLimits.Intervention;
    public const int NoteLimit = 500;

    private static readonly Dictionary<string, ObjectiveStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["notStarted"] = ObjectiveStatus.NotStarted,
        ["inProgress"] = ObjectiveStatus.InProgress,
        ["achieved"] = ObjectiveStatus.Achieved,
        ["revised"] = ObjectiveStatus.Revised,
        ["discontinued"] = ObjectiveStatus.Discontinued,
    };

    public static ObjectiveEdit Prefill(Objective objective) => new(
        objective.Behaviour,
        objective.Relevance ?? string.Empty,
        objective.Measure switch
        {
            null or { Type: MeasureType.DoneNotDone } => "1",
            { Target: { } target } => ObjectiveMeasures.Normalise(target).ToString(CultureInfo.InvariantCulture),
            _ => string.Empty,
        },
        objective.AnticipatedCompletion is { } due ? ObjectiveMeasures.Iso(due) : string.Empty,
        PlanCardBuilder.StatusCode(objective.Status),
        string.Join("\n", objective.ClientTasks.Select(t => t.Description)),
        string.Join("\n", objective.Interventions.Select(i => i.Name)),
        false,
        string.Empty);

    public ObjectiveEditModel EditCard(string clientId, string displayName, Versioned<TreatmentPlan> plan, string objectiveId, ObjectiveEdit form, IReadOnlyList<string> errors, IReadOnlyList<SmartFinding> warnings)
    {
        var (goal, goalNumber, objective, number) = Locate(plan.Value, objectiveId);
        return new ObjectiveEditModel(
            clientId,
            plan.Value.PlanId,
            plan.ETag,
            objectiveId,
            new EditClient(CardText.Escape(displayName)),
            new EditGoal(goalNumber, PlanCardBuilder.Shown(goal.InClientsWords, 300)),
            new EditObjective(number, measures.Bounds(objective.Measure)),
            new ObjectiveForm(
                form.Specific,
                form.Relevance,
                decimal.TryParse(form.Target, NumberStyles.Number, CultureInfo.InvariantCulture, out var target) ? target : null,
                form.AnticipatedCompletion,
                Statuses.ContainsKey(form.Status) ? form.Status : PlanCardBuilder.StatusCode(objective.Status),
                form.ClientTasks,
                form.Interventions),
            [.. errors.Select(CardText.Escape)],
            [.. warnings.Select(w => CardText.Escape(w.Message))],
            Codes(warnings));
    }

    /// <summary>
    /// The objective as edited, or the messages saying what to fix. SMART errors block; SMART warnings block until the
    /// clinician ticks the confirmation for exactly these warnings.
    /// </summary>
    public (Objective? Updated, ObjectiveStatus Status, IReadOnlyList<string> Errors, IReadOnlyList<SmartFinding> Warnings) Apply(
        TreatmentPlan plan, Objective objective, ObjectiveEdit form, string activityId, DateOnly today)
    {
        var errors = new List<string>();
        var specific = form.Specific.Trim();
        if (specific.Length > SpecificLimit)
        {
            errors.Add($"Specific: keep the description to {SpecificLimit} characters (it has {specific.Length}).");
        }

        var relevance = form.Relevance.Trim();
        if (relevance.Length > RelevanceLimit)
        {
            errors.Add($"Relevant: keep the client's reason to {RelevanceLimit} characters (it has {relevance.Length}).");
        }

        var (min, max) = measures.Range(objective.Measure);
        decimal? target = null;
        if (objective.Measure is { Type: not MeasureType.DoneNotDone })
        {
            if (!decimal.TryParse(form.Target.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                errors.Add($"Measurable: enter the target as a number between {Format(min)} and {Format(max)}.");
            }
            else if (parsed < min || parsed > max)
            {
                errors.Add($"Measurable: the target must be between {Format(min)} and {Format(max)}.");
            }
            else
            {
                target = parsed;
            }
        }

        DateOnly? due = null;
        if (DateOnly.TryParseExact(form.AnticipatedCompletion.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            due = date;
        }
        else
        {
            errors.Add("Time-bound: choose the date you expect this objective to be achieved.");
        }

        if (!Statuses.TryGetValue(form.Status.Trim(), out var status))
        {
            errors.Add("Choose a status: not started, in progress, achieved, revised or discontinued.");
            status = objective.Status;
        }

        var tasks = Lines(form.ClientTasks);
        var interventions = Lines(form.Interventions);
        if (tasks.Count > MaxTasks || tasks.Any(t => t.Length > TaskLimit))
        {
            errors.Add($"Client tasks: list at most {MaxTasks}, one per line, each up to {TaskLimit} characters.");
        }

        if (interventions.Count > MaxInterventions || interventions.Any(i => i.Length > InterventionLimit))
        {
            errors.Add($"Interventions: list at most {MaxInterventions}, one per line, each up to {InterventionLimit} characters.");
        }

        if (errors.Count > 0)
        {
            return (null, status, errors, []);
        }

        // Unchanged lines keep their ids (and frequency); new lines get ids from this activity, so a re-run makes the same ones.
        var updated = objective with
        {
            Behaviour = specific,
            Relevance = relevance.Length == 0 ? null : relevance,
            Measure = objective.Measure is null || target is null ? objective.Measure : objective.Measure with { Target = target },
            AnticipatedCompletion = due,
            ClientTasks = [.. tasks.Select((t, i) => objective.ClientTasks.FirstOrDefault(x => x.Description == t) ?? new ClientTask($"task-{activityId}-{i + 1}", t))],
            Interventions = [.. interventions.Select((n, i) => objective.Interventions.FirstOrDefault(x => x.Name == n) ?? new ClinicianIntervention($"intervention-{activityId}-{i + 1}", n))],
        };

        var result = smart.Validate(updated, new SmartContext(today, plan.Started < today ? plan.Started : null));
        if (!result.CanSave)
        {
            return (null, status, [.. result.Errors.Select(e => e.Message)], []);
        }

        var warnings = status is ObjectiveStatus.Achieved or ObjectiveStatus.Discontinued ? [] : result.Warnings;
        return warnings.Count > 0 && !(form.WarningsConfirmed && form.ConfirmedWarnings == Codes(warnings))
            ? (null, status, [], warnings)
            : (updated, status, [], warnings);
    }

    /// <summary>A fresh reading id for a progress form: short (it travels in the card's data and the row key), random.</summary>
    public static string NewReadingId() => $"reading-{Guid.NewGuid():N}"[..20];

    /// <summary>A reading id as the card carries it, or null when absent or not one this app draws (the card is not trusted).</summary>
    public static string? ReadReadingId(string? fromCard) =>
        fromCard is { Length: > 8 and <= 40 } id && id.StartsWith("reading-", StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? id
            : null;

    public ObjectiveProgressModel ProgressCard(string clientId, string displayName, Versioned<TreatmentPlan> plan, string objectiveId, string readingId, MeasureReading? latest, ProgressForm form, IReadOnlyList<string> errors, DateOnly today)
    {
        var (_, _, objective, number) = Locate(plan.Value, objectiveId);
        var bounds = measures.Bounds(objective.Measure);
        return new ObjectiveProgressModel(
            clientId,
            plan.Value.PlanId,
            plan.ETag,
            objectiveId,
            readingId,
            ObjectiveMeasures.Iso(today),
            new EditClient(CardText.Escape(displayName)),
            new ProgressObjective(number, PlanCardBuilder.Shown(objective.Behaviour, 300), new ProgressMeasure(
                bounds.Name,
                bounds.Unit,
                bounds.Direction,
                bounds.Min,
                bounds.Max,
                ObjectiveMeasures.Baseline(objective.Measure),
                ObjectiveMeasures.Target(objective.Measure),
                latest is null ? null : ObjectiveMeasures.Show(objective.Measure, latest.Value, "not recorded"),
                latest is null ? null : ObjectiveMeasures.Display(latest.On))),
            form,
            [.. errors.Select(CardText.Escape)]);
    }

    /// <summary>The reading typed on the progress card, or what to fix.</summary>
    public (decimal? Value, DateOnly? On, string? Note, IReadOnlyList<string> Errors) ReadProgress(Objective objective, string? value, string? recordedOn, string? note, DateOnly today)
    {
        var errors = new List<string>();
        var (min, max) = measures.Range(objective.Measure);
        decimal? reading = null;
        if (!decimal.TryParse(value?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
        {
            errors.Add($"Enter the reading as a number between {Format(min)} and {Format(max)}.");
        }
        else if (parsed < min || parsed > max)
        {
            errors.Add($"The reading must be between {Format(min)} and {Format(max)} ({measures.Describe(objective.Measure).Unit}).");
        }
        else
        {
            reading = parsed;
        }

        DateOnly? on = null;
        if (!DateOnly.TryParseExact(recordedOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add("Choose the date of this reading.");
        }
        else if (date > today)
        {
            errors.Add($"The reading's date can't be after today ({ObjectiveMeasures.Display(today)}).");
        }
        else
        {
            on = date;
        }

        var trimmed = note?.Trim();
        if (trimmed?.Length > NoteLimit)
        {
            errors.Add($"Keep the note to {NoteLimit} characters (it has {trimmed.Length}).");
        }

        return (reading, on, string.IsNullOrEmpty(trimmed) ? null : trimmed, errors);
    }

    public static (Goal Goal, int GoalNumber, Objective Objective, string Number) Locate(TreatmentPlan plan, string objectiveId)
    {
        var goals = plan.Goals.ToList();
        for (var g = 0; g < goals.Count; g++)
        {
            var index = goals[g].Objectives.ToList().FindIndex(o => o.Id == objectiveId);
            if (index >= 0)
            {
                return (goals[g], g + 1, goals[g].Objectives[index], $"{g + 1}.{index + 1}");
            }
        }

        throw new PlanRuleException("That objective is no longer in this plan.");
    }

    private static string Codes(IReadOnlyList<SmartFinding> warnings) => string.Join(",", warnings.Select(w => w.Code).Order(StringComparer.Ordinal));

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string Format(decimal value) => ObjectiveMeasures.Normalise(value).ToString(CultureInfo.InvariantCulture);
}
