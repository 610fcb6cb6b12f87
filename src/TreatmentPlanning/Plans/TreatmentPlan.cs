using System.Text.Json.Serialization;

namespace TreatmentPlanning.Plans;

/// <summary>
/// A client's treatment plan, current version plus every earlier version. Immutable: each operation returns a new plan.
/// Editing the clinical content of a signed version starts a new, unsigned version; the signed one stays readable
/// through <see cref="GetVersion"/>. A review makes a new version too (<see cref="RecordReview"/>); recording progress
/// otherwise (statuses, referrals) never does. <see cref="ReviewDueOn"/> is a review date set by hand (sooner for an
/// insurer, or at a review); without one, reviews fall due on the clinic's cadence.
/// </summary>
public sealed record TreatmentPlan(
    string PlanId,
    string ClientId,
    PlanStatus Status,
    int Version,
    DateOnly Started,
    int ReviewEveryDays,
    IReadOnlyList<Problem> Problems,
    IReadOnlyList<Signature> Signatures,
    IReadOnlyList<ProgressReview> Reviews,
    IReadOnlyList<Referral> Referrals,
    IReadOnlyList<PlanVersion> PriorVersions,
    DateOnly? ReviewDueOn = null)
{
    /// <summary>Reviews fall due every 90 days unless the clinic sets another cadence.</summary>
    public const int DefaultReviewEveryDays = 90;

    public static TreatmentPlan Draft(string planId, string clientId, DateOnly started, int reviewEveryDays = DefaultReviewEveryDays)
    {
        if (reviewEveryDays <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(reviewEveryDays), reviewEveryDays, "Reviews need a cadence of at least one day.");
        }

        return new(planId, clientId, PlanStatus.Draft, 1, started, reviewEveryDays, [], [], [], [], []);
    }

    [JsonIgnore]
    public string ContentHash => PlanContentHash.Compute(PlanId, ClientId, Problems);

    [JsonIgnore]
    public IEnumerable<Goal> Goals => Problems.SelectMany(p => p.Goals);

    [JsonIgnore]
    public IEnumerable<Objective> Objectives => Goals.SelectMany(g => g.Objectives);

    /// <summary>A signature of this role that was given for the current version and still matches its content.</summary>
    public bool IsSignedBy(SignerRole role) =>
        Signatures.Any(s => s.Role == role && s.PlanVersion == Version && s.ContentHash == ContentHash);

    public DateOnly NextReviewDue() =>
        ReviewDueOn ?? (Reviews.Count == 0 ? Started : Reviews.Max(r => r.ReviewedOn)).AddDays(ReviewEveryDays);

    /// <summary>Sets the next review date (sooner than the cadence for an insurer, or later); not a change of content.</summary>
    public TreatmentPlan ScheduleReview(DateOnly on, DateOnly today)
    {
        EnsureEditable();
        return on < today
            ? throw new PlanRuleException("A review date is today or later.")
            : this with { ReviewDueOn = on };
    }

    public Objective FindObjective(string objectiveId) =>
        Objectives.FirstOrDefault(o => o.Id == objectiveId)
        ?? throw new PlanRuleException($"This plan has no objective '{objectiveId}'.");

    /// <summary>The given version, current or earlier.</summary>
    public PlanVersion GetVersion(int number) =>
        number == Version
            ? new PlanVersion(Version, ContentHash, Problems, Signatures)
            : PriorVersions.FirstOrDefault(v => v.Number == number)
              ?? throw new PlanRuleException($"This plan has no version {number}.");

    public TreatmentPlan AddProblem(Problem problem)
    {
        EnsureNewId(problem.Id);
        return WithProblems([.. Problems, problem]);
    }

    public TreatmentPlan AddGoal(string problemId, Goal goal)
    {
        EnsureNewId(goal.Id);
        _ = Problems.FirstOrDefault(p => p.Id == problemId) ?? throw new PlanRuleException($"This plan has no problem '{problemId}'.");
        return WithProblems([.. Problems.Select(p => p.Id == problemId ? p with { Goals = [.. p.Goals, goal] } : p)]);
    }

    public TreatmentPlan AddObjective(string goalId, Objective objective)
    {
        EnsureNewId(objective.Id);
        _ = Goals.FirstOrDefault(g => g.Id == goalId) ?? throw new PlanRuleException($"This plan has no goal '{goalId}'.");
        return WithProblems([.. Problems.Select(p => p with
        {
            Goals = [.. p.Goals.Select(g => g.Id == goalId ? g with { Objectives = [.. g.Objectives, objective] } : g)],
        })]);
    }

    /// <summary>Replaces the objective with the same id.</summary>
    public TreatmentPlan UpdateObjective(Objective objective) => MapObjective(objective.Id, _ => objective);

    public TreatmentPlan RemoveObjective(string objectiveId)
    {
        _ = FindObjective(objectiveId);
        return WithProblems([.. Problems.Select(p => p with
        {
            Goals = [.. p.Goals.Select(g => g with { Objectives = [.. g.Objectives.Where(o => o.Id != objectiveId)] })],
        })]);
    }

    public TreatmentPlan MarkAchieved(string objectiveId, DateOnly achievedOn) =>
        SetObjectiveStatus(objectiveId, ObjectiveStatus.Achieved, achievedOn);

    /// <summary>Records an objective's status; <paramref name="on"/> becomes the actual completion date when achieved.</summary>
    public TreatmentPlan SetObjectiveStatus(string objectiveId, ObjectiveStatus status, DateOnly on) =>
        MapObjective(objectiveId, o => WithStatus(o, status, on));

    /// <summary>
    /// Records a review and makes a new version: the reviewed version stays readable, with its signatures, and the new
    /// one holds each objective as reviewed (status, actual completion, adjusted target and anticipated date). An
    /// objective reviewed as achieved keeps an earlier actual completion date if it has one. A plan under review becomes
    /// active again; the next review falls due on the date the review set, or the cadence after it.
    /// </summary>
    public TreatmentPlan RecordReview(ProgressReview review)
    {
        EnsureEditable();
        if (Reviews.Any(r => r.Id == review.Id))
        {
            throw new PlanRuleException($"Review '{review.Id}' is already recorded.");
        }

        if (review.NextReviewOn is { } next && next <= review.ReviewedOn)
        {
            throw new PlanRuleException("The next review date comes after the day of this review.");
        }

        var plan = Revise();
        foreach (var progress in review.Objectives)
        {
            var achievedOn = progress.AchievedOn ?? review.ReviewedOn;
            if (achievedOn > review.ReviewedOn)
            {
                throw new PlanRuleException("An objective is achieved on or before the day of the review.");
            }

            plan = plan.MapObjective(progress.ObjectiveId, o => Adjusted(
                o.Status == ObjectiveStatus.Achieved && progress.Status == ObjectiveStatus.Achieved ? o : WithStatus(o, progress.Status, achievedOn),
                progress));
        }

        return plan with
        {
            Reviews = [.. Reviews, review with { Version = plan.Version }],
            Status = Status == PlanStatus.UnderReview ? PlanStatus.Active : Status,
            ReviewDueOn = review.NextReviewOn,
        };
    }

    public TreatmentPlan Refer(Referral referral)
    {
        EnsureEditable();
        return Referrals.Any(r => r.Id == referral.Id)
            ? throw new PlanRuleException($"Referral '{referral.Id}' is already recorded.")
            : this with { Referrals = [.. Referrals, referral] };
    }

    /// <summary>
    /// Signs the current version. The client signs for themself only; a supervisor co-signs a version the
    /// clinician has signed; each role signs a version once.
    /// </summary>
    public TreatmentPlan Sign(SignerRole role, string signerId, DateTimeOffset signedAt, string? typedName = null)
    {
        EnsureEditable();
        if (Problems.Count == 0)
        {
            throw new PlanRuleException("There is nothing to sign yet: add a problem and its goals first.");
        }

        if (IsSignedBy(role))
        {
            throw new PlanRuleException($"Version {Version} already has a {role.ToString().ToLowerInvariant()} signature.");
        }

        if (role == SignerRole.Client && signerId != ClientId)
        {
            throw new PlanRuleException("Only the client can sign as the client.");
        }

        if (role == SignerRole.Supervisor && !IsSignedBy(SignerRole.Clinician))
        {
            throw new PlanRuleException("A supervisor co-signs after the clinician has signed this version.");
        }

        return this with { Signatures = [.. Signatures, new Signature(role, signerId, signedAt, Version, ContentHash) { TypedName = typedName }] };
    }

    /// <summary>Starts a new, unsigned version with the same content; the current one is kept as it is.</summary>
    public TreatmentPlan Revise()
    {
        EnsureEditable();
        return this with
        {
            PriorVersions = [.. PriorVersions, GetVersion(Version)],
            Version = Version + 1,
            Signatures = [],
        };
    }

    /// <summary>Puts the plan in effect; it needs the clinician's signature on the current version.</summary>
    public TreatmentPlan Activate()
    {
        EnsureEditable();
        return IsSignedBy(SignerRole.Clinician)
            ? this with { Status = PlanStatus.Active }
            : throw new PlanRuleException("The clinician signs the plan before it becomes active.");
    }

    public TreatmentPlan BeginReview()
    {
        EnsureEditable();
        return Status == PlanStatus.Active
            ? this with { Status = PlanStatus.UnderReview }
            : throw new PlanRuleException("Only an active plan can be put under review.");
    }

    public TreatmentPlan Complete()
    {
        EnsureEditable();
        return this with { Status = PlanStatus.Completed };
    }

    public TreatmentPlan Discharge()
    {
        EnsureEditable();
        return this with { Status = PlanStatus.Discharged };
    }

    private TreatmentPlan MapObjective(string objectiveId, Func<Objective, Objective> change)
    {
        _ = FindObjective(objectiveId);
        return WithProblems([.. Problems.Select(p => p with
        {
            Goals = [.. p.Goals.Select(g => g with
            {
                Objectives = [.. g.Objectives.Select(o => o.Id == objectiveId ? change(o) : o)],
            })],
        })]);
    }

    // The single path by which content changes: a signed version is never edited in place.
    private TreatmentPlan WithProblems(IReadOnlyList<Problem> problems)
    {
        EnsureEditable();
        var edited = this with { Problems = problems };
        if (Signatures.Count == 0 || edited.ContentHash == ContentHash)
        {
            return edited;
        }

        return Revise() with { Problems = problems };
    }

    private static Objective Adjusted(Objective objective, ObjectiveProgress progress)
    {
        if (progress.NewTarget is { } target)
        {
            objective = objective.Measure is { Type: not MeasureType.DoneNotDone } measure
                ? objective with { Measure = measure with { Target = target } }
                : throw new PlanRuleException($"Objective '{objective.Id}' has no numeric target to adjust.");
        }

        return progress.NewAnticipatedCompletion is { } due ? objective with { AnticipatedCompletion = due } : objective;
    }

    private static Objective WithStatus(Objective objective, ObjectiveStatus status, DateOnly on) => objective with
    {
        Status = status,
        ActualCompletion = status == ObjectiveStatus.Achieved ? on : null,
    };

    private void EnsureEditable()
    {
        if (Status is PlanStatus.Completed or PlanStatus.Discharged)
        {
            throw new PlanRuleException($"This plan is {Status.ToString().ToLowerInvariant()}; start a new plan to make changes.");
        }
    }

    private void EnsureNewId(string id)
    {
        var taken = Problems.Any(p => p.Id == id)
            || Goals.Any(g => g.Id == id)
            || Objectives.Any(o => o.Id == id);
        if (taken)
        {
            throw new PlanRuleException($"The id '{id}' is already used in this plan.");
        }
    }
}
