using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

public enum StaffChangeKind
{
    Grant,
    RemoveRole,
    AssignSupervisor,
}

/// <summary>A typed staff command, parsed: who (as typed), which role, and for a supervisor assignment, whom.</summary>
public sealed record StaffChangeRequest(StaffChangeKind Kind, string PersonQuery, StaffRoles Role = StaffRoles.None, string? SupervisorQuery = null);

/// <summary>
/// Carries out a typed staff command: finds the person (several matches: a choice; none: says so), the supervisor
/// when one is named, asks for confirmation where a change has consequences, then applies it through
/// <see cref="StaffChanges"/>. Nothing is stored until the last step.
/// </summary>
public sealed class StaffChangeDialog : InterruptibleDialog
{
    public const string DialogId = "admin.staff-change";

    private const int MaxChoices = 10;

    private readonly StaffPeople _people;
    private readonly StaffChanges _changes;

    public StaffChangeDialog(StaffPeople people, StaffChanges changes)
        : base(DialogId)
    {
        _people = people;
        _changes = changes;
        AddDialog(new WaterfallDialog("admin.staff-change.steps", [FindPersonAsync, FindSupervisorAsync, ApplyAsync, ConfirmedAsync]));
        AddDialog(new ChoicePrompt("admin.staff-change.who"));
        AddDialog(new ConfirmPrompt("admin.staff-change.confirm"));
        InitialDialogId = "admin.staff-change.steps";
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        innerDc.FindActivePromptOptions()?.Help ?? "I'm changing the clinic's staff directory as you asked.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult("I've stopped. Nothing was changed in the staff directory. Say **staff** to see it.");

    private async Task<DialogTurnResult> FindPersonAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var request = step.GetOptions<StaffChangeRequest>()!;
        return await AskWhoAsync(step, request.PersonQuery, includeWaiting: request.Kind == StaffChangeKind.Grant,
            "Several people match \"{0}\". Who do you mean?", cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> FindSupervisorAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values.Set("person", ChosenId(step.Result));
        var request = step.GetOptions<StaffChangeRequest>()!;
        return request.Kind == StaffChangeKind.AssignSupervisor
            ? await AskWhoAsync(step, request.SupervisorQuery!, includeWaiting: false, "Several staff match \"{0}\". Who is the supervisor?", cancellationToken).ConfigureAwait(false)
            : await step.NextAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ApplyAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var request = step.GetOptions<StaffChangeRequest>()!;
        var person = step.Values.Get<string>("person");
        var caller = Caller.From(step.Context.Activity)!;
        var changeId = ChangeId(step.Context);
        var outcome = await TryAsync(step, () => request.Kind switch
        {
            StaffChangeKind.Grant => _changes.GrantAsync(caller, changeId, person, request.Role, cancellationToken),
            StaffChangeKind.RemoveRole => _changes.RemoveRoleAsync(caller, changeId, person, request.Role, confirmed: false, cancellationToken),
            _ => _changes.AssignSupervisorAsync(caller, changeId, person, ChosenId(step.Result), cancellationToken),
        }, cancellationToken).ConfigureAwait(false);

        if (outcome?.Status == StaffChangeStatus.NeedsConfirmation)
        {
            return await step.PromptAsync("admin.staff-change.confirm", PromptOptions.Text(outcome.Message,
                "Please answer yes to remove the role, or no to keep it.",
                "Yes removes the clinician role now; their clients stay assigned to them. No keeps everything as it is.") , cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(outcome, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ConfirmedAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var request = step.GetOptions<StaffChangeRequest>()!;
        if (step.Result is not true)
        {
            await step.Context.SendActivityAsync("Nothing was changed: they keep the clinician role.", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var caller = Caller.From(step.Context.Activity)!;
        var outcome = await TryAsync(step, () => _changes.RemoveRoleAsync(caller, ChangeId(step.Context), step.Values.Get<string>("person"), request.Role, confirmed: true, cancellationToken), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(outcome, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> AskWhoAsync(WaterfallStepContext step, string query, bool includeWaiting, string severalFormat, CancellationToken cancellationToken)
    {
        var tenantId = Caller.From(step.Context.Activity)!.TenantId;
        var matches = await _people.FindAsync(tenantId, query, includeWaiting, cancellationToken).ConfigureAwait(false);
        switch (matches.Count)
        {
            case 0:
                await step.Context.SendActivityAsync(includeWaiting
                    ? $"No one on staff or waiting for access matches \"{query}\". People appear here once they have written to me in Teams; say **staff** to see everyone I know."
                    : $"No one on staff matches \"{query}\". Say **staff** to see the clinic's staff.", cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            case 1:
                return await step.NextAsync(matches[0].UserId, cancellationToken).ConfigureAwait(false);
            case > MaxChoices:
                await step.Context.SendActivityAsync(
                    $"{matches.Count} people match \"{query}\". Please try again with more of the name.", cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync("admin.staff-change.who", PromptOptions.Text(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, severalFormat, query),
            "Please pick one of the people listed, or type their number.",
            "Pick the person you mean; people waiting for access are marked so.") with
        {
            Choices = [.. matches.Select(m => new Choice(m.UserId) { Title = Describe(m) })],
        }, cancellationToken).ConfigureAwait(false);
    }

    // Two people may share a name: their roles, or when they first wrote, tell them apart.
    private static string Describe(StaffCandidate candidate) =>
        candidate.IsStaff
            ? $"{candidate.DisplayName} ({StaffRoleWords.Describe(candidate.Roles)})"
            : $"{candidate.DisplayName} (waiting for access since {candidate.WaitingSince!.Value.UtcDateTime.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)})";

    private static string ChosenId(object? result) => result switch
    {
        FoundChoice choice => choice.Value,
        string id => id,
        _ => throw new InvalidOperationException("The previous step chose no one."),
    };

    /// <summary>The incoming activity's id: the same when a turn runs again, different for a second click.</summary>
    internal static string ChangeId(BotCore.ITurnContext turn) => turn.Activity.Id ?? Guid.NewGuid().ToString("N");

    private static async Task<StaffChangeOutcome?> TryAsync(WaterfallStepContext step, Func<Task<StaffChangeOutcome>> change, CancellationToken cancellationToken)
    {
        var outcome = await change().ConfigureAwait(false);

        if (outcome.Status != StaffChangeStatus.NeedsConfirmation)
        {
            await step.Context.SendActivityAsync(outcome.Message, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }
}
