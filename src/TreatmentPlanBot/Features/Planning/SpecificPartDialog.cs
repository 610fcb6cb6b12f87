using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// Specific: what behaviour or situation will change. A template suggestion brings its measure along as the
/// Measurable part's default; otherwise the clinician describes it (at least three words, SmartRules.IsSpecific).
/// </summary>
public sealed class SpecificPartDialog : ObjectivePartDialog
{
    public const string DialogId = "planning.objective.part.specific";

    private const string SuggestionId = DialogId + ".suggestion";
    private const string BehaviourId = DialogId + ".behaviour";
    private const string OwnChoice = "own";

    private readonly ObjectiveSuggestions _suggestions;

    public SpecificPartDialog(ObjectiveSuggestions suggestions)
        : base(DialogId)
    {
        _suggestions = suggestions;
        AddDialog(new ChoicePrompt(SuggestionId));
        AddDialog(new TextPrompt(BehaviourId, ValidateBehaviourAsync));
        Steps(OfferSuggestionsAsync, AskBehaviourAsync, KeepBehaviourAsync);
    }

    private Task<DialogTurnResult> OfferSuggestionsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var suggestions = _suggestions.Objectives(For(step));
        if (suggestions.Count == 0)
        {
            return step.NextAsync(null, cancellationToken);
        }

        return step.PromptAsync(SuggestionId, PromptOptions.Text(
            "**Specific**: what behaviour or situation will change? Pick a suggestion to start from, or describe it yourself.",
            "Please pick one of the suggestions, or choose to describe it yourself.",
            "Name the behaviour or situation that will be different, e.g. \"walks outside for 20 minutes on weekdays\". The suggestions come from the problem area's template; you can change any part before saving.") with
        {
            Choices = [.. suggestions.Select(s => new Choice(s.Id) { Title = s.Behaviour }), new Choice(OwnChoice) { Title = "Describe it myself", Synonyms = ["myself", "my own", "own words"] }],
        }, cancellationToken);
    }

    // Follows the suggestion question, or nothing when there were no suggestions.
    private Task<DialogTurnResult> AskBehaviourAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is FoundChoice { Value: not OwnChoice } picked && _suggestions.Objectives(For(step)).FirstOrDefault(s => s.Id == picked.Value) is { } suggestion)
        {
            var draft = Draft(step);
            Keep(step, draft with
            {
                Behaviour = suggestion.Behaviour,
                SuggestionId = suggestion.Id,
                Measure = draft.Measure ?? new ObjectiveMeasure(suggestion.MeasureType, suggestion.Direction, MeasureId: suggestion.MeasureId, Unit: suggestion.Unit),
            });
            return step.NextAsync(null, cancellationToken);
        }

        return step.PromptAsync(BehaviourId, PromptOptions.Text(
            "**Specific**: describe the behaviour or situation that will change.",
            $"Please describe it in at least {SmartRules.MinimumBehaviourWords} words and at most {ObjectiveLimits.Specific} characters, e.g. \"walks outside for 20 minutes on weekdays\".",
            "Say what will be different in what the client does or experiences, concretely enough that you would both notice."), cancellationToken);
    }

    // Follows the behaviour question, or nothing when a suggestion was picked.
    private static Task<DialogTurnResult> KeepBehaviourAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is string behaviour)
        {
            Keep(step, Draft(step) with { Behaviour = behaviour.Trim(), SuggestionId = null });
        }

        return step.NextAsync(null, cancellationToken);
    }

    private static Task<bool> ValidateBehaviourAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Value is { } text && SmartRules.IsSpecific(text) && text.Trim().Length <= ObjectiveLimits.Specific);
}
