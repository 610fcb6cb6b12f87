using BotCore.Dialogs;
using BotCore.Scheduling;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Feedback;

/// <summary>"session done [client]": the session has ended; ask the client for feedback in their own chat.</summary>
public sealed class SessionDoneCommand : IBotCommand
{
    public string Name => "session done";

    public string Usage => "session done [client]";

    public string Description => "After a session: ask the client for their feedback on it, in their own chat";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(SessionDoneDialog.DialogId, new ClientCommandOptions(argument.Length == 0 ? null : argument), cancellationToken);
}

/// <summary>Finds the client among the clinician's own, then asks for feedback on today's session (the clinician's today).</summary>
public sealed class SessionDoneDialog(SessionFeedback feedback, TurnUserResolver users)
    : ClientCommandDialog(DialogId, "ask for feedback from", users)
{
    public const string DialogId = "feedback.session-done";

    protected override async Task<BotCore.Schema.Activity> AnswerAsync(BotCore.ITurnContext turn, TurnUser user, string clientId, string? option, CancellationToken cancellationToken) =>
        BotCore.Schema.ActivityExtensions.CreateMessage((await feedback.RequestAsync(user.Caller, clientId, turn.Clock().Today, null, cancellationToken).ConfigureAwait(false)).Sentence);
}

public static class FeedbackFeature
{
    /// <summary>End-of-session feedback: asking (the hook for recorded sessions is <see cref="SessionFeedback.RequestAsync"/>), answering, flagging.</summary>
    public static IServiceCollection AddSessionFeedbackFeature(this IServiceCollection services)
    {
        services.AddOptions<SessionFeedbackOptions>().BindConfiguration(SessionFeedbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddNotificationKind<FeedbackCardNotification>();
        services.AddNotificationKind<FeedbackFlagNotification>();
        services.AddNotificationKind<FeedbackNewsNotification>();
        services.AddScheduledWorkHandler<FeedbackReminderHandler>(FeedbackFollowUps.ReminderKind);
        services.AddScheduledWorkHandler<FeedbackExpiryHandler>(FeedbackFollowUps.ExpiryKind);
        return services
            .AddSingleton<FeedbackFollowUps>()
            .AddSingleton<SessionFeedback>()
            .AddSingleton<TreatmentPlanBot.Features.Sessions.ISessionFollowUp, FeedbackAfterSession>()
            .AddSingleton<Dialog, SessionDoneDialog>()
            .AddSingleton<ICardActionHandler, FeedbackActions>()
            .AddSingleton<IBotCommand, SessionDoneCommand>();
    }
}
