using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Onboarding;

/// <summary>"setup": the clinician's name and the areas they treat.</summary>
public sealed class SetupCommand : IBotCommand
{
    public string Name => "setup";

    public string Usage => "setup";

    public string Description => "Set your name and the areas you treat";

    public StaffRoles Audience => StaffRoles.None;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(OnboardingDialog.DialogId, null, cancellationToken);
}

public static class OnboardingFeature
{
    public static IServiceCollection AddOnboardingFeature(this IServiceCollection services) => services
        .AddSingleton<Dialog, OnboardingDialog>()
        .AddSingleton<IBotCommand, SetupCommand>();
}
