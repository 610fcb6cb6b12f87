using System.Globalization;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Instruments;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// The clinician's <c>checkin-settings</c> card: what the client is asked (any measure the clinic has; by default the
/// measures the plan's current objectives are measured by), how often, what is scheduled next on the client's clock, and
/// the recent check-ins (answered, missed, declined, not delivered). Saving is ETag-guarded: a card older than the stored
/// choice changes nothing and shows the choice as it is now.
/// </summary>
public sealed class CheckInSettings(ClientFiles files, CheckInSchedules schedules, InstrumentLibrary library, CardRenderer cards, IOptions<CheckInOptions> options)
{
    public const string Template = "checkin-settings";

    public async Task<CardActionResult> ShowAsync(Caller caller, string clientId, string? notice, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Read, "check-ins", cancellationToken).ConfigureAwait(false);
        return opened.Allowed ? await RenderAsync(opened.File, notice, cancellationToken).ConfigureAwait(false) : CardActionResult.Say(AccessDecision.RefusalMessage);
    }

    public async Task<CardActionResult> SaveAsync(Caller caller, string clientId, string? etag, string? measures, string? cadence, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "check-ins", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var file = opened.File;
        var picked = (measures ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chosen = picked.Where(p => !p.StartsWith(RatingPrefix, StringComparison.Ordinal))
            .Select(library.FindDefinition).OfType<InstrumentDefinition>().Select(d => d.Id).Distinct().ToList();
        var rateable = RatedByPlan((await file.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var ratings = picked.Where(p => p.StartsWith(RatingPrefix, StringComparison.Ordinal)).Select(p => p[RatingPrefix.Length..]).Where(rateable.Contains).Distinct().ToList();
        if (chosen.Count == 0 && ratings.Count == 0)
        {
            return await RenderAsync(file, "Choose at least one measure or rating for the client to answer, then save.", cancellationToken).ConfigureAwait(false);
        }

        if (!Enum.TryParse<CheckInCadence>(cadence, ignoreCase: true, out var how))
        {
            return await RenderAsync(file, "Choose how often: weekly, every two weeks, or the day before each session.", cancellationToken).ConfigureAwait(false);
        }

        var stored = await file.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false);
        if ((stored?.ETag ?? string.Empty) != (etag ?? string.Empty))
        {
            return await RenderAsync(file, "These check-ins were changed meanwhile, so I saved nothing. This is how they are now; change them again if you need to.", cancellationToken).ConfigureAwait(false);
        }

        CheckInSchedule saved;
        try
        {
            saved = await schedules.SetAsync(file, chosen, ratings, how, stored?.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Conflict or StorageErrorKind.AlreadyExists)
        {
            return await RenderAsync(file, "These check-ins were changed meanwhile, so I saved nothing. This is how they are now; change them again if you need to.", cancellationToken).ConfigureAwait(false);
        }

        var clock = await schedules.ClientClockAsync(file, cancellationToken).ConfigureAwait(false);
        var linked = file.Enrolment.ClientUserId is null
            ? $" {file.Enrolment.DisplayName} hasn't connected their Teams account yet, so check-ins can't reach them: say **invite** to send an invitation."
            : string.Empty;
        var notice = saved.WaitingForSessionDate
            ? $"Saved. The day before each session needs {file.Enrolment.DisplayName}'s next session date, which I don't know yet, so nothing is scheduled until a session is booked."
            : $"Saved. The first check-in goes to {file.Enrolment.DisplayName} {When(saved.NextDueAt!.Value, clock)}.";
        return await RenderAsync(file, notice + linked, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CardActionResult> StopAsync(Caller caller, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "check-ins", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var stopped = await schedules.StopForClientAsync(opened.File, "you stopped them", cancellationToken).ConfigureAwait(false);
        return await RenderAsync(opened.File, stopped ? "Check-ins stopped. Save again to start them." : "Check-ins were not running.", cancellationToken).ConfigureAwait(false);
    }

    private async Task<CardActionResult> RenderAsync(ClinicianFile file, string? notice, CancellationToken cancellationToken)
    {
        var stored = await file.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false);
        var plan = (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var recent = (await file.ListCheckInsAsync(cancellationToken).ConfigureAwait(false)).Where(c => !c.IsOpen).TakeLast(4).Reverse();
        var clock = await schedules.ClientClockAsync(file, cancellationToken).ConfigureAwait(false);
        var rated = RatedByPlan(plan);
        var chosen = stored is { Value: var schedule }
            ? [.. schedule.Measures, .. schedule.Ratings.Select(id => RatingPrefix + id)]
            : MeasuredByPlan(plan).Concat(rated.Select(o => RatingPrefix + o.Id)).ToList();
        var view = new
        {
            clientId = file.ClientId,
            client = new { displayName = CardText.Escape(file.Enrolment.DisplayName) },
            status = Status(stored?.Value, clock),
            etag = stored?.ETag ?? string.Empty,
            active = stored?.Value.Active == true,
            notice = CardText.EscapeOrNull(notice),
            measures = library.Definitions.Select(d => new { id = d.Id, title = $"{d.Id}: {d.Name}" })
                .Concat(rated.Select(o => new { id = RatingPrefix + o.Id, title = CardText.Escape($"0-10 rating: {o.Behaviour}") })).ToList(),
            chosen = string.Join(",", chosen),
            cadence = (stored?.Value.Cadence ?? CheckInCadence.Weekly).ToString(),
            explain = $"Check-ins arrive at {options.Value.SendAt:hh\\:mm} on the client's own clock, stay open for {Days(options.Value.ExpiresAfter)} with one reminder after {Days(options.Value.RemindAfter)}; one not answered by then counts as missed.",
            recent = recent.Select(c => new { line = $"{clock.ToLocal(c.DueAt).ToString("d MMM", CultureInfo.InvariantCulture)}: {Outcome(c)}" }).ToList(),
        };
        return CardActionResult.ShowCard(cards.Render(Template, view));
    }

    /// <summary>How a rating objective is named among the card's measure choices: <c>rating:{objectiveId}</c>.</summary>
    public const string RatingPrefix = "rating:";

    /// <summary>The plan's current objectives measured by a 0-10 rating: offered (and chosen by default) for the client to rate.</summary>
    private static IReadOnlyList<Objective> RatedByPlan(TreatmentPlan? plan) =>
        plan?.Objectives.Where(o => o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress && o.Measure is { Type: MeasureType.Rating0To10 }).ToList() ?? [];

    /// <summary>By default, the measures the plan's current objectives are measured by.</summary>
    private static IReadOnlyList<string> MeasuredByPlan(TreatmentPlan? plan) =>
        plan?.Objectives.Where(o => o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress && o.Measure is { Type: MeasureType.InstrumentScore, MeasureId: not null })
            .Select(o => o.Measure!.MeasureId!).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];

    private static string Status(CheckInSchedule? schedule, LocalClock clock) => schedule switch
    {
        null => "Not set up yet",
        { Active: false } => $"Stopped{(schedule.StoppedAt is { } at ? $" on {clock.ToLocal(at).ToString("d MMM", CultureInfo.InvariantCulture)}" : string.Empty)}: {schedule.StoppedBecause}",
        { WaitingForSessionDate: true } => $"{Asked(schedule)} the day before each session · waiting for a next session date",
        _ => $"{Cadence(schedule.Cadence)}: {Asked(schedule)} · next {(schedule.NextDueAt is { } next ? When(next, clock) : "not scheduled")}",
    };

    private static string Asked(CheckInSchedule schedule) =>
        string.Join(", ", schedule.Ratings.Count == 0 ? schedule.Measures : [.. schedule.Measures, schedule.Ratings.Count == 1 ? "one 0-10 rating" : $"{schedule.Ratings.Count} 0-10 ratings"]);

    public static string Outcome(CheckIn checkIn) => checkIn.Status switch
    {
        CheckInStatus.Answered => "answered",
        CheckInStatus.Expired => "missed (not answered in time)",
        CheckInStatus.Declined => "declined by the client",
        CheckInStatus.Undelivered => $"not delivered: {checkIn.DeliveryProblem ?? "the client could not be reached"}",
        CheckInStatus.Withdrawn => "withdrawn (check-ins stopped)",
        _ => "open",
    };

    private static string Cadence(CheckInCadence cadence) => cadence switch
    {
        CheckInCadence.Weekly => "Weekly",
        CheckInCadence.Fortnightly => "Every two weeks",
        _ => "The day before each session",
    };

    private static string When(DateTimeOffset at, LocalClock clock) =>
        $"on {clock.ToLocal(at).ToString("dddd d MMMM 'at' HH:mm", CultureInfo.InvariantCulture)} (their time)";

    private static string Days(TimeSpan span) => span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days" : $"{span.TotalHours:0.#} hours";
}
