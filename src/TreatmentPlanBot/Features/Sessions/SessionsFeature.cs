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

/// <summary>"session", "authorisation" and "prep": the same three words, each opening its card for a client.</summary>
public sealed class SessionCommand(string name, string description, SessionCardKind kind) : IBotCommand
{
    public string Name => name;

    public string Usage => $"{name} [client]";

    public string Description => description;

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(SessionCardDialog.DialogId, new ClientCommandOptions(argument.Length == 0 ? null : argument, kind.ToString()), cancellationToken);
}

/// <summary>Finds the client among the clinician's own (a supervisor's supervisees' too), then sends the card asked for (the option).</summary>
public sealed class SessionCardDialog(SessionCards cards, TurnUserResolver users)
    : ClientCommandDialog(DialogId, "open a session card for", users)
{
    public const string DialogId = "sessions.card";

    protected override string PurposeFor(string? option) => Kind(option) switch
    {
        SessionCardKind.Session => "record a session for",
        SessionCardKind.Authorisation => "record an authorisation for",
        _ => "prepare a session with",
    };

    protected override async Task<Activity> AnswerAsync(BotCore.ITurnContext turn, TurnUser user, string clientId, string? option, CancellationToken cancellationToken)
    {
        var clock = turn.Clock();
        var result = Kind(option) switch
        {
            SessionCardKind.Session => await cards.SessionFormAsync(user.Caller, clock, clientId, cancellationToken).ConfigureAwait(false),
            SessionCardKind.Authorisation => await cards.AuthorisationFormAsync(user.Caller, clock, clientId, cancellationToken).ConfigureAwait(false),
            _ => await cards.PrepAsync(user.Caller, clock, clientId, cancellationToken).ConfigureAwait(false),
        };
        return result.ToActivity("Sessions");
    }

    private static SessionCardKind Kind(string? option) => Enum.TryParse<SessionCardKind>(option, out var kind) ? kind : SessionCardKind.Prep;
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
            return CardActionResult.Say(OutageWords.PressAgain);
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
