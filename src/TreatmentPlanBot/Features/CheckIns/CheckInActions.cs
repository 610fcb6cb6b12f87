using System.Globalization;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// The client's buttons on a check-in prompt: "Start" begins <see cref="CheckInDialog"/> for that check-in (the id comes
/// from the card, and the stored check-in decides: an answered, closed or unknown one starts nothing), "Not this time"
/// declines it (the clinician sees it on the caseload) and the next one is scheduled. A repeated press says what already
/// happened.
/// </summary>
internal sealed class CheckInActions(ClientFiles files, CheckInSchedules schedules, CheckInRatings ratings, CaseloadRefresher caseload, TimeProvider time) : ICardActionHandler
{
    public const string Start = "checkin.start";
    public const string Decline = "checkin.decline";

    public IReadOnlyCollection<string> Verbs => [Start, Decline];

    public bool ForClients => true;

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.User.Client is not { } link || context.GetString("checkInId") is not { Length: > 0 } checkInId)
        {
            return CardActionResult.Say(context.User.IsClient ? BotReplies.ButtonNoLongerActive : BotReplies.OnlyForClients);
        }

        try
        {
            var opened = await files.OpenForCheckInAsync(context.User.Caller, link.ClientId, context.Verb == Start ? "check-in" : "check-in declined", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return CardActionResult.Say(AccessDecision.RefusalMessage);
            }

            var stored = await opened.File.FindCheckInAsync(checkInId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
            }

            var clock = await schedules.ClientClockAsync(opened.File, cancellationToken).ConfigureAwait(false);
            if (AlreadyClosed(stored.Value, clock.ToLocal, time.GetUtcNow()) is { } closed)
            {
                return CardActionResult.Say(closed);
            }

            return context.Verb == Start
                ? await StartAsync(context, opened.File, stored.Value, cancellationToken).ConfigureAwait(false)
                : await DeclineAsync(opened.File, stored, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }

    private async Task<CardActionResult> StartAsync(CardActionContext context, CheckInFile file, CheckIn checkIn, CancellationToken cancellationToken)
    {
        if (context.Dialogs.ActiveDialog?.Id == CheckInDialog.DialogId)
        {
            // A second press of Start: the questions already began; ask the waiting one again rather than start over.
            await context.Dialogs.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
            return CardActionResult.Say("We've already started; the question waiting for you is below.");
        }

        // The 0-10 ratings come first, on one card; the questionnaires follow once they are sent.
        if (await ratings.PendingAsync(file, checkIn, cancellationToken).ConfigureAwait(false) is { Count: > 0 } questions)
        {
            var card = await ratings.CardAsync(file, checkIn, questions, null, null, null, cancellationToken).ConfigureAwait(false);
            await context.Turn.SendActivityAsync(card.ToActivity("Your check-in"), cancellationToken).ConfigureAwait(false);
            return CardActionResult.Say("Thank you. Here are the first questions.");
        }

        var next = await ratings.ContinueAsync(context, file, checkIn, cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say(checkIn.Measures.Count > 0 ? "Thank you. Here's the first question." : next);
    }

    private async Task<CardActionResult> DeclineAsync(CheckInFile file, Versioned<CheckIn> stored, CancellationToken cancellationToken)
    {
        var declined = stored.Value with { Status = CheckInStatus.Declined, ClosedAt = time.GetUtcNow() };
        try
        {
            await file.SaveCheckInAsync(declined, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
        {
            return CardActionResult.Say("This check-in changed meanwhile, so I left it as it is.");
        }

        await schedules.CancelFollowUpsAsync(file.ClientId, declined.Id, cancellationToken).ConfigureAwait(false);
        await schedules.ScheduleAfterAsync(file, declined, cancellationToken).ConfigureAwait(false);
        await caseload.RefreshAsync(file.ClientId, cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say("That's fine, I'll skip this one. The next check-in will come as usual; say **stop** if you'd rather not get them at all.");
    }

    public static string? AlreadyClosed(CheckIn checkIn, Func<DateTimeOffset, DateTimeOffset> local, DateTimeOffset now) => checkIn.Status switch
    {
        CheckInStatus.Answered => $"You already answered this check-in{On(checkIn.ClosedAt, local)}. Thank you.",
        CheckInStatus.Declined => $"You skipped this check-in{On(checkIn.ClosedAt, local)}. The next one will come as usual.",
        CheckInStatus.Expired => "This check-in has closed. The next one will come as usual.",
        CheckInStatus.Withdrawn => "This check-in was withdrawn because check-ins were stopped. Say **start check-ins** to have them again.",
        _ when now > checkIn.ExpiresAt => "This check-in has closed. The next one will come as usual.",
        _ => null,
    };

    private static string On(DateTimeOffset? at, Func<DateTimeOffset, DateTimeOffset> local) =>
        at is { } when ? $" on {local(when).ToString("d MMMM", CultureInfo.InvariantCulture)}" : string.Empty;
}
