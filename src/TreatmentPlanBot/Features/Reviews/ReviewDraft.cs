using System.Globalization;
using System.Text.Json;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Plans;
using ObjectiveProgress = TreatmentPlanning.Plans.ObjectiveProgress;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>What was entered for one objective, as typed (so a step shown again shows it again).</summary>
public sealed record ReviewAnswer(string Verdict, string AchievedOn, string Target, string Anticipated, string Tried, string Worked, string Note);

/// <summary>
/// A review in progress. It travels in the review card's data (the bot keeps nothing between turns), its id drawn when
/// the review starts: every press of Save carries it, so a second press finds the review already recorded.
/// </summary>
public sealed record ReviewDraft(string ReviewId, Dictionary<string, ReviewAnswer> Answers, string NextReview, string Note)
{
    public const int TextLimit = 500;

    public static ReviewDraft Start(DateOnly nextReview) =>
        new($"review-{Guid.NewGuid():N}"[..23], [], ObjectiveMeasures.Iso(nextReview), string.Empty);

    public string ToJson() => JsonSerializer.Serialize(this, RecordJson.Options);

    /// <summary>The draft the card carries; null when it is missing or not one of ours.</summary>
    public static ReviewDraft? From(CardActionContext context)
    {
        try
        {
            var draft = JsonSerializer.Deserialize<ReviewDraft>(context.GetString("draft") ?? string.Empty, RecordJson.Options);
            return draft is { ReviewId: { Length: > 0 } id } && id == context.GetString("reviewId") ? draft with { Answers = draft.Answers ?? [] } : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The step's inputs, merged into the card data by id.</summary>
    public static ReviewAnswer Typed(CardActionContext context) => new(
        context.GetString("verdict") ?? "progressing",
        context.GetString("achievedOn") ?? string.Empty,
        context.GetString("target") ?? string.Empty,
        context.GetString("anticipated") ?? string.Empty,
        Clip(context.GetString("tried")),
        Clip(context.GetString("worked")),
        Clip(context.GetString("note")));

    public static string Clip(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        return trimmed.Length > TextLimit ? trimmed[..TextLimit] : trimmed;
    }

    /// <summary>The answer as the domain records it, or what the clinician must fix (in their words).</summary>
    public static (ObjectiveProgress? Progress, IReadOnlyList<string> Errors) Read(Objective objective, ReviewAnswer answer, DateOnly today)
    {
        var errors = new List<string>();
        ReviewVerdict? verdict = answer.Verdict switch
        {
            "achieved" => ReviewVerdict.Achieved,
            "progressing" => ReviewVerdict.Progressing,
            "notProgressing" => ReviewVerdict.NotProgressing,
            "dropped" => ReviewVerdict.Dropped,
            _ => null,
        };
        if (verdict is null)
        {
            errors.Add("Choose how this objective is going: achieved, progressing, not progressing or dropped.");
        }

        var achievedOn = Date(answer.AchievedOn);
        if (verdict == ReviewVerdict.Achieved && answer.AchievedOn.Length > 0 && (achievedOn is null || achievedOn > today))
        {
            errors.Add("The date it was achieved is today or earlier (leave it empty for today).");
        }

        decimal? target = null;
        if (answer.Target.Length > 0)
        {
            if (objective.Measure is not { Type: not MeasureType.DoneNotDone })
            {
                errors.Add("This objective is done or not done: it has no target number to change.");
            }
            else if (!decimal.TryParse(answer.Target, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) || number < 0)
            {
                errors.Add("The target is a number, 0 or more (leave it as it is to keep the target).");
            }
            else
            {
                target = number == objective.Measure.Target ? null : number;
            }
        }

        var anticipated = Date(answer.Anticipated);
        if (answer.Anticipated.Length > 0 && (anticipated is null || anticipated < today))
        {
            errors.Add("The new anticipated date is today or later (leave it empty to keep the date).");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (ObjectiveProgress.Reviewed(objective.Id, verdict!.Value, Empty(answer.Note)) with
        {
            AchievedOn = verdict == ReviewVerdict.Achieved ? achievedOn ?? today : null,
            NewTarget = target,
            NewAnticipatedCompletion = anticipated == objective.AnticipatedCompletion ? null : anticipated,
            Tried = Empty(answer.Tried),
            Worked = Empty(answer.Worked),
        }, []);
    }

    public static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string? Empty(string text) => text.Length == 0 ? null : text;
}
