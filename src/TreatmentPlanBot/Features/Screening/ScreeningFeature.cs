using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>"new client": screen someone new and create their record.</summary>
public sealed class NewClientCommand : IBotCommand
{
    public string Name => "new client";

    public string Usage => "new client";

    public string Description => "Screen a new client and create their record";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(ScreeningDialog.DialogId, ScreeningDraft.ForNewClient(), cancellationToken);
}

/// <summary>"screen &lt;client&gt;": screen one of the clinician's own clients again, e.g. when they return.</summary>
public sealed class ScreenCommand : IBotCommand
{
    public string Name => "screen";

    public string Usage => "screen [client]";

    public string Description => "Screen one of your clients again, e.g. a returning client";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(ScreeningDialog.DialogId, ScreeningDraft.ForClient(argument), cancellationToken);
}

public static class ScreeningFeature
{
    public static IServiceCollection AddScreeningFeature(this IServiceCollection services) => services
        .AddSingleton<ScreeningRecorder>()
        .AddSingleton<Dialog, ScreeningDialog>()
        .AddSingleton<IBotCommand, NewClientCommand>()
        .AddSingleton<IBotCommand, ScreenCommand>();
}
