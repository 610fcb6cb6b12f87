using System.Globalization;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Planning;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>
/// The plan card's buttons. Each one re-checks access, re-reads the plan and compares its ETag with the card's
/// <c>planVersion</c>: a card rendered from an older plan never overwrites a newer one. Only storage work happens here,
/// so the answer reaches Teams within its few seconds.
/// </summary>
public sealed class PlanCardActions(
    PlanCardBuilder plans,
    ObjectiveForms forms,
    ClientFiles files,
    CaseloadRefresher caseload,
    CardRenderer renderer,
    ILogger<PlanCardActions> logger) : ICardActionHandler
{
    public const string Stale = "This plan changed since that card was sent: here is the current version. Nothing was saved; please make your change again.";

    public const string StaleForm =
        "This plan changed since that card was sent, so nothing was saved. What you typed is kept below: check it against the current plan (Cancel shows it) and save again.";

    public const string FormFromBefore =
        "This progress form is from an earlier version of the app, so nothing was saved from it. What you typed is kept below: press Save again to record it.";

    public const string ObjectiveGone = "That objective is no longer in this plan, so nothing was changed. Here is the current plan.";

    public IReadOnlyCollection<string> Verbs { get; } =
        ["plan.show", "plan.page", "objective.edit", "objective.save", "objective.progress", "objective.progress.save", "objective.achieve", "objective.add"];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        try
        {
            return context.Verb switch
            {
                "plan.show" => await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, null, null, cancellationToken).ConfigureAwait(false),
                "plan.page" => await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, PageOf(context), null, null, cancellationToken).ConfigureAwait(false),
                "objective.add" => await AddObjectiveAsync(context, clientId, cancellationToken).ConfigureAwait(false),
                _ => await ChangeObjectiveAsync(context, clientId, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            logger.LogWarning(exception, "Client records unavailable for {Verb} on client {ClientId}", context.Verb, clientId);
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }

    private async Task<CardActionResult> ChangeObjectiveAsync(CardActionContext context, string clientId, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller;
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "plan", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var file = opened.File;
        var displayName = file.Enrolment.DisplayName;
        var plan = await file.GetPlanAsync(cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return CardActionResult.Say(PlanCardBuilder.NoPlanYet(displayName));
        }

        var objectiveId = context.GetString("objectiveId") ?? string.Empty;
        if (!plan.Value.Objectives.Any(o => o.Id == objectiveId))
        {
            return await plans.RenderAsync(caller, context.Turn.Clock(), clientId, 1, null, context.Verb == "objective.save" ? ObjectiveGone + Typed(ObjectiveEdit.From(context)) : ObjectiveGone, cancellationToken).ConfigureAwait(false);
        }

        var fresh = string.Equals(context.GetString("planVersion"), plan.ETag, StringComparison.Ordinal);
        try
        {
            return context.Verb switch
            {
                "objective.edit" when fresh => Card(ObjectiveForms.EditTemplate, forms.EditCard(clientId, displayName, plan, objectiveId, ObjectiveForms.Prefill(plan.Value.FindObjective(objectiveId)), [], [])),
                "objective.progress" when fresh => await ProgressCardAsync(context.Turn.Clock().Today, file, displayName, plan, objectiveId, ObjectiveForms.NewReadingId(), null, [], cancellationToken).ConfigureAwait(false),
                "objective.save" => await SaveAsync(context, file, displayName, plan, objectiveId, fresh, cancellationToken).ConfigureAwait(false),
                "objective.progress.save" => await SaveProgressAsync(context, file, displayName, plan, objectiveId, fresh, cancellationToken).ConfigureAwait(false),
                "objective.achieve" => await AchieveAsync(context, file, plan, objectiveId, fresh, cancellationToken).ConfigureAwait(false),
                _ => await plans.RenderAsync(caller, context.Turn.Clock(), clientId, 1, objectiveId, Stale, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (PlanRuleException exception)
        {
            return await plans.RenderAsync(caller, context.Turn.Clock(), clientId, 1, objectiveId, $"{exception.Message} Nothing was changed.", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<CardActionResult> SaveAsync(CardActionContext context, ClinicianFile file, string displayName, Versioned<TreatmentPlan> plan, string objectiveId, bool fresh, CancellationToken cancellationToken)
    {
        var clientId = file.ClientId;
        var form = ObjectiveEdit.From(context);
        var today = context.Turn.Clock().Today;
        var objective = plan.Value.FindObjective(objectiveId);
        var (updated, status, errors, warnings) = forms.Apply(plan.Value, objective, form, context.Turn.Activity.Id ?? "edit", today);
        if (!fresh)
        {
            // The same save arriving again (a retried turn, a double click) finds its own change already stored.
            return updated is not null && SameContent(updated, objective) && status == objective.Status
                ? await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, objectiveId, Saved(plan.Value, objective, plan.Value), cancellationToken).ConfigureAwait(false)
                : Card(ObjectiveForms.EditTemplate, forms.EditCard(clientId, displayName, plan, objectiveId, form, [StaleForm], []));
        }

        if (updated is null)
        {
            return Card(ObjectiveForms.EditTemplate, forms.EditCard(clientId, displayName, plan, objectiveId, form, errors, warnings));
        }

        var changed = plan.Value.UpdateObjective(updated with { Status = objective.Status, ActualCompletion = objective.ActualCompletion });
        if (status != objective.Status)
        {
            changed = changed.SetObjectiveStatus(objectiveId, status, today);
        }

        if (!await TrySaveAsync(file, changed, plan.ETag, cancellationToken).ConfigureAwait(false))
        {
            var current = await file.GetPlanAsync(cancellationToken).ConfigureAwait(false);
            return current is not null && current.Value.Objectives.Any(o => o.Id == objectiveId)
                ? Card(ObjectiveForms.EditTemplate, forms.EditCard(clientId, displayName, current, objectiveId, form, [StaleForm], []))
                : await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, null, ObjectiveGone + Typed(form), cancellationToken).ConfigureAwait(false);
        }

        await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
        return await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, objectiveId, Saved(plan.Value, objective, changed), cancellationToken).ConfigureAwait(false);
    }

    private async Task<CardActionResult> SaveProgressAsync(CardActionContext context, ClinicianFile file, string displayName, Versioned<TreatmentPlan> plan, string objectiveId, bool fresh, CancellationToken cancellationToken)
    {
        var clientId = file.ClientId;
        var today = context.Turn.Clock().Today;
        var objective = plan.Value.FindObjective(objectiveId);
        var typed = new ProgressForm(
            decimal.TryParse(context.GetString("value"), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : null,
            context.GetString("recordedOn") ?? ObjectiveMeasures.Iso(today),
            context.GetString("note") ?? string.Empty);
        var readingId = ObjectiveForms.ReadReadingId(context.GetString("readingId"));

        if (!fresh)
        {
            return await ProgressCardAsync(context.Turn.Clock().Today, file, displayName, plan, objectiveId, readingId ?? ObjectiveForms.NewReadingId(), typed, [StaleForm], cancellationToken).ConfigureAwait(false);
        }

        var (value, on, note, errors) = forms.ReadProgress(objective, context.GetString("value"), context.GetString("recordedOn"), context.GetString("note"), today);
        if (errors.Count > 0)
        {
            return await ProgressCardAsync(context.Turn.Clock().Today, file, displayName, plan, objectiveId, readingId ?? ObjectiveForms.NewReadingId(), typed, errors, cancellationToken).ConfigureAwait(false);
        }

        // The reading's own id (drawn when its form was shown) keys its row, so two presses of one form store one reading
        // and two forms saved in the same second store two. Before forms carried one, the key was the time of the press:
        // such a form is shown again with what was typed, with an id this time, and nothing is stored from it.
        if (readingId is null)
        {
            return await ProgressCardAsync(context.Turn.Clock().Today, file, displayName, plan, objectiveId, ObjectiveForms.NewReadingId(), typed, [FormFromBefore], cancellationToken).ConfigureAwait(false);
        }

        var (_, _, _, label) = ObjectiveForms.Locate(plan.Value, objectiveId);
        var said = $"Progress recorded for objective {label}.";
        try
        {
            await file.AddProgressAsync(new ObjectiveProgress(objectiveId, value, on!.Value, note, context.User.Caller.UserId, context.Turn.Clock().UtcNow) { ReadingId = readingId }, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            said = $"This reading for objective {label} was already recorded (Save was pressed before); nothing was added twice.";
        }

        await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
        return await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, objectiveId, said, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CardActionResult> AchieveAsync(CardActionContext context, ClinicianFile file, Versioned<TreatmentPlan> plan, string objectiveId, bool fresh, CancellationToken cancellationToken)
    {
        var clientId = file.ClientId;
        var caller = context.User.Caller;
        var (_, _, objective, label) = ObjectiveForms.Locate(plan.Value, objectiveId);

        // Checked before staleness: a second click on "Mark achieved" carries the version the first click replaced.
        if (objective.Status == ObjectiveStatus.Achieved)
        {
            return await plans.RenderAsync(caller, context.Turn.Clock(), clientId, 1, objectiveId, AlreadyAchieved(label, objective), cancellationToken).ConfigureAwait(false);
        }

        if (!fresh)
        {
            return await plans.RenderAsync(caller, context.Turn.Clock(), clientId, 1, objectiveId, Stale, cancellationToken).ConfigureAwait(false);
        }

        var today = context.Turn.Clock().Today;
        if (context.GetString("confirmed") != "yes" && await NotYetReachedAsync(file, plan.Value, objective, cancellationToken).ConfigureAwait(false) is { } question)
        {
            return await plans.RenderAsync(caller, context.Turn.Clock(), clientId, 1, objectiveId, null, cancellationToken, confirmAchieve: question).ConfigureAwait(false);
        }

        if (!await TrySaveAsync(file, plan.Value.MarkAchieved(objectiveId, today), plan.ETag, cancellationToken).ConfigureAwait(false))
        {
            var current = await file.GetPlanAsync(cancellationToken).ConfigureAwait(false);
            var now = current?.Value.Objectives.FirstOrDefault(o => o.Id == objectiveId);
            return await plans.RenderAsync(caller, context.Turn.Clock(), clientId, 1, objectiveId, now?.Status == ObjectiveStatus.Achieved ? AlreadyAchieved(label, now) : Stale, cancellationToken).ConfigureAwait(false);
        }

        await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
        return await plans.RenderAsync(caller, context.Turn.Clock(), clientId, 1, objectiveId, $"Objective {label} marked achieved on {ObjectiveMeasures.Display(today)}.", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The question to ask before marking achieved an objective whose latest reading has not reached its target; null when it has (or nothing can be compared).</summary>
    private static async Task<string?> NotYetReachedAsync(ClinicianFile file, TreatmentPlan plan, Objective objective, CancellationToken cancellationToken)
    {
        if (objective.Measure is not { } measure)
        {
            return null;
        }

        var latest = ObjectiveMeasures.Latest(objective, plan.Started, await file.ListProgressAsync(cancellationToken).ConfigureAwait(false), await file.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false));
        return measure.Reached(latest?.Value) switch
        {
            false => $"The latest reading ({ObjectiveMeasures.Show(measure, latest!.Value, "none")} on {ObjectiveMeasures.Display(latest.On)}) has not reached the target ({ObjectiveMeasures.Target(measure)}). Mark it achieved anyway? If it has been reached since, record progress first.",
            _ => null,
        };
    }

    private async Task<CardActionResult> AddObjectiveAsync(CardActionContext context, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, "plan", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        if (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return CardActionResult.Say(PlanCardBuilder.NoPlanYet(opened.File.Enrolment.DisplayName));
        }

        if (context.Dialogs.FindDialog(PlanningDialogs.AddObjective) is null)
        {
            return CardActionResult.Say("Adding an objective from the plan card isn't available yet. Nothing was changed.");
        }

        await context.Dialogs.BeginDialogAsync(PlanningDialogs.AddObjective, new AddObjectiveOptions(clientId, null), cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say($"Let's add an objective to {opened.File.Enrolment.DisplayName}'s plan: I'll ask for it here in the chat.");
    }

    private async Task<CardActionResult> ProgressCardAsync(DateOnly today, ClinicianFile file, string displayName, Versioned<TreatmentPlan> plan, string objectiveId, string readingId, ProgressForm? form, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        var clientId = file.ClientId;
        var progress = await file.ListProgressAsync(cancellationToken).ConfigureAwait(false);
        var assessments = await file.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false);
        var latest = ObjectiveMeasures.Latest(plan.Value.FindObjective(objectiveId), plan.Value.Started, progress, assessments);
        return Card(ObjectiveForms.ProgressTemplate, forms.ProgressCard(clientId, displayName, plan, objectiveId, readingId, latest,
            form ?? new ProgressForm(null, ObjectiveMeasures.Iso(today), string.Empty), errors, today));
    }

    private static async Task<bool> TrySaveAsync(ClinicianFile file, TreatmentPlan plan, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await file.SavePlanAsync(plan, etag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            return false;
        }
    }

    private CardActionResult Card(string template, object model) => CardActionResult.ShowCard(renderer.Render(template, model));

    private static int PageOf(CardActionContext context) =>
        int.TryParse(context.GetString("page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var page) ? page : 1;

    private static bool SameContent(Objective a, Objective b) =>
        a.Behaviour == b.Behaviour
        && a.Relevance == b.Relevance
        && a.Measure == b.Measure
        && a.AnticipatedCompletion == b.AnticipatedCompletion
        && a.ClientTasks.Select(t => t.Description).SequenceEqual(b.ClientTasks.Select(t => t.Description))
        && a.Interventions.Select(i => i.Name).SequenceEqual(b.Interventions.Select(i => i.Name));

    private static string Saved(TreatmentPlan before, Objective objective, TreatmentPlan after)
    {
        var (_, _, _, label) = ObjectiveForms.Locate(after, objective.Id);
        return after.Version > before.Version
            ? $"Objective {label} saved. The plan was signed, so this change starts version {after.Version}; the signed version {before.Version} stays on record."
            : $"Objective {label} saved.";
    }

    private static string AlreadyAchieved(string label, Objective objective) =>
        objective.ActualCompletion is { } on
            ? $"Objective {label} is already marked achieved ({ObjectiveMeasures.Display(on)}); nothing else was changed."
            : $"Objective {label} is already marked achieved; nothing else was changed.";

    // Nothing the clinician typed is lost: when the form cannot be shown again, the values go in the message.
    private static string Typed(ObjectiveEdit form) =>
        $" What you typed: “{PlanCardBuilder.Shorten(form.Specific, 300)}”, target {(form.Target.Length == 0 ? "none" : PlanCardBuilder.Shorten(form.Target, 20))}, by {(form.AnticipatedCompletion.Length == 0 ? "no date" : PlanCardBuilder.Shorten(form.AnticipatedCompletion, 20))}.";
}
