using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Reviews;

// View model of cards/review-date.json (cards/README.md).
public sealed record ReviewDateModel(string ClientId, string PlanVersion, string DisplayName, string Current, string Today, IReadOnlyList<string> Errors);

/// <summary>
/// "Review date" on the plan card: sets the next review sooner (an insurer's date) or later. Not a change of the plan's
/// content, so no new version; the ETag still guards it, so a card from an older plan never overwrites a newer one.
/// </summary>
public sealed class ReviewDateCard(PlanCardBuilder plans, CaseloadRefresher caseload, CardRenderer renderer)
{
    public const string Template = "review-date";

    public async Task<CardActionResult> HandleAsync(CardActionContext context, ClinicianFile file, Versioned<TreatmentPlan> plan, CancellationToken cancellationToken)
    {
        var today = context.Turn.Clock().Today;
        var typed = context.GetString("reviewOn") ?? string.Empty;
        if (context.Verb == "review.date")
        {
            return Card(file, plan, ObjectiveMeasures.Iso(plan.Value.NextReviewDue()), today, []);
        }

        if (!string.Equals(context.GetString("planVersion"), plan.ETag, StringComparison.Ordinal))
        {
            return Card(file, plan, typed, today, ["The plan changed since this card was sent, so nothing was saved. Here is the current review date: choose again."]);
        }

        if (ReviewDraft.Date(typed) is not { } on || on < today)
        {
            return Card(file, plan, typed, today, ["Choose a review date, today or later."]);
        }

        if (on == plan.Value.NextReviewDue())
        {
            return await PlanAsync(context, file, $"The next review stays on {ObjectiveMeasures.Display(on)}; nothing needed changing.", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await file.SavePlanAsync(plan.Value.ScheduleReview(on, today), plan.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            var current = await file.GetPlanAsync(cancellationToken).ConfigureAwait(false) ?? plan;
            return current.Value.NextReviewDue() == on
                ? await PlanAsync(context, file, $"The next review is on {ObjectiveMeasures.Display(on)} (saved before); nothing was changed twice.", cancellationToken).ConfigureAwait(false)
                : Card(file, current, typed, today, ["The plan changed since this card was sent, so nothing was saved. Check the date and save again."]);
        }
        catch (PlanRuleException exception)
        {
            return Card(file, plan, typed, today, [exception.Message]);
        }

        await caseload.RefreshAsync(file.ClientId, cancellationToken).ConfigureAwait(false);
        return await PlanAsync(context, file, $"The next review is now on {ObjectiveMeasures.Display(on)}.", cancellationToken).ConfigureAwait(false);
    }

    private CardActionResult Card(ClinicianFile file, Versioned<TreatmentPlan> plan, string value, DateOnly today, IReadOnlyList<string> errors) =>
        CardActionResult.ShowCard(renderer.Render(Template, new ReviewDateModel(
            file.ClientId, plan.ETag, CardText.Escape(file.Enrolment.DisplayName), value, ObjectiveMeasures.Iso(today), errors)));

    private Task<CardActionResult> PlanAsync(CardActionContext context, ClinicianFile file, string notice, CancellationToken cancellationToken) =>
        plans.RenderAsync(context.User.Caller, context.Turn.Clock(), file.ClientId, 1, null, notice, cancellationToken);
}
