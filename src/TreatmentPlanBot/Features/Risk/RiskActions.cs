using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Assessment;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Risk;

/// <summary>
/// The safety-steps card's Acknowledge button: <c>risk.ack</c> records who acknowledged the risk event and when (a second
/// press changes nothing). Its "Start safety assessment" is the safety plan's (<c>Features/SafetyPlan</c>).
/// </summary>
internal sealed class RiskActions(
    ClientFiles files,
    CaseloadRefresher caseload,
    RiskResponse risk,
    CardRenderer cards,
    TimeProvider time) : ICardActionHandler
{
    public const string Acknowledge = "risk.ack";
    public IReadOnlyCollection<string> Verbs => [Acknowledge];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var clientId = context.GetString("clientId");
        if (string.IsNullOrWhiteSpace(clientId))
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        try
        {
            return await AcknowledgeAsync(context, clientId, context.GetString("riskEventId"), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }

    private async Task<CardActionResult> AcknowledgeAsync(CardActionContext context, string clientId, string? riskEventId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, "risk event", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var file = opened.File;

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = riskEventId is null ? null : await file.FindRiskEventAsync(riskEventId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return CardActionResult.Say("I couldn't find that risk record for this client, so nothing was changed.");
            }

            var riskEvent = stored.Value;
            if (riskEvent.AcknowledgedAt is null)
            {
                riskEvent = riskEvent with { AcknowledgedAt = time.GetUtcNow(), AcknowledgedBy = context.User.Caller.UserId };
                try
                {
                    await file.ReplaceRiskEventAsync(riskEvent, stored.ETag, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
                {
                    continue;
                }

                await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
            }

            return CardActionResult.ShowCard(cards.Render("safety-steps", risk.SafetyStepsView(context.Turn.Activity, context.User.Caller, file.Enrolment, riskEvent)));
        }

        return CardActionResult.Say("The risk record kept changing while I tried to record your acknowledgement. Please press Acknowledge again.");
    }
}
