using System.Globalization;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>
/// The review card's buttons and the plan card's "Review" and "Review date". Only the clinician of record reviews (a
/// supervisor reads the result on the plan card). Save is once: the review's id is drawn when it starts, so a second
/// press finds it recorded; a review begun on an older plan is shown again on the current one, answers kept, to check.
/// </summary>
public sealed class ReviewActions(
    ReviewCard cards,
    ReviewDateCard dateCard,
    PlanCardBuilder plans,
    ClientFiles files,
    CaseloadRefresher caseload,
    ILogger<ReviewActions> logger) : ICardActionHandler
{
    public const string Stale = "The plan changed since this review began, so nothing was saved. Your answers are kept: check them against the current plan and save again.";

    public IReadOnlyCollection<string> Verbs { get; } = ["review.start", "review.next", "review.back", "review.save", "review.date", "review.date.save"];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        try
        {
            var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, "plan review", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return CardActionResult.Say(AccessDecision.RefusalMessage);
            }

            var file = opened.File;
            if (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                return CardActionResult.Say(PlanCardBuilder.NoPlanYet(file.Enrolment.DisplayName));
            }

            var clock = context.Turn.Clock();
            if (context.Verb is "review.date" or "review.date.save")
            {
                return await dateCard.HandleAsync(context, file, plan, cancellationToken).ConfigureAwait(false);
            }

            var draft = context.Verb == "review.start" ? null : ReviewDraft.From(context);
            if (draft is null)
            {
                return Start(file.Enrolment.DisplayName, plan, clock.Today);
            }

            var step = int.TryParse(context.GetString("step"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0;
            return context.Verb switch
            {
                "review.back" => Move(file.Enrolment.DisplayName, plan, draft, step, -1, context, clock.Today),
                "review.next" => Move(file.Enrolment.DisplayName, plan, draft, step, +1, context, clock.Today),
                _ => await SaveAsync(context, file, plan, draft with { NextReview = context.GetString("nextReview") ?? draft.NextReview, Note = ReviewDraft.Clip(context.GetString("reviewNote")) }, clock, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            logger.LogWarning(exception, "Client records unavailable for {Verb} on client {ClientId}", context.Verb, clientId);
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }

    /// <summary>The first step of a new review (from "review [client]", the plan card, or a reminder).</summary>
    public CardActionResult Start(string displayName, Versioned<TreatmentPlan> plan, DateOnly today) =>
        cards.Render(displayName, plan, ReviewDraft.Start(today.AddDays(plan.Value.ReviewEveryDays)), 0, today, []);

    private CardActionResult Move(string displayName, Versioned<TreatmentPlan> plan, ReviewDraft draft, int step, int by, CardActionContext context, DateOnly today)
    {
        var open = ReviewCard.ToReview(plan.Value);
        if (step >= 0 && step < open.Count)
        {
            var objective = open[step];
            var typed = ReviewDraft.Typed(context);
            draft.Answers[objective.Id] = typed;
            var (_, errors) = ReviewDraft.Read(objective, typed, today);
            if (by > 0 && errors.Count > 0)
            {
                return cards.Render(displayName, plan, draft, step, today, errors);
            }
        }
        else if (step >= open.Count)
        {
            draft = draft with { NextReview = context.GetString("nextReview") ?? draft.NextReview, Note = ReviewDraft.Clip(context.GetString("reviewNote")) };
        }

        return cards.Render(displayName, plan, draft, step + by, today, []);
    }

    private async Task<CardActionResult> SaveAsync(CardActionContext context, ClinicianFile file, Versioned<TreatmentPlan> plan, ReviewDraft draft, LocalClock clock, CancellationToken cancellationToken)
    {
        var displayName = file.Enrolment.DisplayName;
        var today = clock.Today;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // Checked before staleness: a second press of Save carries the version the first press replaced.
            if (plan.Value.Reviews.FirstOrDefault(r => r.Id == draft.ReviewId) is { } recorded)
            {
                return await PlanAsync(context, file.ClientId, $"This review was already saved (Save was pressed before): version {recorded.Version ?? plan.Value.Version}. Nothing was recorded twice.", cancellationToken).ConfigureAwait(false);
            }

            var open = ReviewCard.ToReview(plan.Value);
            if (!string.Equals(context.GetString("planVersion"), plan.ETag, StringComparison.Ordinal))
            {
                return cards.Render(displayName, plan, draft, open.Count, today, [], Stale);
            }

            var errors = new List<string>();
            var progress = new List<TreatmentPlanning.Plans.ObjectiveProgress>();
            for (var i = 0; i < open.Count; i++)
            {
                var (read, wrong) = ReviewDraft.Read(open[i], draft.Answers.GetValueOrDefault(open[i].Id) ?? new ReviewAnswer("progressing", "", "", "", "", "", ""), today);
                if (wrong.Count > 0)
                {
                    return cards.Render(displayName, plan, draft, i, today, wrong);
                }

                progress.Add(read!);
            }

            if (ReviewDraft.Date(draft.NextReview) is not { } next || next <= today)
            {
                errors.Add("The next review is after today: choose its date.");
                return cards.Render(displayName, plan, draft, open.Count, today, errors);
            }

            TreatmentPlan reviewed;
            try
            {
                reviewed = plan.Value.RecordReview(new ProgressReview(draft.ReviewId, today, context.User.Caller.UserId, progress, draft.Note.Length == 0 ? null : draft.Note) { NextReviewOn = next });
            }
            catch (PlanRuleException exception)
            {
                return cards.Render(displayName, plan, draft, open.Count, today, [exception.Message]);
            }

            try
            {
                await file.SavePlanAsync(reviewed, plan.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
            {
                // Lost a race: the other write may be this same review (a double press) or a change that makes it stale.
                plan = await file.GetPlanAsync(cancellationToken).ConfigureAwait(false) ?? plan;
                continue;
            }

            await caseload.RefreshAsync(file.ClientId, cancellationToken).ConfigureAwait(false);
            return await PlanAsync(context, file.ClientId,
                $"Review saved: the plan is now version {reviewed.Version} (version {plan.Value.Version} stays on record). Next review on {ObjectiveMeasures.Display(next)}.", cancellationToken).ConfigureAwait(false);
        }

        return cards.Render(displayName, plan, draft, ReviewCard.ToReview(plan.Value).Count, today, [], Stale);
    }

    private Task<CardActionResult> PlanAsync(CardActionContext context, string clientId, string notice, CancellationToken cancellationToken) =>
        plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, null, notice, cancellationToken);
}
