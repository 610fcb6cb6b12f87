using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Planning;

public enum GoalSaveStatus
{
    Saved,

    /// <summary>This very draft is already on the plan (the turn ran twice, or Save was pressed twice).</summary>
    AlreadySaved,
    Refused,
    Unavailable,

    /// <summary>The plan's rules refused the change (e.g. the plan was completed meanwhile); the message says why.</summary>
    NotAllowed,
}

public sealed record GoalSaveResult(GoalSaveStatus Status, string? Message = null, string? GoalId = null)
{
    public bool Succeeded => Status is GoalSaveStatus.Saved or GoalSaveStatus.AlreadySaved;
}

/// <summary>
/// Writes a finished goal (or new objectives for an existing goal) to the client's plan in one ETag-guarded write.
/// Ids come from the draft (<see cref="GoalDraft.DraftId"/>, fixed when its summary was shown), not from the press of
/// Save: a turn that runs twice, or two presses racing each other, find the draft's goal already on the plan and do not
/// add it again. A plan changed by someone else meanwhile is re-read and the goal applied again, so neither is lost.
/// </summary>
public sealed class GoalWriter(ClientFiles files, CaseloadRefresher caseload, Microsoft.Extensions.Options.IOptions<Reviews.ReviewOptions> reviews, ILogger<GoalWriter> logger)
{
    public static readonly string UnavailableMessage = OutageWords.AnswersKept("choose **Save** again in a moment");

    private const int MaxAttempts = 5;

    public async Task<GoalSaveResult> SaveAsync(Caller caller, LocalClock clock, GoalDraft draft, CancellationToken cancellationToken)
    {
        try
        {
            var opened = await files.OpenAsClinicianAsync(caller, draft.ClientId, ClientAction.Write, "plan", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return new GoalSaveResult(GoalSaveStatus.Refused, AccessDecision.RefusalMessage);
            }

            var file = opened.File;

            var ids = new DraftIds(draft.DraftId);
            for (var attempt = 1; ; attempt++)
            {
                var stored = await file.GetPlanAsync(cancellationToken).ConfigureAwait(false);
                var plan = stored?.Value ?? TreatmentPlan.Draft($"plan-{draft.ClientId}", draft.ClientId, clock.Today, reviews.Value.ReviewEveryDays);
                var goalId = draft.ExistingGoalId ?? ids.Goal;
                if (AlreadyApplied(plan, draft, ids))
                {
                    return new GoalSaveResult(GoalSaveStatus.AlreadySaved, GoalId: goalId);
                }

                try
                {
                    await file.SavePlanAsync(Apply(plan, draft, ids), stored?.ETag, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageException e) when (e.Kind is StorageErrorKind.Conflict or StorageErrorKind.AlreadyExists && attempt < MaxAttempts)
                {
                    logger.LogInformation("Plan of client {ClientId} changed while saving goal {GoalId}; re-applying", draft.ClientId, goalId);
                    continue;
                }

                logger.LogInformation("Saved goal {GoalId} with {Count} objectives for client {ClientId}", goalId, draft.Objectives.Count, draft.ClientId);
                await caseload.RefreshAsync(draft.ClientId, cancellationToken).ConfigureAwait(false);
                return new GoalSaveResult(GoalSaveStatus.Saved, GoalId: goalId);
            }
        }
        catch (StorageException e) when (e.Kind is StorageErrorKind.Unavailable)
        {
            logger.LogWarning("Records unavailable while saving a goal for client {ClientId}", draft.ClientId);
            return new GoalSaveResult(GoalSaveStatus.Unavailable, UnavailableMessage);
        }
        catch (PlanRuleException e)
        {
            return new GoalSaveResult(GoalSaveStatus.NotAllowed, $"I couldn't save this: {e.Message}");
        }
    }

    private static bool AlreadyApplied(TreatmentPlan plan, GoalDraft draft, DraftIds ids) =>
        draft.ExistingGoalId is null
            ? plan.Goals.Any(g => g.Id == ids.Goal)
            : plan.Objectives.Any(o => o.Id == ids.Objective(1));

    private static TreatmentPlan Apply(TreatmentPlan plan, GoalDraft draft, DraftIds ids)
    {
        var goalId = draft.ExistingGoalId;
        if (goalId is null)
        {
            var problemId = draft.ExistingProblemId;
            if (problemId is null)
            {
                problemId = ids.Problem;
                plan = plan.AddProblem(new Problem(problemId, draft.ProblemStatement ?? draft.ProblemArea, draft.AreaId, []));
            }

            goalId = ids.Goal;
            plan = plan.AddGoal(problemId, new Goal(goalId, draft.GoalText, []));
        }

        for (var i = 0; i < draft.Objectives.Count; i++)
        {
            plan = plan.AddObjective(goalId, draft.Objectives[i].ToObjective(ids.Objective(i + 1)));
        }

        return plan;
    }


    private sealed record DraftIds(string DraftId)
    {
        public string Problem => $"problem-{DraftId}";

        public string Goal => $"goal-{DraftId}";

        public string Objective(int number) => $"objective-{DraftId}-{number}";
    }
}
