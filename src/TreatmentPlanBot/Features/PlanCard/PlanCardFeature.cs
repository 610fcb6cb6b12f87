using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Charts;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>"show plan &lt;client&gt;". Supervisors open their supervisees' plans from the cards they receive (plan.show).</summary>
public sealed class ShowPlanCommand : IBotCommand
{
    public string Name => "show plan";

    public string Usage => "show plan [client]";

    public string Description => "See a client's treatment plan, record progress and edit objectives";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(ShowPlanDialog.DialogId, new ShowPlanOptions(argument.Length == 0 ? null : argument), cancellationToken);
}

public static class PlanCardFeature
{
    public static IServiceCollection AddPlanCardFeature(this IServiceCollection services) => services
        .AddOutcomeCharts()
        .AddSingleton<ObjectiveMeasures>()
        .AddSingleton<ObjectiveForms>()
        .AddSingleton<PlanCardBuilder>()
        .AddSingleton<ICardActionHandler, PlanCardActions>()
        .AddSingleton<Dialog, ShowPlanDialog>()
        .AddSingleton<IBotCommand, ShowPlanCommand>();
}
