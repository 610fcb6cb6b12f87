using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// The client stops (or pauses) their check-ins from their own chat: "stop" asks first (the <c>checkin-stop</c> card),
/// "Yes, stop them" stops them (<see cref="CheckInSchedules.StopForClientAsync"/>) and tells the clinician, "start
/// check-ins" starts them again. Answers are in plain words and say how to undo.
/// </summary>
public sealed class StopCheckIns(ClientFiles files, CheckInSchedules schedules, Notifier notifier, CaseloadRefresher caseload, CardRenderer cards, TimeProvider time) : ICardActionHandler
{
    public const string Confirm = "checkins.client-stop";
    public const string Keep = "checkins.client-keep";
    public const string Stopped = "I've stopped your check-ins, and I'm letting your clinician know. If you'd like them again, just say **start check-ins** here.";
    public const string NothingToStop = "You have no check-ins running at the moment, so there's nothing to stop.";
    public const string Restarted = "Your check-ins are back on; the next one will come as before. Say **stop** at any time to stop them.";
    public const string NothingToRestart = "There are no stopped check-ins to start again. Your clinician sets them up with you.";
    public const string Kept = "Fine, your check-ins carry on as before.";

    public IReadOnlyCollection<string> Verbs => [Confirm, Keep];

    public bool ForClients => true;

    public Activity Question() => cards.Message("checkin-stop", new
    {
        heading = "Stop check-ins?",
        question = "Shall I stop sending you check-ins? Your clinician will be told, and nothing else about your care changes.",
        restart = "You can start them again at any time: just say **start check-ins** here.",
        confirm = "Yes, stop them",
        keep = "No, keep them",
    }, "Stop check-ins?");

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        context.Verb == Keep ? CardActionResult.Say(Kept) : CardActionResult.Say(await ChangeAsync(context.User, stop: true, cancellationToken).ConfigureAwait(false));

    /// <summary>Stops or restarts the caller's own check-ins, tells their clinician, and says what happened.</summary>
    public async Task<string> ChangeAsync(TurnUser user, bool stop, CancellationToken cancellationToken)
    {
        if (!user.IsClient)
        {
            return BotReplies.OnlyForClients;
        }

        var opened = await files.OpenForCheckInAsync(user.Caller, user.Client!.ClientId, stop ? "stop check-ins" : "start check-ins", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return AccessDecision.RefusalMessage;
        }

        var changed = stop
            ? await schedules.StopForClientAsync(opened.File, "the client asked to stop", cancellationToken).ConfigureAwait(false)
            : await schedules.StartAgainAsync(opened.File, cancellationToken).ConfigureAwait(false);
        if (!changed)
        {
            return stop ? NothingToStop : NothingToRestart;
        }

        await caseload.RefreshAsync(opened.File.ClientId, cancellationToken).ConfigureAwait(false);
        await notifier.NotifyAsync(CheckInNewsNotification.For(opened.File.Enrolment, stop ? CheckInNewsNotification.Stopped : CheckInNewsNotification.Restarted, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return stop ? Stopped : Restarted;
    }
}

/// <summary>"stop" / "pause" in a client's chat: asks first.</summary>
public sealed class StopCheckInsCommand(StopCheckIns stop, string name) : IBotCommand
{
    public string Name => name;

    public string Usage => name;

    public string Description => name == "stop" ? "Stop your check-ins (I ask first; you can start them again)" : "Pause your check-ins (the same as stop)";

    public StaffRoles Audience => StaffRoles.None;

    public bool ForClients => true;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Turn.SendActivityAsync(stop.Question(), cancellationToken);
}

/// <summary>"start check-ins" in a client's chat: starts stopped check-ins again.</summary>
public sealed class StartCheckInsCommand(StopCheckIns stop) : IBotCommand
{
    public string Name => "start check-ins";

    public string Usage => "start check-ins";

    public string Description => "Start your check-ins again after stopping them";

    public StaffRoles Audience => StaffRoles.None;

    public bool ForClients => true;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        await context.Turn.SendActivityAsync(await stop.ChangeAsync(context.User, stop: false, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
}
