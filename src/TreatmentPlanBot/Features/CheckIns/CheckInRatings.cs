using System.Globalization;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// The 0-10 ratings of a check-in (<c>checkin-ratings</c> card): one question per objective measured by a rating, in the
/// client's own words, asked before any questionnaire. "Send my ratings" (<c>checkin.ratings</c>) stores each as progress
/// on its objective (reading id <c>checkin-{checkIn}-{objective}</c>, so a repeated or concurrent press stores nothing
/// twice), then marks the check-in's ratings sent (ETag-guarded) and goes on: the questionnaires, or the check-in closes
/// as answered when there are none.
/// </summary>
internal sealed class CheckInRatings(ClientFiles files, CheckInSchedules schedules, CheckInCompletion completion, CaseloadRefresher caseload, StaffDirectory staff, CardRenderer cards, TimeProvider time) : ICardActionHandler
{
    public const string Send = "checkin.ratings";
    public const string Template = "checkin-ratings";
    public const string ProgressNote = "the client's check-in rating";

    public IReadOnlyCollection<string> Verbs => [Send];

    public bool ForClients => true;

    /// <summary>The ratings still to give on <paramref name="checkIn"/>: none once sent, or when its objectives are no longer current.</summary>
    public async Task<IReadOnlyList<(string Id, ClientFacingObjective Objective)>> PendingAsync(CheckInFile file, CheckIn checkIn, CancellationToken cancellationToken) =>
        checkIn.RatingsAnsweredAt is null && checkIn.Ratings.Count > 0 ? await file.RatedObjectivesAsync(checkIn.Ratings, cancellationToken).ConfigureAwait(false) : [];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.User.Client is not { } link || context.GetString("checkInId") is not { Length: > 0 } checkInId)
        {
            return CardActionResult.Say(context.User.IsClient ? BotReplies.ButtonNoLongerActive : BotReplies.OnlyForClients);
        }

        try
        {
            var opened = await files.OpenForCheckInAsync(context.User.Caller, link.ClientId, "check-in ratings", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return CardActionResult.Say(AccessDecision.RefusalMessage);
            }

            var file = opened.File;
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var stored = await file.FindCheckInAsync(checkInId, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
                }

                var checkIn = stored.Value;
                var questions = await file.RatedObjectivesAsync(checkIn.Ratings, cancellationToken).ConfigureAwait(false);
                var clock = await schedules.ClientClockAsync(file, cancellationToken).ConfigureAwait(false);
                if (checkIn.RatingsAnsweredAt is { } sentAt)
                {
                    var on = clock.ToLocal(sentAt).ToString("d MMMM", CultureInfo.InvariantCulture);
                    return await CardAsync(file, checkIn, questions, checkIn.RatingAnswers, $"You already sent these ratings on {on}. Nothing was counted twice.", null, cancellationToken).ConfigureAwait(false);
                }

                if (CheckInActions.AlreadyClosed(checkIn, clock.ToLocal, time.GetUtcNow()) is { } closed)
                {
                    return CardActionResult.Say(closed);
                }

                var given = questions.ToDictionary(q => q.Id, q => Read(context.GetString(InputId(q.Id))));
                if (given.Values.Any(v => v is null))
                {
                    var typed = given.Where(g => g.Value is not null).ToDictionary(g => g.Key, g => g.Value!.Value);
                    return await CardAsync(file, checkIn, questions, typed, "Please rate each one from 0 to 10. Nothing was sent yet.", null, cancellationToken).ConfigureAwait(false);
                }

                var answers = given.ToDictionary(g => g.Key, g => g.Value!.Value);
                var now = time.GetUtcNow();
                foreach (var (objectiveId, value) in answers)
                {
                    var progress = new ObjectiveProgress(objectiveId, value, clock.DateOf(now), ProgressNote, context.User.Caller.UserId, now) { ReadingId = $"checkin-{checkIn.Id}-{objectiveId}" };
                    try
                    {
                        await file.AddProgressAsync(progress, cancellationToken).ConfigureAwait(false);
                    }
                    catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
                    {
                        // Another press stored this reading first: it stands.
                    }
                }

                var rated = checkIn with { RatingAnswers = answers, RatingsAnsweredAt = now };
                try
                {
                    await file.SaveCheckInAsync(rated, stored.ETag, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
                {
                    continue;
                }

                await caseload.RefreshAsync(file.ClientId, cancellationToken).ConfigureAwait(false);
                var next = await ContinueAsync(context, file, rated, cancellationToken).ConfigureAwait(false);
                return await CardAsync(file, rated, questions, answers, null, next, cancellationToken).ConfigureAwait(false);
            }

            return CardActionResult.Say(OutageWords.PressAgain);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.RatingsNotSent);
        }
    }

    /// <summary>After the ratings (or with none to give): the questionnaires, or the check-in closes as answered. Says what happens next.</summary>
    public async Task<string> ContinueAsync(CardActionContext context, CheckInFile file, CheckIn checkIn, CancellationToken cancellationToken)
    {
        if (checkIn.Measures.Count > 0)
        {
            await context.Dialogs.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
            await context.Dialogs.BeginDialogAsync(CheckInDialog.DialogId, new CheckInRun(checkIn.Id, checkIn.ClientId, checkIn.Measures, 0, []), cancellationToken).ConfigureAwait(false);
            return "Thank you. A few more questions follow below.";
        }

        await completion.CloseAsync(file, checkIn.Id, [], cancellationToken).ConfigureAwait(false);
        return CheckInCompletion.Thanks;
    }

    /// <summary>The ratings card: open for answers until they are sent, then what was sent and <paramref name="thanks"/>.</summary>
    public async Task<CardActionResult> CardAsync(CheckInFile file, CheckIn checkIn, IReadOnlyList<(string Id, ClientFacingObjective Objective)> questions, IReadOnlyDictionary<string, int>? given, string? notice, string? thanks, CancellationToken cancellationToken)
    {
        var clinician = CardText.Escape((await staff.FindAsync(file.Enrolment.TenantId, file.Enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician");
        var open = checkIn.RatingAnswers is null;
        return CardActionResult.ShowCard(cards.Render(Template, new
        {
            checkInId = checkIn.Id,
            heading = "Your check-in: how are things going?",
            context = $"{CardText.Escape(file.Enrolment.DisplayName)} · check-in from {clinician}",
            notice = CardText.EscapeOrNull(notice),
            intro = open ? "From 0 (not at all) to 10 (completely), where would you put each of these today? There are no right answers."
                : thanks ?? $"Thank you: your ratings are with {clinician}.",
            questions = questions.Select(q => new
            {
                inputId = InputId(q.Id),
                question = CardText.Escape(q.Objective.Behaviour),
                aim = q.Objective.Target is { } target ? $"Your aim: {target}" : null,
                answer = !open && given?.TryGetValue(q.Id, out var value) == true ? $"You said {value} out of 10" : null,
                given = given?.TryGetValue(q.Id, out var chosen) == true ? chosen.ToString(CultureInfo.InvariantCulture) : string.Empty,
            }).ToList(),
            whoSees = $"Only {clinician} and their clinical supervisor see your answers.",
            open,
        }));
    }

    private static string InputId(string objectiveId) => $"rating-{objectiveId}";

    private static int? Read(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && MeasureRange.Rating.Contains(value) ? value : null;
}
