using BotCore.Dialogs;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>What every part of an objective is given: whose objective, which template, and the draft so far.</summary>
public sealed record ObjectiveStep(ObjectiveDialogOptions For, ObjectiveDraft Draft);

/// <summary>
/// One SMART part of an objective as a dialog of its own: begun with an <see cref="ObjectiveStep"/>, it asks its
/// questions, keeps the draft it is changing under one key, and ends with the updated <see cref="ObjectiveDraft"/>.
/// Each step follows exactly one question, so no step has to work out which question was answered.
/// </summary>
public abstract class ObjectivePartDialog : ComponentDialog
{
    private const string DraftKey = "draft";

    protected ObjectivePartDialog(string id)
        : base(id)
    {
    }

    /// <summary>Adds the part's steps; a last step ending with the draft is added after them.</summary>
    protected void Steps(params WaterfallStep[] steps)
    {
        AddDialog(new WaterfallDialog($"{Id}.steps", [.. steps, (step, ct) => step.EndDialogAsync(Draft(step), ct)]));
        InitialDialogId = $"{Id}.steps";
    }

    protected static ObjectiveDialogOptions For(WaterfallStepContext step) =>
        step.GetOptions<ObjectiveStep>()?.For ?? throw new InvalidOperationException("An objective part needs its ObjectiveStep.");

    /// <summary>The draft as this part has changed it so far (the one it was begun with until the first change).</summary>
    protected static ObjectiveDraft Draft(WaterfallStepContext step) =>
        step.Values.TryGet<ObjectiveDraft>(DraftKey, out var draft) ? draft
        : step.GetOptions<ObjectiveStep>()?.Draft ?? throw new InvalidOperationException("An objective part needs its ObjectiveStep.");

    protected static void Keep(WaterfallStepContext step, ObjectiveDraft draft) => step.Values.Set(DraftKey, draft);
}
