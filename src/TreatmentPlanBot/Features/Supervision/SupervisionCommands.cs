using BotCore;
using System.Globalization;
using BotCore.Schema;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Supervision;

/// <summary>"supervision": the weekly progress card, now.</summary>
public sealed class SupervisionCommand(SupervisionCardBuilder cards, SupervisionSchedule schedule) : IBotCommand
{
    public string Name => "supervision";

    public string Usage => "supervision";

    public string Description => "Your supervisees' clients: risk, scores, not on track, reviews due (also sent to you weekly)";

    public StaffRoles Audience => StaffRoles.Supervisor;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller;
        await schedule.EnsureAsync(caller.TenantId, caller.UserId, TimeZones.IdOf(context.Turn.Activity), cancellationToken).ConfigureAwait(false);
        var settings = (await schedule.GetAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false)).Value;
        var card = await cards.RenderAsync(caller, context.Turn.Clock(), 1, schedule.Describe(settings), cancellationToken).ConfigureAwait(false);
        await context.Turn.SendActivityAsync(card.ToActivity("Supervision"), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>"supervision settings Tuesday 07:30": when the weekly card comes, in the supervisor's own time zone.</summary>
public sealed class SupervisionSettingsCommand(SupervisionSchedule schedule) : IBotCommand
{
    public string Name => "supervision settings";

    public string Usage => "supervision settings [day] [HH:mm]";

    public string Description => "Choose the day and hour your weekly progress card comes";

    public StaffRoles Audience => StaffRoles.Supervisor;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller;
        var current = await schedule.GetAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false);
        var zone = TimeZones.IdOf(context.Turn.Activity) ?? current.Value.TimeZoneId;
        if (argument.Length == 0)
        {
            await context.Turn.SendActivityAsync(schedule.Describe(current.Value), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Parse(argument) is not { } chosen)
        {
            await context.Turn.SendActivityAsync(
                "I didn't understand that day and time. Say a weekday and a 24-hour time, e.g. **supervision settings Tuesday 07:30**. Nothing was changed.",
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var changed = await schedule.ChangeAsync(current, current.Value with { Day = chosen.Day, At = chosen.At, TimeZoneId = zone }, cancellationToken).ConfigureAwait(false);
        var next = schedule.Next(changed, context.Turn.Clock().UtcNow);
        await context.Turn.SendActivityAsync(
            $"Done. Your progress card will come every {changed.Day} at {changed.At.ToString("HH:mm", CultureInfo.InvariantCulture)} ({schedule.ClockOf(changed).Zone.Id}); the next on {next.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"Tuesday 07:30", "tue 7:30", "friday 16:00".</summary>
    public static (DayOfWeek Day, TimeOnly At)? Parse(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length != 2 || words[0].Length < 3)
        {
            return null;
        }

        var days = Enum.GetValues<DayOfWeek>().Where(d => d.ToString().StartsWith(words[0], StringComparison.OrdinalIgnoreCase)).ToList();
        return days.Count == 1 && TimeOnly.TryParseExact(words[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? (days[0], at)
            : null;
    }
}
