using Microsoft.Extensions.Options;

namespace BotCore.Scheduling;

/// <summary>The durable scheduler's dispatcher. Bound from the "Scheduler" section and validated at start-up.</summary>
public sealed class ScheduledWorkOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>How often an idle instance looks for due work (two or three storage reads per look).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claimed item is held; if the holder dies, another instance takes the item after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A handler's token is cancelled after this; at most half the lease, leaving room for clock skew and the final write.</summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Due index rows read per look.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Items run at once in this instance.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Runs before an item fails with MaxAttemptsReached (retries, timeouts and dead holders count; 429s do not).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before re-running an item whose handler threw or timed out; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Items started per second per pacing key in this instance. Teams allows roughly 30-50 requests per second per app per
    /// tenant and an item may make two (create the chat, send), so the default stays well below; 429s are the backstop.
    /// </summary>
    public int MaxItemsPerSecondPerPacingKey { get; set; } = 15;

    /// <summary>First pause of a pacing key after a 429 without Retry-After; doubles while 429s keep coming.</summary>
    public TimeSpan ThrottleBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxThrottleBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long finished items are kept, so scheduling the same id again is a no-op rather than a second run.</summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromDays(14);
}

internal sealed class ScheduledWorkOptionsValidator : IValidateOptions<ScheduledWorkOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduledWorkOptions options)
    {
        const string section = ScheduledWorkOptions.SectionName;
        var failures = new List<string>();
        if (options.PollInterval < TimeSpan.FromMilliseconds(50) || options.PollInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{section}:PollInterval must be between 50 ms and 10 minutes.");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:LeaseDuration must be between 1 second and 1 hour.");
        }

        if (options.HandlerTimeout <= TimeSpan.Zero || options.HandlerTimeout > options.LeaseDuration / 2)
        {
            failures.Add($"{section}:HandlerTimeout must be positive and at most half of LeaseDuration.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add($"{section}:BatchSize must be between 1 and 1000.");
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            failures.Add($"{section}:MaxConcurrency must be between 1 and 64.");
        }

        if (options.MaxAttempts is < 1 or > 50)
        {
            failures.Add($"{section}:MaxAttempts must be between 1 and 50.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > options.RetryMaxDelay)
        {
            failures.Add($"{section}:RetryBaseDelay must be positive and no longer than RetryMaxDelay.");
        }

        if (options.MaxItemsPerSecondPerPacingKey is < 1 or > 1000)
        {
            failures.Add($"{section}:MaxItemsPerSecondPerPacingKey must be between 1 and 1000.");
        }

        if (options.ThrottleBackoff <= TimeSpan.Zero || options.ThrottleBackoff > options.MaxThrottleBackoff)
        {
            failures.Add($"{section}:ThrottleBackoff must be positive and no longer than MaxThrottleBackoff.");
        }

        if (options.CompletedRetention < TimeSpan.FromMinutes(1) || options.CompletedRetention > TimeSpan.FromDays(365))
        {
            failures.Add($"{section}:CompletedRetention must be between 1 minute and 365 days.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
