using BotCore.Dialogs;
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
        context.Dialogs.BeginDialogAsync(SessionDoneDialog.DialogId, argument.Length == 0 ? null : argument, cancellationToken);
}

/// <summary>Finds the client among the clinician's own, then asks for feedback on today's session (the clinician's today).</summary>
public sealed class SessionDoneDialog : InterruptibleDialog
{
    public const string DialogId = "feedback.session-done";

    private readonly SessionFeedback _feedback;
    private readonly TurnUserResolver _users;

    public SessionDoneDialog(SessionFeedback feedback, TurnUserResolver users)
        : base(DialogId)
    {
        _feedback = feedback;
        _users = users;
        AddDialog(new WaterfallDialog("feedback.session-done.steps", [PickAsync, AskAsync]));
        InitialDialogId = "feedback.session-done.steps";
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        "I'm finding the client whose session just ended. Pick one of the clients listed or type more of their name; say **cancel** to stop.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult("Nothing was sent. Say **session done** and a name whenever you want to ask for feedback.");

    private static Task<DialogTurnResult> PickAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(step.GetOptions<string>(), "ask for feedback from"), cancellationToken);

    private async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string clientId && await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false) is { } user)
        {
            string said;
            try
            {
                said = (await _feedback.RequestAsync(user.Caller, clientId, step.Context.Clock().Today, null, cancellationToken).ConfigureAwait(false)).Sentence;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
            {
                said = "I couldn't reach the clinic's records just now, so nothing was sent. Please say **session done** again in a moment.";
            }

            await step.Context.SendActivityAsync(BotCore.Schema.ActivityExtensions.CreateMessage(said), cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}

public static class FeedbackFeature
{
    /// <summary>End-of-session feedback: asking (the hook for recorded sessions is <see cref="SessionFeedback.RequestAsync"/>), answering, flagging.</summary>
    public static IServiceCollection AddSessionFeedbackFeature(this IServiceCollection services)
    {
        services.AddOptions<SessionFeedbackOptions>().BindConfiguration(SessionFeedbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddNotificationKind<FeedbackCardNotification>();
        services.AddNotificationKind<FeedbackFlagNotification>();
        return services
            .AddSingleton<SessionFeedback>()
            .AddSingleton<TreatmentPlanBot.Features.Sessions.ISessionFollowUp, FeedbackAfterSession>()
            .AddSingleton<Dialog, SessionDoneDialog>()
            .AddSingleton<ICardActionHandler, FeedbackActions>()
            .AddSingleton<IBotCommand, SessionDoneCommand>();
    }
}
