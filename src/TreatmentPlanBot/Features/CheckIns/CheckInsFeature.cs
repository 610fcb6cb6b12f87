using BotCore;
using BotCore.Dialogs;
using BotCore.Scheduling;
using BotCore.Schema;
using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>"checkins [client]": the clinician's check-in settings card for one of their clients.</summary>
public sealed class CheckInsCommand(ClientLookup lookup, CheckInSettings settings) : IBotCommand
{
    public string Name => "checkins";

    public string Usage => "checkins [client]";

    public string Description => "Choose what a client is asked between sessions, and how often (check-ins in their own chat)";

    public StaffRoles Audience => StaffRoles.Clinician;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        var matches = await lookup.FindAsync(context.User, argument, cancellationToken).ConfigureAwait(false);
        var reply = matches.Count switch
        {
            0 when string.IsNullOrWhiteSpace(argument) => CardActionResult.Say("Say **checkins** followed by the client's name (for example **checkins Jordan**), or press **Check-ins** on their plan card."),
            0 => CardActionResult.Say($"I couldn't find a client of yours called “{argument}”. Say **caseload** to see your clients."),
            1 => await settings.ShowAsync(context.User.Caller, matches[0].ClientId, null, cancellationToken).ConfigureAwait(false),
            _ => CardActionResult.Say($"More than one client matches “{argument}”: {string.Join(", ", matches.Select(m => m.DisplayName))}. Say **checkins** with the full name."),
        };
        await context.Turn.SendActivityAsync(reply.ToActivity("Check-ins"), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The settings card's buttons, and "Check-ins" on the plan card.</summary>
public sealed class CheckInSettingsActions(CheckInSettings settings) : ICardActionHandler
{
    public const string Show = "checkins.show";
    public const string Save = "checkins.save";
    public const string Stop = "checkins.stop";

    public IReadOnlyCollection<string> Verbs => [Show, Save, Stop];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (!context.User.Is(StaffRoles.Clinician))
        {
            return CardActionResult.Say(BotReplies.NotForYourRole("checkins", StaffRoles.Clinician));
        }

        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        try
        {
            return context.Verb switch
            {
                Save => await settings.SaveAsync(context.User.Caller, clientId, context.GetString("etag"), context.GetString("measures"), context.GetString("cadence"), cancellationToken).ConfigureAwait(false),
                Stop => await settings.StopAsync(context.User.Caller, clientId, cancellationToken).ConfigureAwait(false),
                _ => await settings.ShowAsync(context.User.Caller, clientId, null, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }
}

public static class CheckInsFeature
{
    /// <summary>Check-ins: the clinician's settings, the scheduled prompts, the client's answers, stop/start, remote risk.</summary>
    public static IServiceCollection AddCheckInsFeature(this IServiceCollection services)
    {
        services.AddOptions<CheckInOptions>().BindConfiguration(CheckInOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CheckInSchedules>();
        services.AddSingleton<CheckInsFollowTheFile>();
        services.AddSingleton<TreatmentPlanBot.Features.Supervision.ISupervisionItemSource, CheckInSupervisionItems>();
        services.AddSingleton<TreatmentPlanBot.Features.Sessions.ISessionFollowUp>(sp => sp.GetRequiredService<CheckInsFollowTheFile>());
        services.AddSingleton<IClientLifecycleListener>(sp => sp.GetRequiredService<CheckInsFollowTheFile>());
        services.AddSingleton<CheckInSettings>();
        services.AddSingleton<RemoteRisk>();
        services.AddSingleton<CheckInCompletion>();
        services.AddSingleton<CheckInRatings>();
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<CheckInRatings>());
        services.AddSingleton<StopCheckIns>();
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<StopCheckIns>());
        services.AddSingleton<CheckInPromptNotification>().AddNotificationKind<CheckInPromptNotification>();
        services.AddSingleton<CheckInNewsNotification>().AddNotificationKind<CheckInNewsNotification>();
        services.AddSingleton<Dialog, CheckInDialog>();
        services.AddSingleton<IBotCommand, CheckInsCommand>();
        services.AddSingleton<IBotCommand>(sp => new StopCheckInsCommand(sp.GetRequiredService<StopCheckIns>(), "stop"));
        services.AddSingleton<IBotCommand>(sp => new StopCheckInsCommand(sp.GetRequiredService<StopCheckIns>(), "pause"));
        services.AddSingleton<IBotCommand, StartCheckInsCommand>();
        services.AddSingleton<ICardActionHandler, CheckInSettingsActions>();
        services.AddSingleton<ICardActionHandler, CheckInActions>();
        services.AddScheduledWorkHandler<CheckInSendHandler>(CheckInSchedules.SendKind);
        services.AddScheduledWorkHandler<CheckInReminderHandler>(CheckInSchedules.ReminderKind);
        services.AddScheduledWorkHandler<CheckInExpiryHandler>(CheckInSchedules.ExpiryKind);
        return services;
    }
}
