using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>"plan &lt;client&gt;": write goals with SMART objectives for one of your clients.</summary>
public sealed class PlanCommand : IBotCommand
{
    public string Name => "plan";

    public string Usage => "plan <client>";

    public string Description => "Write a goal with SMART objectives for a client's treatment plan";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(GoalPlanningDialog.DialogId, new PlanGoalsOptions(argument), cancellationToken);
}

public static class PlanningFeature
{
    public static IServiceCollection AddPlanningFeature(this IServiceCollection services) => services
        .AddSingleton<GoalWriter>()
        .AddSingleton<ObjectiveDialog>()
        .AddSingleton<GoalReviewDialog>()
        .AddSingleton<Dialog, GoalPlanningDialog>()
        .AddSingleton<Dialog, AddObjectiveDialog>()
        .AddSingleton<IBotCommand, PlanCommand>();
}
