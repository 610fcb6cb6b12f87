using BotCore.Time;
using BotCore.Dialogs;
using BotCore.Scheduling;
using BotCore.Schema;
using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>Which card a typed command asked for.</summary>
public enum SessionCardKind
{
    Session,
    Authorisation,
    Prep,
}

public sealed record SessionCardRequest(string? Query, SessionCardKind Kind);

/// <summary>"session", "authorisation" and "prep": the same three words, each opening its card for a client.</summary>
public sealed class SessionCommand(string name, string description, SessionCardKind kind) : IBotCommand
{
    public string Name => name;

    public string Usage => $"{name} [client]";

    public string Description => description;

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(SessionCardDialog.DialogId, new SessionCardRequest(argument.Length == 0 ? null : argument, kind), cancellationToken);
}

/// <summary>Finds the client among the clinician's own (a supervisor's supervisees' too), then sends the card asked for.</summary>
public sealed class SessionCardDialog : InterruptibleDialog
{
    public const string DialogId = "sessions.card";

    private readonly SessionCards _cards;
    private readonly TurnUserResolver _users;

    public SessionCardDialog(SessionCards cards, TurnUserResolver users)
        : base(DialogId)
    {
        _cards = cards;
        _users = users;
        AddDialog(new WaterfallDialog("sessions.card.steps", [PickClientAsync, ShowAsync]));
        InitialDialogId = "sessions.card.steps";
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        "I'm finding the client. Pick one of the clients listed or type more of their name; say **cancel** to stop.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult("Nothing was opened or changed.");

    private static Task<DialogTurnResult> PickClientAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var request = step.GetOptions<SessionCardRequest>()!;
        step.Values.Set("kind", request.Kind.ToString());
        var purpose = request.Kind switch
        {
            SessionCardKind.Session => "record a session for",
            SessionCardKind.Authorisation => "record an authorisation for",
            _ => "prepare a session with",
        };
        return step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(request.Query, purpose), cancellationToken);
    }

    private async Task<DialogTurnResult> ShowAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string clientId && await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false) is { } user)
        {
            var clock = step.Context.Clock();
            Activity reply;
            try
            {
                var result = Enum.Parse<SessionCardKind>(step.Values.Get<string>("kind")!) switch
                {
                    SessionCardKind.Session => await _cards.SessionFormAsync(user.Caller, clock, clientId, cancellationToken).ConfigureAwait(false),
                    SessionCardKind.Authorisation => await _cards.AuthorisationFormAsync(user.Caller, clock, clientId, cancellationToken).ConfigureAwait(false),
                    _ => await _cards.PrepAsync(user.Caller, clock, clientId, cancellationToken).ConfigureAwait(false),
                };
                reply = result.ToActivity("Sessions");
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
            {
                reply = ActivityExtensions.CreateMessage(PlanCardActions.RecordsUnavailable);
            }

            await step.Context.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The session, authorisation and prep cards' buttons, and the plan card's "Record session" and "Authorisation".</summary>
public sealed class SessionActions(SessionCards cards, SessionRecorder sessions, AuthorisationRecorder authorisations, ILogger<SessionActions> logger) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = ["session.form", "session.save", "authorisation.form", "authorisation.save", "prep.show"];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        var caller = context.User.Caller;
        var clock = context.Turn.Clock();
        try
        {
            return context.Verb switch
            {
                "session.form" => await cards.SessionFormAsync(caller, clock, clientId, cancellationToken).ConfigureAwait(false),
                "session.save" => await sessions.SaveAsync(context, clientId, cancellationToken).ConfigureAwait(false),
                "authorisation.form" => await cards.AuthorisationFormAsync(caller, clock, clientId, cancellationToken).ConfigureAwait(false),
                "authorisation.save" => await authorisations.SaveAsync(context, clientId, cancellationToken).ConfigureAwait(false),
                _ => await cards.PrepAsync(caller, clock, clientId, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            logger.LogWarning(exception, "Client records unavailable for {Verb} on client {ClientId}", context.Verb, clientId);
            return CardActionResult.Say(PlanCardActions.RecordsUnavailable);
        }
    }
}

public static class SessionsFeature
{
    public static IServiceCollection AddSessionsFeature(this IServiceCollection services)
    {
        services.AddOptions<SessionsOptions>().BindConfiguration(SessionsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddNotificationKind<AuthorisationReminderNotification>();
        services.AddScheduledWorkHandler<AuthorisationReminderHandler>(AuthorisationReminderHandler.Kind);
        return services
            .AddSingleton<SessionPrep>()
            .AddSingleton<SessionCards>()
            .AddSingleton<SessionRecorder>()
            .AddSingleton<AuthorisationRecorder>()
            .AddSingleton<AuthorisationReminders>()
            .AddSingleton<Authorisations>()
            .AddSingleton<TreatmentPlanBot.Features.Supervision.ISupervisionItemSource, AuthorisationSupervisionItems>()
            .AddSingleton<Dialog, SessionCardDialog>()
            .AddSingleton<ICardActionHandler, SessionActions>()
            .AddSingleton<IBotCommand>(new SessionCommand("session", "Record a session: attendance, interventions used, tasks reviewed, a note", SessionCardKind.Session))
            .AddSingleton<IBotCommand>(new SessionCommand("authorisation", "Record a client's insurance authorisation: payer, sessions, dates, frequency", SessionCardKind.Authorisation))
            .AddSingleton<IBotCommand>(new SessionCommand("prep", "Prepare for a session: objectives, interventions, tasks, scores, risks, what changed", SessionCardKind.Prep));
    }
}
