using BotCore.Schema;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.SafetyPlan;

/// <summary>
/// The client's copy of their safety plan in their own chat (<c>safety-plan|{clientId}|v{version}</c>, audience the
/// linked client). Composed from the file as the clinician who sent it (checked, audited), as the client sees it: the
/// seven parts and the crisis line, never the clinician's assessment.
/// </summary>
public sealed class SafetyPlanNotification(ClientFiles files, CardRenderer cards, Clocks clocks, IOptions<ClinicOptions> clinic) : INotificationKind
{
    public const string KindName = "safety-plan";

    public string Kind => KindName;

    public string Noun => "safety plan";

    public string NotReachedLead => "not sent to the client";

    public string ReachedPhrase => "got their safety plan";

    public static string IdFor(string clientId, int version) => $"{KindName}|{clientId}|v{version}";

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (recipient.Role != RecipientRole.Client || notification.ClientId is not { } clientId || notification.SenderUserId is not { } sender)
        {
            return null;
        }

        var opened = await files.OpenAsClinicianAsync(new Caller(notification.TenantId, sender, null, InPersonalChat: true), clientId, ClientAction.Read, SafetyPlans.RecordName, cancellationToken).ConfigureAwait(false);
        if (opened.File is not { } file || await SafetyPlans.LatestAsync(file, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return null;
        }

        var view = SafetyPlanCards.ClientView(TreatmentPlanning.Safety.ClientFacingSafetyPlan.From(plan), clocks.Fallback, clinic.Value.CrisisLine,
            "Here is the safety plan you made with your clinician. Keep it close: you can read it again any time by saying my safety plan.");
        return cards.Message(SafetyPlanCards.ForClient, view, "Your safety plan");
    }
}
