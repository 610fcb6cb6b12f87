using BotCore;
using BotCore.Schema;

namespace TreatmentPlanBot.Bot;

/// <summary>
/// Handles a file consent card's Accept or Decline (Teams' <c>fileConsent/invoke</c>) for the cards whose context
/// names <see cref="Kind"/> (property "kind"). The context is never trusted: handlers re-check access and re-read records.
/// </summary>
public interface IFileConsentHandler
{
    string Kind { get; }

    Task HandleAsync(ITurnContext turn, TurnUser user, FileConsentCardResponse response, CancellationToken cancellationToken);
}
