using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Time;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>Time-bound: the anticipated completion date, with the template's typical horizon offered.</summary>
public sealed class TimeBoundPartDialog : ObjectivePartDialog
{
    public const string DialogId = "planning.objective.part.time-bound";

    private const string DateId = DialogId + ".date";

    private readonly ObjectiveSuggestions _suggestions;

    public TimeBoundPartDialog(ObjectiveSuggestions suggestions)
        : base(DialogId)
    {
        _suggestions = suggestions;
        AddDialog(new DatePrompt(DateId, ValidateFutureDateAsync));
        Steps(AskAsync, KeepAsync);
    }

    private Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var typical = _suggestions.HorizonWeeks(For(step), Draft(step)) is { } w
            ? $" Typical for this: about {w} weeks (around {ObjectiveText.Format(step.DialogContext.Clock.Today.AddDays(w * 7))}); say **in {w} weeks** to use it."
            : string.Empty;
        return step.PromptAsync(DateId, PromptOptions.Text(
            $"**Time-bound**: by when should it be reached?{typical} Or give a date, e.g. \"15 March 2027\".",
            "Please give a date still ahead, e.g. \"in 8 weeks\" or \"15 March 2027\".",
            "The anticipated completion date. When the objective is met the actual date is recorded too, so you can see how accurate the estimate was."), cancellationToken);
    }

    private static Task<DialogTurnResult> KeepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        Keep(step, Draft(step) with { AnticipatedCompletion = (DateOnly)step.Result! });
        return step.NextAsync(null, cancellationToken);
    }

    /// <summary>An anticipated completion date is today or later, in the clinician's own time zone.</summary>
    internal static Task<bool> ValidateFutureDateAsync(PromptValidatorContext<DateOnly> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && prompt.Recognized.Value >= prompt.Context.Clock().Today);
}
