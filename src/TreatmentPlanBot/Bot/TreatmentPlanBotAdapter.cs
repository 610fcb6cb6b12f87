using BotCore;
using BotCore.Authentication;
using BotCore.Hosting;
using BotCore.Schema;
using BotCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TreatmentPlanBot.Bot;

/// <summary>
/// The Connector adapter with the clinic's answer to a storage outage that reached the top of a turn (a staff lookup,
/// the client picker, a dialog's state): the plain "records could not be reached" instead of the generic apology. The
/// failed turn's state is never saved, so nothing the user already answered is lost.
/// </summary>
public sealed class TreatmentPlanBotAdapter(BotAuthenticator authenticator, IServiceProvider services, IOptions<BotOptions> options, ILogger<CloudAdapter> logger)
    : CloudAdapter(authenticator, services, options, logger)
{
    protected override async Task OnTurnErrorAsync(ITurnContext turnContext, Exception exception, string correlationId, CancellationToken cancellationToken)
    {
        if (exception is not StorageException { Kind: StorageErrorKind.Unavailable })
        {
            await base.OnTurnErrorAsync(turnContext, exception, correlationId, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (turnContext.Activity.Type == ActivityTypes.Invoke)
        {
            turnContext.InvokeResponse ??= new InvokeResponse(200, AdaptiveCardInvokeResponse.Message(BotReplies.RecordsUnreachable));
            return;
        }

        await turnContext.SendActivityAsync(BotReplies.RecordsUnreachable, cancellationToken).ConfigureAwait(false);
    }
}
