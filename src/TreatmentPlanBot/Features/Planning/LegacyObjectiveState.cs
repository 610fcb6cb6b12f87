using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Dialogs;
using BotCore.Schema;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// Conversations stored before the objective was built from part dialogs: one 14-step waterfall
/// (<c>planning.objective.steps</c>, options <see cref="ObjectiveDialogOptions"/>, the draft under the value
/// <c>draft</c>), an attainability waterfall it began, and its prompts. A deployment must not strand them: each of those
/// ids is kept as a stand-in dialog that, on the next message (or "help"), reads the old draft and the step it was on,
/// and hands over to the part dialogs at that part (<see cref="ObjectiveDialog"/> says so). Remove once no stored
/// conversation can still hold them (conversation state older than the deployment that added this).
/// </summary>
internal static class LegacyObjectiveState
{
    private const string StepsId = "planning.objective.steps";
    private const string AttainableId = "planning.objective.attainable";

    private static readonly string[] Ids =
    [
        StepsId, AttainableId, "planning.objective.choice", "planning.objective.text", "planning.objective.behaviour",
        "planning.objective.number", "planning.objective.date", "planning.objective.many", "planning.objective.measured",
        "planning.objective.relevance", "planning.objective.own-list",
    ];

    public delegate Task<DialogTurnResult> Recover(DialogContext innerDc, CancellationToken cancellationToken);

    /// <summary>What an old conversation held: its options, its draft, and the part it was asking.</summary>
    public sealed record Found(ObjectiveDialogOptions Options, ObjectiveDraft Draft, ObjectiveStepKind At);

    public static IEnumerable<Dialog> Dialogs(Recover recover) => Ids.Select(id => new StandIn(id, recover));

    public static string Name(ObjectiveStepKind step) => step switch
    {
        ObjectiveStepKind.Specific => "**Specific** (what will change)",
        ObjectiveStepKind.Measurable => "**Measurable** (how progress is measured)",
        ObjectiveStepKind.TimeBound => "**Time-bound** (the date)",
        ObjectiveStepKind.Attainable => "**Attainable** (the check of the target and the date)",
        ObjectiveStepKind.Relevant => "**Relevant** (why it matters)",
        ObjectiveStepKind.ClientTasks => "the client's tasks",
        _ => "your interventions",
    };

    /// <summary>The old objective in the stack, or null when it cannot be read back.</summary>
    public static Found? Read(IReadOnlyList<DialogInstance> stack)
    {
        try
        {
            if (stack.FirstOrDefault(i => i.Id == StepsId) is not { } steps
                || steps.State["options"]?.Deserialize<ObjectiveDialogOptions>(BotJson.Options) is not { } options)
            {
                return null;
            }

            var attainable = stack.FirstOrDefault(i => i.Id == AttainableId);
            var draft = DraftIn(attainable) ?? DraftIn(steps) ?? options.Editing ?? new ObjectiveDraft();
            var at = attainable is not null ? ObjectiveStepKind.Attainable : StepAt(steps.State["stepIndex"]?.GetValue<int>() ?? 0);
            return new Found(options, draft, at);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static ObjectiveDraft? DraftIn(DialogInstance? instance) =>
        instance?.State["values"] is JsonObject values && values["draft"] is { } draft ? draft.Deserialize<ObjectiveDraft>(BotJson.Options) : null;

    // The old waterfall's steps, by the index of the step whose question was waiting.
    private static ObjectiveStepKind StepAt(int index) => index switch
    {
        <= 1 => ObjectiveStepKind.Specific,
        <= 5 => ObjectiveStepKind.Measurable,
        6 => ObjectiveStepKind.TimeBound,
        7 => ObjectiveStepKind.Attainable,
        8 => ObjectiveStepKind.Relevant,
        9 or 10 => ObjectiveStepKind.ClientTasks,
        _ => ObjectiveStepKind.Interventions,
    };

    private sealed class StandIn(string id, Recover recover) : Dialog(id)
    {
        public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"'{Id}' only stands in for a stored conversation; nothing begins it.");

        public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken) => recover(dc, cancellationToken);

        public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken) =>
            recover(dc, cancellationToken);

        public override async Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken)
        {
            if (Read(dc.Stack) is not null)
            {
                await recover(dc, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
