using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>"plan &lt;client&gt;": write goals with SMART objectives for one of your clients.</summary>
public sealed class PlanCommand : IBotCommand
{
    public string Name => "plan";

    public string Usage => "plan [client]";

    public string Description => "Write a goal with SMART objectives for a client's treatment plan";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(GoalPlanningDialog.DialogId, new PlanGoalsOptions(argument), cancellationToken);
}

/// <summary>"add objective &lt;client&gt;": the typed way into <see cref="PlanningDialogs.AddObjective"/>, the plan card's button being the other.</summary>
public sealed class AddObjectiveCommand : IBotCommand
{
    public const string StartDialogId = "planning.add-objective.start";

    public string Name => "add objective";

    public string Usage => "add objective [client]";

    public string Description => "Add a SMART objective to one of a client's goals";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(StartDialogId, new PlanGoalsOptions(argument), cancellationToken);

    /// <summary>Finds the client among the clinician's own, then hands over to the add-objective dialog.</summary>
    internal static Dialog CreateStartDialog() => new WaterfallDialog(StartDialogId,
    [
        (step, ct) => step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(step.GetOptions<PlanGoalsOptions>()?.Query, "add an objective for"), ct),
        (step, ct) => step.Result is string clientId
            ? step.ReplaceDialogAsync(PlanningDialogs.AddObjective, new AddObjectiveOptions(clientId, null), ct)
            : step.EndDialogAsync(null, ct),
    ]);
}

public static class PlanningFeature
{
    public static IServiceCollection AddPlanningFeature(this IServiceCollection services) => services
        .AddSingleton<GoalWriter>()
        .AddSingleton<ObjectiveSuggestions>()
        .AddSingleton<SpecificPartDialog>()
        .AddSingleton<MeasurablePartDialog>()
        .AddSingleton<TimeBoundPartDialog>()
        .AddSingleton<AttainablePartDialog>()
        .AddSingleton<ObjectiveDialog>()
        .AddSingleton<GoalReviewDialog>()
        .AddSingleton<Dialog, GoalPlanningDialog>()
        .AddSingleton<Dialog, AddObjectiveDialog>()
        .AddSingleton(AddObjectiveCommand.CreateStartDialog())
        .AddSingleton<IBotCommand, PlanCommand>()
        .AddSingleton<IBotCommand, AddObjectiveCommand>();
}
