using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Assessment;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Safety;

namespace TreatmentPlanBot.Features.SafetyPlan;

/// <summary>
/// The safety plan's buttons. <c>safetyplan.start</c> (the safety-steps card's "Start safety assessment"; <c>risk.assess</c>
/// on cards sent before) sends the form; <c>safetyplan.save</c> saves it as the next version and puts the saved plan in
/// the form's place; <c>safetyplan.show</c> sends the latest plan; <c>safetyplan.offer</c> sends it to the linked client
/// through the notifier. Starting, saving and offering need the clinician of record; reading, the clinical view.
/// </summary>
internal sealed class SafetyPlanActions(ClientFiles files, Notifier notifier, CardRenderer cards, IOptions<ClinicOptions> clinic, TimeProvider time) : ICardActionHandler
{
    public const string Start = "safetyplan.start";
    public const string Save = "safetyplan.save";
    public const string Show = "safetyplan.show";
    public const string Offer = "safetyplan.offer";
    public const string OldStart = "risk.assess";

    public IReadOnlyCollection<string> Verbs => [Start, Save, Show, Offer, OldStart];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        try
        {
            return context.Verb.ToLowerInvariant() switch
            {
                Start or OldStart => await StartAsync(context, clientId, cancellationToken).ConfigureAwait(false),
                Save => await SaveAsync(context, clientId, cancellationToken).ConfigureAwait(false),
                Show => await ShowAsync(context, clientId, cancellationToken).ConfigureAwait(false),
                _ => await OfferAsync(context, clientId, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }

    /// <summary>Sends the form for a client (also for <c>safety plan [client]</c>); null when it was sent, else why not.</summary>
    public async Task<string?> SendFormAsync(CardActionContext context, string clientId, string? riskEventId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, SafetyPlans.RecordName, cancellationToken).ConfigureAwait(false);
        if (opened.File is not { } file)
        {
            return AccessDecision.RefusalMessage;
        }

        var latest = await SafetyPlans.LatestAsync(file, cancellationToken).ConfigureAwait(false);
        var draftId = $"sp-{Guid.NewGuid():N}";
        var view = SafetyPlanCards.FormView(clientId, file.Enrolment.DisplayName, draftId, riskEventId, latest, null, clinic.Value.CrisisLine, []);
        await context.Turn.SendActivityAsync(cards.Message(SafetyPlanCards.Form, view, $"Safety assessment and plan: {file.Enrolment.DisplayName}"), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<CardActionResult> StartAsync(CardActionContext context, string clientId, CancellationToken cancellationToken)
    {
        var refused = await SendFormAsync(context, clientId, context.GetString("riskEventId"), cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say(refused ?? "The brief safety assessment and safety plan are below. Fill them in with the client, then press Save.");
    }

    private async Task<CardActionResult> SaveAsync(CardActionContext context, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, SafetyPlans.RecordName, cancellationToken).ConfigureAwait(false);
        if (opened.File is not { } file)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var input = Read(context);
        var draftId = context.GetString("draftId") is { Length: > 0 } id ? id : $"sp-{Guid.NewGuid():N}";
        var riskEventId = context.GetString("riskEventId") is { Length: > 0 } risk ? risk : null;
        var draft = new TreatmentPlanning.Safety.SafetyPlan(clientId, 0, input.Assessment, input.Items(), time.GetUtcNow(), context.User.Caller.UserId)
        {
            DraftId = draftId,
            RiskEventId = riskEventId,
        };
        var saved = await SafetyPlans.SaveAsync(file, draft, cancellationToken).ConfigureAwait(false);
        if (saved.Plan is null)
        {
            var latest = await SafetyPlans.LatestAsync(file, cancellationToken).ConfigureAwait(false);
            return CardActionResult.ShowCard(cards.Render(SafetyPlanCards.Form,
                SafetyPlanCards.FormView(clientId, file.Enrolment.DisplayName, draftId, riskEventId, latest, input, clinic.Value.CrisisLine, saved.Problems)));
        }

        var notice = saved.AlreadySaved
            ? $"This form was saved already, as version {saved.Plan.Version}; nothing was saved twice."
            : $"Saved as version {saved.Plan.Version} on {file.Enrolment.DisplayName}'s file.";
        return SavedCard(context, file, saved.Plan, canOffer: true, notice);
    }

    private async Task<CardActionResult> ShowAsync(CardActionContext context, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenClinicalViewAsync(context.User.Caller, clientId, SafetyPlans.RecordName, cancellationToken).ConfigureAwait(false);
        if (opened.File is not { } file)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        if (await SafetyPlans.LatestAsync(file, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return CardActionResult.Say($"{file.Enrolment.DisplayName} has no safety plan yet. Say safety plan {file.Enrolment.DisplayName} to write one.");
        }

        var card = SavedCard(context, file, plan, canOffer: file.Relationship == ClientRelationship.ClinicianOfRecord, null);
        await context.Turn.SendActivityAsync(card.ToActivity($"Safety plan: {file.Enrolment.DisplayName}"), cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say($"{file.Enrolment.DisplayName}'s safety plan is below.");
    }

    private async Task<CardActionResult> OfferAsync(CardActionContext context, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, SafetyPlans.RecordName, cancellationToken).ConfigureAwait(false);
        if (opened.File is not { } file)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        if (await SafetyPlans.LatestAsync(file, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        // One notification per version: a second press sends nothing new and reports what became of the first.
        var notification = new Notification(SafetyPlanNotification.IdFor(clientId, plan.Version), SafetyPlanNotification.KindName, file.Enrolment.TenantId)
        {
            ClientId = clientId,
            Audience = Audience.Client,
            SenderUserId = context.User.Caller.UserId,
            SubjectId = plan.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AdminsAsFallback = false,
        };
        var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
        return SavedCard(context, file, plan, canOffer: true, $"Safety plan version {plan.Version}: {notifier.Summary(notification, report)}");
    }

    private CardActionResult SavedCard(CardActionContext context, ClinicalView file, TreatmentPlanning.Safety.SafetyPlan plan, bool canOffer, string? notice) =>
        CardActionResult.ShowCard(cards.Render(SafetyPlanCards.Saved,
            SafetyPlanCards.SavedView(file.Enrolment.DisplayName, plan, context.Turn.Clock(), file.Enrolment.ClientUserId is not null, canOffer, notice)));

    private static FormInput Read(CardActionContext context)
    {
        var assessment = new BriefSafetyAssessment(
            context.GetString("thoughtsNow") ?? string.Empty,
            Optional(context.GetString("planDetail")),
            context.GetString("meansAccess") ?? string.Empty,
            context.GetString("pastAttempts") ?? string.Empty,
            Optional(context.GetString("protective")),
            context.GetString("riskJudgement") ?? string.Empty,
            Optional(context.GetString("nextSteps")));
        var sections = SafetyPlanRules.Wording.ToDictionary(w => w.Section, w => context.GetString(w.Key) ?? string.Empty);
        return new FormInput(assessment, sections);
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
