using System.Text.Json.Nodes;

namespace BotCore.Dialogs;

/// <summary>
/// A dialog stack as stored in conversation state: plain JSON, so a dialog resumes after a restart or on another instance.
/// The active dialog is first, as in the Bot Builder SDK.
/// </summary>
public sealed class DialogState
{
    public List<DialogInstance> DialogStack { get; init; } = [];
}

/// <summary>One running dialog: which dialog, and its own state as JSON.</summary>
public sealed class DialogInstance
{
    public required string Id { get; init; }

    public JsonObject State { get; init; } = [];
}
