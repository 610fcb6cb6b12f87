using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Risk;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>"assess &lt;client&gt;": administer a measure in chat, score it, store it, and respond to risk at once.</summary>
public sealed class AssessCommand : IBotCommand
{
    public string Name => "assess";

    public string Usage => "assess [client]";

    public string Description => "Run a measure (PHQ-9, GAD-7, ASQ...) with a client, one question at a time or as one form";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(AssessmentDialog.DialogId, new AssessmentOptions(argument), cancellationToken);
}

public static class AssessmentFeature
{
    /// <summary>The assessment dialog and command, the <c>assessment.start</c> button, and the risk response with its buttons.</summary>
    public static IServiceCollection AddAssessmentFeature(this IServiceCollection services) => services
        .AddSingleton<RiskResponse>()
        .AddSingleton<RiskAlertNotification>()
        .AddNotificationKind<RiskAlertNotification>()
        .AddSingleton<AssessmentCompletion>()
        .AddSingleton<Dialog, AssessmentDialog>()
        .AddSingleton<IBotCommand, AssessCommand>()
        .AddSingleton<ICardActionHandler, AssessmentStartAction>()
        .AddSingleton<ICardActionHandler, RiskActions>();
}
