using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Handover;

/// <summary>
/// "close [client]" (and "close [client] referral", which the reviews' "refer on" button sends) and the card's
/// <c>plan.close</c>: the clinician of record discharges the client (goals met, or the client's choice) or refers them
/// on (to whom, why), with the closing outcome summary. Plan, enrolment status and the closing record are written in one
/// transaction guarded by both ETags; the close id is drawn when the card is shown, so a second press finds it done.
/// </summary>
public sealed class CloseActions(ClientFiles files, ClosingSummary summary, CaseloadRefresher caseload, LifecycleListeners listeners, CardRenderer cards) : ICardActionHandler
{
    public const string Template = "plan-close";

    public IReadOnlyCollection<string> Verbs { get; } = ["plan.close", "plan.close.start"];

    public async Task<CardActionResult> CardAsync(Caller caller, LocalClock clock, string clientId, CloseForm form, string? notice, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "plan-close", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var file = opened.File;
        if (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return CardActionResult.Say($"{CardText.Escape(file.Enrolment.DisplayName)} has no treatment plan to close.");
        }

        if (plan.Value.Status is PlanStatus.Completed or PlanStatus.Discharged)
        {
            return CardActionResult.Say(await AlreadyClosedAsync(file, cancellationToken).ConfigureAwait(false));
        }

        var (scores, achieved, planned) = summary.Summarise(plan.Value, await file.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false), clock.DateOf, clock.Today);
        return CardActionResult.ShowCard(cards.Render(Template, new CloseCardModel(
            clientId,
            plan.ETag,
            $"close-{Guid.NewGuid():N}",
            plan.Value.Version,
            new CloseClient(CardText.Escape(file.Enrolment.DisplayName)),
            $"{achieved} of {planned} achieved",
            [.. scores.Select(s => new CloseScore(CardText.Escape(s.Instrument), ClosingSummary.Describe(s)))],
            form) { Notice = CardText.EscapeOrNull(notice) }));
    }

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.Verb == "plan.close.start" && context.GetString("clientId") is { Length: > 0 } startFor)
        {
            return await CardAsync(context.User.Caller, context.Turn.Clock(), startFor, CloseForm.Empty(string.Empty), null, cancellationToken).ConfigureAwait(false);
        }

        if (context.GetString("clientId") is not { Length: > 0 } clientId || context.GetString("closeId") is not { Length: > 0 } closeId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        var caller = context.User.Caller;
        var clock = context.Turn.Clock();
        var form = new CloseForm(context.GetString("kind") ?? string.Empty, context.GetString("referralTo") ?? string.Empty, context.GetString("referralReason") ?? string.Empty, context.GetString("note") ?? string.Empty);
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "plan-close", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var file = opened.File;
        var plan = await file.GetPlanAsync(cancellationToken).ConfigureAwait(false);
        if (plan is null || plan.Value.Status is PlanStatus.Completed or PlanStatus.Discharged)
        {
            return CardActionResult.Say(await AlreadyClosedAsync(file, closeId, cancellationToken).ConfigureAwait(false));
        }

        if (!string.Equals(context.GetString("planVersion"), plan.ETag, StringComparison.Ordinal))
        {
            return await CardAsync(caller, clock, clientId, form, "The plan changed since this card was sent, so nothing was closed. The summary below is current; what you typed is kept: press Close again.", cancellationToken).ConfigureAwait(false);
        }

        var kind = form.Kind switch
        {
            "goalsMet" => ClosureKind.GoalsMet,
            "clientChoice" => ClosureKind.ClientChoice,
            "referral" => ClosureKind.Referral,
            _ => (ClosureKind?)null,
        };
        var referralTo = form.ReferralTo.Trim();
        var referralReason = form.ReferralReason.Trim();
        if (kind is null || (kind == ClosureKind.Referral && (referralTo.Length == 0 || referralReason.Length == 0)))
        {
            return await CardAsync(caller, clock, clientId, form, kind is null ? "Choose how the plan ends. Nothing was changed." : "For a referral, say to whom and why. Nothing was changed.", cancellationToken).ConfigureAwait(false);
        }

        var today = clock.Today;
        var (scores, achieved, planned) = summary.Summarise(plan.Value, await file.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false), clock.DateOf, today);
        var referralId = kind == ClosureKind.Referral ? $"referral-{closeId}" : null;
        var closed = (referralId is null ? plan.Value : plan.Value.Refer(new Referral(referralId, referralReason, referralTo, today))).Discharge();
        var closure = new PlanClosure(closeId, kind.Value, today, caller.UserId, form.Note.Trim().Length == 0 ? null : form.Note.Trim(), referralId, achieved, planned, scores);
        var enrolment = await file.GetEnrolmentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await file.CloseAsync(closed, plan.ETag, enrolment!.Value with { Status = kind == ClosureKind.Referral ? ClientStatus.Referred : ClientStatus.Discharged }, enrolment.ETag, closure, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound or StorageErrorKind.AlreadyExists)
        {
            return await file.GetClosureAsync(cancellationToken).ConfigureAwait(false) is not null
                ? CardActionResult.Say(await AlreadyClosedAsync(file, closeId, cancellationToken).ConfigureAwait(false))
                : await CardAsync(caller, clock, clientId, form, "The record changed while you were closing, so nothing was closed. What you typed is kept: press Close again.", cancellationToken).ConfigureAwait(false);
        }

        await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
        await listeners.ClosedAsync(new ClientClosed(caller.TenantId, clientId, file.Enrolment.ClinicianId, kind.Value, clock.UtcNow), cancellationToken).ConfigureAwait(false);
        var name = CardText.Escape(file.Enrolment.DisplayName);
        var how = kind switch
        {
            ClosureKind.GoalsMet => "discharged: goals met",
            ClosureKind.ClientChoice => "discharged at the client's choice",
            _ => $"referred on to {CardText.Escape(referralTo)}",
        };
        return CardActionResult.Say(
            $"{name}'s plan is closed ({how}) on {ClosingSummary.Display(today)}. Objectives: {achieved} of {planned} achieved. "
            + string.Concat(scores.Select(s => $"{CardText.Escape(s.Instrument)}: {ClosingSummary.Describe(s)}. "))
            + $"The record stays readable (**show plan {name}**, **export {name}**); the plan can no longer be edited.");
    }

    private static async Task<string> AlreadyClosedAsync(ClinicianFile file, string? closeId, CancellationToken cancellationToken)
    {
        var closure = await file.GetClosureAsync(cancellationToken).ConfigureAwait(false);
        var name = CardText.Escape(file.Enrolment.DisplayName);
        return closure is null
            ? $"{name}'s plan is already closed; nothing was changed."
            : closure.CloseId == closeId
                ? $"{name}'s plan was already closed on {ClosingSummary.Display(closure.ClosedOn)} (Close was pressed before); nothing was changed twice."
                : $"{name}'s plan was already closed on {ClosingSummary.Display(closure.ClosedOn)}; nothing was changed. A closed plan can't be edited.";
    }

    private static Task<string> AlreadyClosedAsync(ClinicianFile file, CancellationToken cancellationToken) => AlreadyClosedAsync(file, null, cancellationToken);
}

/// <summary>"close [client]" and "close [client] referral": the clinician of record closes a plan.</summary>
public sealed class CloseDialog(CloseActions close, TurnUserResolver users) : ClientCommandDialog(DialogId, "close the plan of", users)
{
    public const string DialogId = "handover.close";

    protected override async Task<Activity> AnswerAsync(ITurnContext turn, TurnUser user, string clientId, string? option, CancellationToken cancellationToken) =>
        (await close.CardAsync(user.Caller, turn.Clock(), clientId, CloseForm.Empty(option == "referral" ? "referral" : string.Empty), null, cancellationToken).ConfigureAwait(false)).ToActivity("Close a plan");
}

public sealed record CloseCardModel(string ClientId, string PlanVersion, string CloseId, int PlanNumber, CloseClient Client, string Objectives, IReadOnlyList<CloseScore> Scores, CloseForm Form)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Notice { get; init; }
}

public sealed record CloseClient(string DisplayName);

public sealed record CloseScore(string Instrument, string Text);

/// <summary>What the clinician chose and typed (kept when the card is shown again).</summary>
public sealed record CloseForm(string Kind, string ReferralTo, string ReferralReason, string Note)
{
    public static CloseForm Empty(string kind) => new(kind, string.Empty, string.Empty, string.Empty);
}
