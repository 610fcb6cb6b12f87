using Microsoft.Extensions.Options;

namespace BotCore.Time;

/// <summary>Section <c>Clock</c>: the zone used when a person's own is not known.</summary>
public sealed class ClockOptions
{
    public const string SectionName = "Clock";

    /// <summary>
    /// IANA id (e.g. America/Los_Angeles) of the zone for work nobody's message started (scheduled sends) when the
    /// person's own zone is not known yet, and for channels that send none.
    /// </summary>
    public string FallbackTimeZone { get; set; } = "UTC";
}

internal sealed class ClockOptionsValidator : IValidateOptions<ClockOptions>
{
    public ValidateOptionsResult Validate(string? name, ClockOptions options) =>
        TimeZones.Find(options.FallbackTimeZone) is null
            ? ValidateOptionsResult.Fail($"{ClockOptions.SectionName}:FallbackTimeZone '{options.FallbackTimeZone}' is not a time zone known on this machine (use an IANA id such as America/New_York).")
            : ValidateOptionsResult.Success;
}
