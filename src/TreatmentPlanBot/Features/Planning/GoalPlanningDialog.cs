using BotCore;
using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Templates;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>What "plan &lt;client&gt;" starts with: the name or id typed after the command.</summary>
public sealed record PlanGoalsOptions(string? Query);

/// <summary>A problem already on the plan, which a new goal can join.</summary>
public sealed record ExistingProblem(string Id, string Statement, string? AreaId);

/// <summary>What one goal's steps start from.</summary>
public sealed record GoalStart(string ClientId, string ClientName, IReadOnlyList<ExistingProblem> Problems);

/// <summary>
/// "plan &lt;client&gt;": picks the client, checks the clinician may change their record, then writes goals one at a
/// time: the problem (a template area or an existing problem) and its statement, the goal in the client's words, one
/// or more SMART objectives, the summary card, Save. After each saved goal it offers another. A plan that does not
/// exist yet is created as a draft with the first saved goal, so stopping early stores nothing.
/// </summary>
public sealed class GoalPlanningDialog : InterruptibleDialog
{
    public const string DialogId = "planning.goals";

    private const string StepsId = "planning.goals.steps";
    private const string GoalId = "planning.goal";
    private const string ChoiceId = "planning.goals.choice";
    private const string TextId = "planning.goals.text";
    private const string GoalTextId = "planning.goals.goal-text";
    private const string ConfirmId = "planning.goals.confirm";
    private const string SavedGoalsKey = "planning.savedGoals";
    private const string OwnChoice = "own";
    private const int LongTermWeeks = 26;
    private const int ShortPlanWeeks = 8;

    private readonly ClientFiles _files;
    private readonly TemplateLibrary _templates;

    public GoalPlanningDialog(ClientFiles files, TemplateLibrary templates, ObjectiveDialog objective, GoalReviewDialog review)
        : base(DialogId)
    {
        _files = files;
        _templates = templates;
        AddDialog(new WaterfallDialog(StepsId, [PickClientAsync, OpenPlanAsync, AfterGoalAsync, AnotherGoalAsync]));
        AddDialog(new WaterfallDialog(GoalId, [AskProblemAsync, AskStatementAsync, AskGoalAsync, AskGoalWordsAsync, WriteObjectivesAsync, ReviewAsync, EndGoalAsync]));
        AddDialog(new ChoicePrompt(ChoiceId));
        AddDialog(new TextPrompt(TextId, ValidateStatementAsync));
        AddDialog(new TextPrompt(GoalTextId, GoalText.ValidateAsync));
        AddDialog(new ConfirmPrompt(ConfirmId));
        AddDialog(objective);
        AddDialog(review);
        foreach (var dialog in ObjectiveLoop.Create())
        {
            AddDialog(dialog);
        }

        InitialDialogId = StepsId;
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        innerDc.FindActivePromptOptions()?.Help
        ?? "I'm helping you write a goal with SMART objectives for this client. Answer the question above, or say **cancel** to stop.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult(WhatIsKept(innerDc));

    private static string WhatIsKept(DialogContext innerDc)
    {
        var saved = SavedGoals(innerDc);
        return saved.Count switch
        {
            0 => "I've stopped planning. Nothing was saved; the plan is as it was.",
            1 => $"I've stopped planning. The goal you saved earlier (“{saved[0]}”) is on the plan; the goal in progress was not saved.",
            _ => $"I've stopped planning. The {saved.Count} goals you saved earlier are on the plan; the goal in progress was not saved.",
        };
    }

    // Which goals this session saved lives on the dialog's own instance, not a step's values: the steps restart for
    // each goal, and "cancel" must still say what was kept.
    private static List<string> SavedGoals(DialogContext innerDc) =>
        innerDc.Parent?.ActiveDialog?.State[SavedGoalsKey]?.Deserialize<List<string>>(BotJson.Options) ?? [];

    private static void RecordSaved(DialogContext innerDc, string goalText)
    {
        if (innerDc.Parent?.ActiveDialog is { } instance)
        {
            instance.State[SavedGoalsKey] = JsonSerializer.SerializeToNode(SavedGoals(innerDc).Append(goalText).ToList(), BotJson.Options);
        }
    }

    // Session ------------------------------------------------------------------------------------------------------

    private static Task<DialogTurnResult> PickClientAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(step.GetOptions<PlanGoalsOptions>()?.Query, "plan for"), cancellationToken);

    private async Task<DialogTurnResult> OpenPlanAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string clientId || Caller.From(step.Context.Activity) is not { } caller)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        TreatmentPlan? plan;
        string clientName;
        var opened = await _files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "plan", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            await step.Context.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        clientName = opened.File.Enrolment.DisplayName;
        plan = (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;

        if (plan?.Status is PlanStatus.Completed or PlanStatus.Discharged)
        {
            await step.Context.SendActivityAsync($"{clientName}'s plan is {plan.Status.ToString().ToLowerInvariant()}, so it can't take new goals.", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        step.Values.Set("clientId", clientId);
        step.Values.Set("clientName", clientName);
        if (plan is null && SavedGoals(step.DialogContext).Count == 0)
        {
            await step.Context.SendActivityAsync($"{clientName} has no plan yet. I'll start a draft plan, reviewed every {TreatmentPlan.DefaultReviewEveryDays} days, when you save the first goal.", cancellationToken).ConfigureAwait(false);
        }

        var problems = plan?.Problems.Select(p => new ExistingProblem(p.Id, p.Statement, p.AreaId)).ToList() ?? [];
        return await step.BeginDialogAsync(GoalId, new GoalStart(clientId, clientName, problems), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> AfterGoalAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var outcome = step.Result as ReviewOutcome;
        if (outcome is not { Saved: true })
        {
            if (outcome is { Cancelled: true })
            {
                await step.Context.SendActivityAsync(WhatIsKept(step.DialogContext), cancellationToken).ConfigureAwait(false);
            }

            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        RecordSaved(step.DialogContext, outcome.GoalText!);
        return await step.PromptAsync(ConfirmId, PromptOptions.Text(
            $"Add another goal for {step.Values.Get<string>("clientName")}?",
            "Please answer yes or no.",
            "Each goal is saved as soon as you choose Save, so stopping now keeps what you saved."), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> AnotherGoalAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var clientId = step.Values.Get<string>("clientId");
        if (step.Result is true)
        {
            return await step.ReplaceDialogAsync(StepsId, new PlanGoalsOptions(clientId), cancellationToken).ConfigureAwait(false);
        }

        var saved = SavedGoals(step.DialogContext).Count;
        await step.Context.SendActivityAsync(saved == 1 ? "Done: one goal saved." : $"Done: {saved} goals saved.", cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(saved, cancellationToken).ConfigureAwait(false);
    }

    // One goal ------------------------------------------------------------------------------------------------------

    private Task<DialogTurnResult> AskProblemAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var start = step.GetOptions<GoalStart>()!;
        var choices = start.Problems
            .Select(p => new Choice($"problem:{p.Id}") { Title = $"On the plan already: {Shorten(p.Statement)}" })
            .Concat(_templates.Areas.Select(a => new Choice($"area:{a.Id}") { Title = a.Name, Synonyms = [a.Id] }))
            .Append(new Choice("other") { Title = "Other (no template)", Synonyms = ["none"] })
            .ToList();
        return step.PromptAsync(ChoiceId, PromptOptions.Text(
            "Which problem area does this goal address?",
            "Please pick an area from the list (or Other).",
            "The area's template suggests goals, objectives, tasks and interventions; you can change all of them. Pick a problem already on the plan to add a goal under it.") with
        {
            Choices = choices,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> AskStatementAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var start = step.GetOptions<GoalStart>()!;
        var value = ((FoundChoice)step.Result!).Value;
        if (value.StartsWith("problem:", StringComparison.Ordinal))
        {
            var problem = start.Problems.First(p => p.Id == value["problem:".Length..]);
            step.Values.Set("problemId", problem.Id);
            step.Values.Set("statement", problem.Statement);
            if (problem.AreaId is { } areaId)
            {
                step.Values.Set("areaId", areaId);
            }

            return await step.NextAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (value.StartsWith("area:", StringComparison.Ordinal) && _templates.Find(value["area:".Length..]) is { } area)
        {
            step.Values.Set("areaId", area.Id);
            await step.Context.SendActivityAsync(AreaDefaults(area), cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync(TextId, PromptOptions.Text(
            $"In a sentence, what is the problem for {start.ClientName}?",
            "Please describe the problem in a sentence (up to 300 characters).",
            "The problem statement heads this part of the plan, e.g. \"Low mood and withdrawal since losing their job\"."), cancellationToken).ConfigureAwait(false);
    }

    private Task<DialogTurnResult> AskGoalAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string statement)
        {
            step.Values.Set("statement", statement.Trim());
        }

        if (Area(step) is not { } area)
        {
            return step.NextAsync(null, cancellationToken);
        }

        return step.PromptAsync(ChoiceId, PromptOptions.Text(
            "What is the goal? Pick a suggestion to start from, or write it in the client's own words.",
            "Please pick a suggestion, or choose to write it in the client's words.",
            "Goals are kept in the client's own words; a suggestion is only a starting point and you can reword it next.") with
        {
            Choices = [.. area.Goals.Select(g => new Choice(g.Id) { Title = g.InClientsWords }), new Choice(OwnChoice) { Title = "In the client's own words", Synonyms = ["own", "own words"] }],
        }, cancellationToken);
    }

    private Task<DialogTurnResult> AskGoalWordsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var start = step.GetOptions<GoalStart>()!;
        if (step.Result is FoundChoice { Value: not OwnChoice } picked && Area(step)?.FindGoal(picked.Value) is { } template)
        {
            step.Values.Set("templateGoalId", template.Id);
            return step.PromptAsync(GoalTextId, PromptOptions.Text(
                $"Goals are kept in the client's words. How does {start.ClientName} put it? Type their words, or say **keep** to use “{template.InClientsWords.TrimEnd('.')}”.",
                GoalText.RetryPrompt,
                "Use the client's own phrasing where you can: it keeps the plan theirs."), cancellationToken);
        }

        return step.PromptAsync(GoalTextId, PromptOptions.Text(
            $"In {start.ClientName}'s own words, what is the goal?",
            GoalText.RetryPrompt,
            "Write it as the client says it, e.g. \"I want to enjoy my weekends again\"."), cancellationToken);
    }

    private Task<DialogTurnResult> WriteObjectivesAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var start = step.GetOptions<GoalStart>()!;
        var typed = ((string)step.Result!).Trim();
        var template = step.Values.TryGet<string>("templateGoalId", out var templateGoalId) ? Area(step)?.FindGoal(templateGoalId) : null;
        var keep = template is not null && ObjectiveText.IsKeep(typed);
        step.Values.Set("goalText", keep ? template!.InClientsWords : typed);
        var objective = new ObjectiveDialogOptions(start.ClientId, start.ClientName, Area(step)?.Id, template?.Id);
        return step.BeginDialogAsync(ObjectiveLoop.DialogId, new ObjectiveLoopOptions(objective, []), cancellationToken);
    }

    private Task<DialogTurnResult> ReviewAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var start = step.GetOptions<GoalStart>()!;
        var area = Area(step);
        step.Values.TryGet<string>("problemId", out var problemId);
        step.Values.TryGet<string>("templateGoalId", out var templateGoalId);
        var draft = new GoalDraft(
            DraftId: GoalDraft.NewId(),
            ClientId: start.ClientId,
            ClientName: start.ClientName,
            ExistingProblemId: problemId,
            AreaId: area?.Id,
            ProblemArea: area?.Name ?? "Other",
            ProblemStatement: step.Values.Get<string>("statement"),
            ExistingGoalId: null,
            TemplateGoalId: templateGoalId,
            GoalText: step.Values.Get<string>("goalText"),
            FirstObjectiveNumber: 1,
            Objectives: (IReadOnlyList<ObjectiveDraft>)step.Result!);
        return step.BeginDialogAsync(GoalReviewDialog.DialogId, draft, cancellationToken);
    }

    private static Task<DialogTurnResult> EndGoalAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.EndDialogAsync(step.Result, cancellationToken);

    // Helpers ---------------------------------------------------------------------------------------------------------

    private ProblemAreaTemplate? Area(WaterfallStepContext step) =>
        step.Values.TryGet<string>("areaId", out var areaId) ? _templates.Find(areaId) : null;

    private static Task<bool> ValidateStatementAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { Length: > 0 and <= GoalText.MaxLength });

    // Serious conditions get long, coordinated plans with frequent sessions (the template says which); saying so when
    // the area is picked lets the clinician set the objectives' dates with that horizon in mind.
    internal static string AreaDefaults(ProblemAreaTemplate area)
    {
        var frequency = area.SessionFrequency switch
        {
            SessionFrequency.TwiceWeekly => "twice-weekly",
            SessionFrequency.Weekly => "weekly",
            SessionFrequency.Fortnightly => "fortnightly",
            _ => "monthly",
        };
        var length = area.PlanHorizonWeeks >= LongTermWeeks ? "a long-term plan" : area.PlanHorizonWeeks <= ShortPlanWeeks ? "a short, solution-focused plan" : "a plan";
        var care = area.CoordinatedCare ? " Coordinate care with the prescriber and the community care team." : string.Empty;
        return $"**{area.Name}**: {area.Approach}\n\nTemplate defaults: {length} of about {area.PlanHorizonWeeks} weeks with {frequency} sessions.{care}";
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
