using BotCore;
using System.Globalization;
using System.Text.RegularExpressions;
using BotCore.Scheduling;
using BotCore.Schema;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

/// <summary>
/// "run due work [N days|hours]", Development only, for admins: runs now every scheduled item due within the horizon
/// (default 31 days, as POST /api/dev/scheduler/run-now), so a local demo need not wait a week for a reminder or an
/// expiry. Registered only in Development, and refuses anywhere else should it ever be registered.
/// </summary>
public sealed partial class RunDueWorkCommand(ScheduledWorkDispatcher dispatcher, IHostEnvironment environment, TimeProvider time) : IBotCommand
{
    public string Name => "run due work";

    public string Usage => "run due work [N days]";

    public string Description => "Development only: run scheduled work (reminders, expiries, retries) now instead of waiting";

    public StaffRoles Audience => StaffRoles.Admin;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            await context.Turn.SendActivityAsync(BotReplies.NotUnderstood, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Horizon(argument) is not { } horizon)
        {
            await context.Turn.SendActivityAsync(
                "Say **run due work** for everything due in the next 31 days, or for example **run due work 4 days** or **run due work 2 hours**.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var cutoff = time.GetUtcNow() + horizon;
        var run = await dispatcher.RunDueNowAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var within = horizon.TotalDays >= 1 ? $"{horizon.TotalDays:0.#} days" : $"{horizon.TotalHours:0.#} hours";
        await context.Turn.SendActivityAsync(run.Found == 0
            ? $"Nothing is due within {within}."
            : $"Ran the work due within {within}: {run.Found} found, {run.Done} done, {run.Retried} to try again, {run.Throttled} throttled, {run.Failed} failed, {run.Skipped} already running.", cancellationToken).ConfigureAwait(false);
    }

    internal static TimeSpan? Horizon(string argument)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            return SchedulingEndpointRouteBuilderExtensions.DefaultRunNowHorizon;
        }

        var match = HorizonPattern().Match(argument.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 0 or > 366)
        {
            return null;
        }

        return match.Groups[2].Value.StartsWith('h') ? TimeSpan.FromHours(count) : TimeSpan.FromDays(count);
    }

    [GeneratedRegex(@"^(\d{1,3})\s*(days?|d|hours?|h)$", RegexOptions.IgnoreCase)]
    private static partial Regex HorizonPattern();
}
