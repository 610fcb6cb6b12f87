using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Screening;

namespace TreatmentPlanBot.Features.Onboarding;

/// <summary>
/// First-run set-up for a clinician: the name the bot uses for them and the areas they treat and do not treat,
/// which screening uses to check whether a new client fits them. Saved to their staff entry at the end; until then
/// the answers live in the dialog's state, so a restart of the bot mid-way resumes where it stopped.
/// </summary>
public sealed class OnboardingDialog : InterruptibleDialog
{
    public const string DialogId = "onboarding";
    public const string AskName = "What name should I use for you?";
    public const string AskTreated = "Which areas do you treat? Tick all that apply (or type them, separated by commas).";
    public const string AskNotTreated = "Are there areas you do not treat, where I should suggest a referral? Tick them, or say **none**.";

    private readonly StaffDirectory _staff;
    private readonly TurnUserResolver _users;

    public OnboardingDialog(StaffDirectory staff, TurnUserResolver users)
        : base(DialogId)
    {
        _staff = staff;
        _users = users;
        AddDialog(new WaterfallDialog("onboarding.steps", [AskNameAsync, AskTreatedAsync, AskNotTreatedAsync, SaveAsync]));
        AddDialog(new TextPrompt("onboarding.name", ValidateNameAsync));
        AddDialog(new MultiChoicePrompt("onboarding.areas"));
        InitialDialogId = "onboarding.steps";
    }

    private static IReadOnlyList<Choice> Areas(IEnumerable<PresentingConcern> concerns) =>
        [.. concerns.Select(c => new Choice(c.Code) { Title = c.Label })];

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        innerDc.FindActivePromptOptions()?.Help ?? "I'm setting up your profile: your name and the areas you treat.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult("I've stopped setting up your profile. Nothing was changed; your previous settings are kept. Say **setup** to start again.");

    private async Task<DialogTurnResult> AskNameAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var user = await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false);
        if (user?.Staff is null)
        {
            await step.Context.SendActivityAsync(
                "You're not enrolled as staff yet, so there is no profile to set up. Ask your clinic's admin to add you.", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync("onboarding.name", PromptOptions.Text(
            $"{AskName} (Now: {user.Staff.DisplayName})",
            "Please type the name you'd like me to use, up to 60 characters.",
            "Type the name I should use when I talk to you and on cards, e.g. 'Dr Sam Rivera'.") , cancellationToken).ConfigureAwait(false);
    }

    private static Task<bool> ValidateNameAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && prompt.Recognized.Value is { Length: > 0 and <= 60 } name && !string.IsNullOrWhiteSpace(name));

    private static Task<DialogTurnResult> AskTreatedAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Values.Set("name", ((string)step.Result!).Trim());
        return step.PromptAsync("onboarding.areas", PromptOptions.Text(AskTreated,
            "Please pick from the list: tick the boxes, or type the names or numbers separated by commas.",
            "These are the presenting concerns screening asks about. I use them to tell you when a new client may need someone else.") with
        {
            Choices = Areas(PresentingConcerns.All),
        }, cancellationToken);
    }

    private static Task<DialogTurnResult> AskNotTreatedAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var treated = ((IReadOnlyList<FoundChoice>)step.Result!).Select(c => c.Value).ToList();
        step.Values.Set("treated", treated);
        var remaining = PresentingConcerns.All.Where(c => !treated.Contains(c.Code)).ToList();
        if (remaining.Count == 0)
        {
            return step.NextAsync(Array.Empty<FoundChoice>(), cancellationToken);
        }

        return step.PromptAsync("onboarding.areas", PromptOptions.Text(AskNotTreated,
            "Please tick the areas you don't treat, type them separated by commas, or say none.",
            "When a new client's concerns include one of these, I'll suggest a referral and record where to.") with
        {
            Choices = Areas(remaining),
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> SaveAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var name = step.Values.Get<string>("name");
        var treated = step.Values.Get<List<string>>("treated");
        var notTreated = ((IReadOnlyList<FoundChoice>)step.Result!).Select(c => c.Value).ToList();
        var caller = Caller.From(step.Context.Activity)!;

        // The entry may have changed since the dialog began (an admin added a role): re-read and apply, retrying a lost race.
        for (var attempt = 0; ; attempt++)
        {
            var current = await _staff.FindAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                await step.Context.SendActivityAsync("Your staff entry was removed meanwhile, so I couldn't save your profile.", cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            }

            var updated = current.Value with { DisplayName = name, TreatedAreas = treated, NotTreatedAreas = notTreated };
            try
            {
                await _staff.SaveAsync(updated, current.ETag, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict && attempt < 2)
            {
            }
        }

        var labels = (IEnumerable<string> codes) => codes.Count() == 0 ? "none" : string.Join(", ", codes.Select(c => PresentingConcerns.Find(c)?.Label ?? c));
        await step.Context.SendActivityAsync(
            $"Thanks, {name}. You treat: {labels(treated)}. You don't treat: {labels(notTreated)}. I'll use this when screening new clients; say **setup** to change it.", cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(new ClinicianSetup(name, treated, notTreated), cancellationToken).ConfigureAwait(false);
    }
}

public sealed record ClinicianSetup(string DisplayName, IReadOnlyList<string> TreatedAreas, IReadOnlyList<string> NotTreatedAreas);
