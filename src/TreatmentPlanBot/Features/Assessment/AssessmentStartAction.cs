using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Instruments;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>
/// Buttons that start an assessment for a known client: <c>assessment.start</c> (screening summary: client and
/// measure) and, through <see cref="StartAsync"/>, the risk card's safety assessment. The dialog begins in this turn
/// and its first question goes out as a normal message; the button itself answers with a short line.
/// </summary>
internal sealed class AssessmentStartAction(ClientFiles files, InstrumentLibrary library) : ICardActionHandler
{
    public const string Verb = "assessment.start";

    public IReadOnlyCollection<string> Verbs => [Verb];

    public Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        StartAsync(context, files, library, context.GetString("clientId"), context.GetString("instrumentId"), cancellationToken);

    public static async Task<CardActionResult> StartAsync(CardActionContext context, ClientFiles files, InstrumentLibrary library, string? clientId, string? instrumentId, CancellationToken cancellationToken)
    {
        if (!context.User.Is(StaffRoles.Clinician))
        {
            return CardActionResult.Say(BotReplies.NotForYourRole("assess", StaffRoles.Clinician));
        }

        if (string.IsNullOrWhiteSpace(clientId))
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        if (context.Dialogs.ActiveDialog is not null)
        {
            return CardActionResult.Say("You're in the middle of something else. Finish it, or say **cancel**, then press the button again.");
        }

        try
        {
            var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, "assessment", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return CardActionResult.Say(AccessDecision.RefusalMessage);
            }
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.PressAgain);
        }

        var definition = instrumentId is null ? null : library.FindDefinition(instrumentId);
        await context.Dialogs.BeginDialogAsync(AssessmentDialog.DialogId, new AssessmentOptions(null, clientId, definition?.Id), cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say(definition switch
        {
            null => "Starting an assessment: choose the measure below.",
            _ when AssessmentFormDialog.Suits(definition) => $"Starting the {definition.Id}: choose below how to run it.",
            _ => $"Starting the {definition.Id}: the first question is below.",
        });
    }
}
