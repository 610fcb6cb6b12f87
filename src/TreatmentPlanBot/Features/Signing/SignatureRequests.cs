using TreatmentPlanBot.Notifications;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>What became of "Send for signature" for one plan version: when it was sent, and why not if it failed.</summary>
public sealed record SignatureRequestState(DateTimeOffset? SentAt, bool Failed, string Why);

/// <summary>Reads the stored request notification (<c>plan-signing|{client}|Request|{version}|{hash}</c>) for the current version.</summary>
public static class SignatureRequests
{
    /// <summary>Null when the current version was never sent to the client.</summary>
    public static async Task<SignatureRequestState?> FindAsync(Notifier notifier, string tenantId, string clientId, TreatmentPlan plan, CancellationToken cancellationToken)
    {
        var notification = SigningNotification.For(tenantId, clientId, SigningStep.Request, plan, null);
        if (await notifier.ReportAsync(notification.Id, cancellationToken).ConfigureAwait(false) is not { } report)
        {
            return null;
        }

        var sentAt = report.Intended.Select(d => (DateTimeOffset?)d.ClaimedAt).Min();
        return new SignatureRequestState(sentAt, !report.IntendedReached && !report.Pending, notifier.Summary(notification, report));
    }
}
