using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>Relevant: why the change matters to the client, in their own words.</summary>
public sealed class RelevantPartDialog : ObjectivePartDialog
{
    public const string DialogId = "planning.objective.part.relevant";

    private const string RelevanceId = DialogId + ".why";

    public RelevantPartDialog()
        : base(DialogId)
    {
        AddDialog(new TextPrompt(RelevanceId, (prompt, _) => Task.FromResult(prompt.Recognized.Value?.Trim().Length is > 0 and <= ObjectiveLimits.Relevance)));
        Steps(AskAsync, KeepAsync);
    }

    private static Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.PromptAsync(RelevanceId, PromptOptions.Text(
            $"**Relevant**: why does this matter to {For(step).ClientName}? Please use their own words.",
            $"Please type why it matters to the client, in up to {ObjectiveLimits.Relevance} characters.",
            "In the client's words, what this change would mean for their life, e.g. \"So I can take my kids to school again\"."), cancellationToken);

    private static Task<DialogTurnResult> KeepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        Keep(step, Draft(step) with { Relevance = ((string)step.Result!).Trim() });
        return step.NextAsync(null, cancellationToken);
    }
}
