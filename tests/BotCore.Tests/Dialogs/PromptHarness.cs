using System.Text.Json;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Dialogs;

/// <summary>A one-question dialog around any prompt, ending with the prompt's answer.</summary>
internal static class PromptHarness
{
    /// <summary>Thursday 26 November 2026, 10:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    public static DialogTestClient Client(Dialog prompt, PromptOptions options, DialogOptions? settings = null, FakeTimeProvider? clock = null)
    {
        var dialog = new ComponentDialog("ask");
        dialog.AddDialog(new WaterfallDialog("ask-once",
        [
            (step, ct) => step.PromptAsync(prompt.Id, options, ct),
            (step, ct) => step.EndDialogAsync(step.Result, ct),
        ]));
        dialog.AddDialog(prompt);
        return new DialogTestClient(dialog, dialogOptions: settings, timeProvider: clock ?? new FakeTimeProvider(Now));
    }

    /// <summary>The Adaptive Card a prompt sent in <paramref name="activity"/>.</summary>
    public static JsonElement CardOf(Activity activity) =>
        activity.Attachments!.Single(a => a.ContentType == ContentTypes.AdaptiveCard).Content!.Value;
}
