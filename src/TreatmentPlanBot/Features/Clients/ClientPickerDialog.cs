using BotCore;
using System.Globalization;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Records;

namespace TreatmentPlanBot.Features.Clients;

/// <summary>What a feature asks the picker for: the name or id the clinician typed, and what the client is needed for.</summary>
/// <param name="WholeClinic">Admins handing a client over look among every clinician's clients (names only; the gate decides the rest).</param>
public sealed record ClientPickerOptions(string? Query, string Purpose, bool WholeClinic = false);

/// <summary>
/// Resolves "which client?" among the clinician's own clients: one match is taken at once, several are offered as a
/// choice, none ends with a clear message. Ends with the client id, or null when nothing was chosen.
/// Begin it from a feature's waterfall: <c>step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(query, "screen"))</c>.
/// </summary>
public sealed class ClientPickerDialog : ComponentDialog
{
    public const string DialogId = "client-picker";
    private const int MaxChoices = 10;

    private readonly ClientLookup _lookup;
    private readonly TurnUserResolver _users;

    public ClientPickerDialog(ClientLookup lookup, TurnUserResolver users)
        : base(DialogId)
    {
        _lookup = lookup;
        _users = users;
        AddDialog(new WaterfallDialog("client-picker.steps", [AskAsync, FindAsync, ChosenAsync]));
        AddDialog(new TextPrompt("client-picker.query"));
        AddDialog(new ChoicePrompt("client-picker.choice"));
        InitialDialogId = "client-picker.steps";
    }

    private static Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<ClientPickerOptions>() ?? new ClientPickerOptions(null, "continue");
        step.Values.Set("purpose", options.Purpose);
        step.Values.Set("wholeClinic", options.WholeClinic);
        return string.IsNullOrWhiteSpace(options.Query)
            ? step.PromptAsync("client-picker.query", PromptOptions.Text(
                $"Which client? Type their name (or part of it).",
                "Please type the client's name.",
                "I look among your own clients (and a supervisor's supervisees' clients). Say **caseload** after cancelling to see yours."), cancellationToken)
            : step.NextAsync(options.Query, cancellationToken);
    }

    private async Task<DialogTurnResult> FindAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var query = ((string)step.Result!).Trim();
        var shown = CardText.Escape(query);
        var user = await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false);
        var matches = user is null
            ? []
            : await _lookup.FindAsync(user, query, cancellationToken, step.Values.TryGet<bool>("wholeClinic", out var wholeClinic) && wholeClinic).ConfigureAwait(false);
        switch (matches.Count)
        {
            case 0:
                await step.Context.SendActivityAsync(
                    $"None of your clients matches \"{shown}\". Say **caseload** to see your clients, or **new client** to add one.", cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            case 1:
                return await step.EndDialogAsync(matches[0].ClientId, cancellationToken).ConfigureAwait(false);
            case > MaxChoices:
                await step.Context.SendActivityAsync(
                    $"{matches.Count} of your clients match \"{shown}\". Please try again with more of the name.", cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return await step.PromptAsync("client-picker.choice", PromptOptions.Text(
            $"Several of your clients match \"{shown}\". Which one do you want to {step.Values.Get<string>("purpose")}?",
            "Please pick one of the clients listed, or type its number.") with
        {
            Choices = [.. matches.Select(m => new Choice(m.ClientId) { Title = Describe(m) })],
        }, cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> ChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.EndDialogAsync(((FoundChoice)step.Result!).Value, cancellationToken);

    // The name alone may not tell two clients apart; the status and latest measure usually do.
    private static string Describe(CaseloadEntry entry) =>
        entry.LatestMeasure is null
            ? $"{entry.DisplayName} ({entry.Status.ToString().ToLower(CultureInfo.InvariantCulture)})"
            : $"{entry.DisplayName} ({entry.LatestMeasure} {entry.LatestScore})";
}
