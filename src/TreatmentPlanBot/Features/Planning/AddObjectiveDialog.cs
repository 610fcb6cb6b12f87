using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Templates;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// Adds SMART objectives to a goal already on the plan (the plan card's "Add objective" begins it with
/// <see cref="AddObjectiveOptions"/>; without a goal id it asks which goal). The same objective steps, summary card
/// and save as a new goal; only the objectives are new.
/// </summary>
public sealed class AddObjectiveDialog : InterruptibleDialog
{
    private const string StepsId = "planning.add-objective.steps";
    private const string ChoiceId = "planning.add-objective.choice";

    private readonly ClientFiles _files;
    private readonly TemplateLibrary _templates;

    public AddObjectiveDialog(ClientFiles files, TemplateLibrary templates, ObjectiveDialog objective, GoalReviewDialog review)
        : base(PlanningDialogs.AddObjective)
    {
        _files = files;
        _templates = templates;
        AddDialog(new WaterfallDialog(StepsId, [OpenGoalAsync, WriteObjectivesAsync, ReviewAsync, EndAsync]));
        AddDialog(new ChoicePrompt(ChoiceId));
        AddDialog(objective);
        AddDialog(review);
        foreach (var dialog in ObjectiveLoop.Create())
        {
            AddDialog(dialog);
        }

        InitialDialogId = StepsId;
    }

    private const string NothingSaved = "I've stopped adding objectives. Nothing was saved; the plan is as it was.";

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        innerDc.FindActivePromptOptions()?.Help
        ?? "I'm helping you add a SMART objective to a goal on this client's plan. Answer the question above, or say **cancel** to stop.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult(NothingSaved);

    private async Task<DialogTurnResult> OpenGoalAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<AddObjectiveOptions>() ?? throw new InvalidOperationException($"{PlanningDialogs.AddObjective} needs {nameof(AddObjectiveOptions)}.");
        if (Caller.From(step.Context.Activity) is not { } caller)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var opened = await _files.OpenAsClinicianAsync(caller, options.ClientId, ClientAction.Write, "plan", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            await step.Context.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var clientName = opened.File.Enrolment.DisplayName;
        var plan = (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var goals = plan?.Problems.SelectMany(p => p.Goals.Select(g => new GoalOnPlan(g.Id, g.InClientsWords, p.AreaId, g.Objectives.Count))).ToList() ?? [];
        if (goals.Count == 0)
        {
            await step.Context.SendActivityAsync($"{clientName}'s plan has no goals yet. Say **plan {clientName}** to write the first one.", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        step.Values.Set("clientName", clientName);
        step.Values.Set("goals", goals);
        if (options.GoalId is { } goalId && goals.Any(g => g.Id == goalId))
        {
            return await step.NextAsync(goalId, cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync(ChoiceId, PromptOptions.Text(
            $"Which of {clientName}'s goals is the objective for?",
            "Please pick one of the goals listed.",
            "Objectives break a goal into measurable steps; pick the goal this one moves forward.") with
        {
            Choices = [.. goals.Select(g => new Choice(g.Id) { Title = g.Text })],
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<DialogTurnResult> WriteObjectivesAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var goalId = step.Result switch
        {
            FoundChoice chosen => chosen.Value,
            string id => id,
            _ => throw new InvalidOperationException("No goal was chosen."),
        };
        step.Values.Set("goalId", goalId);
        var goal = step.Values.Get<List<GoalOnPlan>>("goals").First(g => g.Id == goalId);
        var objective = new ObjectiveDialogOptions(step.GetOptions<AddObjectiveOptions>()!.ClientId, step.Values.Get<string>("clientName"), AreaIdOf(goal), null);
        return step.BeginDialogAsync(ObjectiveLoop.DialogId, new ObjectiveLoopOptions(objective, []), cancellationToken);
    }

    private Task<DialogTurnResult> ReviewAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var goal = step.Values.Get<List<GoalOnPlan>>("goals").First(g => g.Id == step.Values.Get<string>("goalId"));
        var area = AreaIdOf(goal) is { } areaId ? _templates.Find(areaId) : null;
        var draft = new GoalDraft(
            DraftId: GoalDraft.NewId(),
            ClientId: step.GetOptions<AddObjectiveOptions>()!.ClientId,
            ClientName: step.Values.Get<string>("clientName"),
            ExistingProblemId: null,
            AreaId: area?.Id,
            ProblemArea: area?.Name ?? "Other",
            ProblemStatement: null,
            ExistingGoalId: goal.Id,
            TemplateGoalId: null,
            GoalText: goal.Text,
            FirstObjectiveNumber: goal.ObjectiveCount + 1,
            Objectives: (IReadOnlyList<ObjectiveDraft>)step.Result!);
        return step.BeginDialogAsync(GoalReviewDialog.DialogId, draft, cancellationToken);
    }

    private static async Task<DialogTurnResult> EndAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is ReviewOutcome { Cancelled: true })
        {
            await step.Context.SendActivityAsync(NothingSaved, cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
    }

    private string? AreaIdOf(GoalOnPlan goal) => goal.AreaId is { } id && _templates.Find(id) is not null ? id : null;

    private sealed record GoalOnPlan(string Id, string Text, string? AreaId, int ObjectiveCount);
}
