using System.Text.Json;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Tests.Dialogs;
using BotCore.Time;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Time;

public sealed class LocalClockTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZones.Find("America/Los_Angeles")!;

    /// <summary>Sunday 29 November 2026, 17:00 in California: already Monday 01:00 in UTC.</summary>
    private static readonly DateTimeOffset CaliforniaEvening = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Today_is_the_persons_date_not_the_servers_utc_date()
    {
        var clock = new LocalClock(new FakeTimeProvider(CaliforniaEvening), LosAngeles);

        Assert.Equal(new DateOnly(2026, 11, 29), clock.Today);
        Assert.Equal(TimeSpan.FromHours(-8), clock.Now.Offset);
        Assert.Equal(17, clock.Now.Hour);
    }

    [Fact]
    public void The_turn_clock_reads_the_zone_teams_sends_on_the_activity()
    {
        var clocks = Clocks("Europe/London");
        var activity = new Activity { Type = ActivityTypes.Message, LocalTimezone = "America/Los_Angeles" };

        Assert.Equal(new DateOnly(2026, 11, 29), clocks.For(activity).Today);
    }

    [Fact]
    public void The_turn_clock_reads_the_zone_in_the_client_info_entity()
    {
        var clocks = Clocks("UTC");
        var clientInfo = new Entity
        {
            Type = "clientInfo",
            Properties = new() { ["timezone"] = JsonSerializer.SerializeToElement("America/Los_Angeles"), ["locale"] = JsonSerializer.SerializeToElement("en-US") },
        };
        var activity = new Activity { Type = ActivityTypes.Message, Entities = [clientInfo] };

        Assert.Equal("America/Los_Angeles", TimeZones.IdOf(activity));
        Assert.Equal(new DateOnly(2026, 11, 29), clocks.For(activity).Today);
    }

    [Fact]
    public void Without_a_named_zone_the_local_timestamp_offset_decides_the_date()
    {
        var clocks = Clocks("UTC");
        var activity = new Activity { Type = ActivityTypes.Message, LocalTimestamp = CaliforniaEvening.ToOffset(TimeSpan.FromHours(-8)) };

        Assert.Equal(new DateOnly(2026, 11, 29), clocks.For(activity).Today);
        Assert.Null(TimeZones.IdOf(activity));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    public void An_unknown_or_missing_zone_falls_back_to_the_clinic_zone(string? zone)
    {
        var clocks = Clocks("America/Los_Angeles");
        var activity = new Activity { Type = ActivityTypes.Message, LocalTimezone = zone };

        Assert.Same(clocks.Fallback, clocks.For(activity));
        Assert.Same(clocks.Fallback, clocks.For(zone));
        Assert.Equal(new DateOnly(2026, 11, 29), clocks.Fallback.Today);
    }

    [Fact]
    public void A_stored_zone_gives_proactive_work_the_persons_own_clock()
    {
        var clocks = Clocks("UTC");

        Assert.Equal(new DateOnly(2026, 11, 29), clocks.For("America/Los_Angeles").Today);
        Assert.Equal(new DateOnly(2026, 11, 30), clocks.For("Pacific/Auckland").Today);
    }

    [Fact]
    public void A_weekly_time_keeps_its_wall_clock_hour_across_the_spring_forward_change()
    {
        var clock = new LocalClock(new FakeTimeProvider(CaliforniaEvening), LosAngeles);

        var before = clock.At(new DateOnly(2027, 3, 7), new TimeOnly(9, 0));
        var after = clock.At(new DateOnly(2027, 3, 14), new TimeOnly(9, 0));

        Assert.Equal(new DateTimeOffset(2027, 3, 7, 17, 0, 0, TimeSpan.Zero), before.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2027, 3, 14, 16, 0, 0, TimeSpan.Zero), after.ToUniversalTime());
        Assert.Equal(TimeSpan.FromDays(7) - TimeSpan.FromHours(1), after - before);
    }

    [Fact]
    public void A_time_the_spring_forward_change_skips_is_read_an_hour_later()
    {
        var clock = new LocalClock(TimeProvider.System, LosAngeles);

        var skipped = clock.At(new DateOnly(2027, 3, 14), new TimeOnly(2, 30));

        Assert.Equal(new DateTimeOffset(2027, 3, 14, 10, 30, 0, TimeSpan.Zero), skipped.ToUniversalTime());
        Assert.Equal(new TimeOnly(3, 30), TimeOnly.FromDateTime(clock.ToLocal(skipped).DateTime));
    }

    [Fact]
    public void A_time_the_fall_back_change_repeats_is_the_first_of_the_two()
    {
        var clock = new LocalClock(TimeProvider.System, LosAngeles);

        var repeated = clock.At(new DateOnly(2026, 11, 1), new TimeOnly(1, 30));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 30, 0, TimeSpan.Zero), repeated.ToUniversalTime());
    }

    [Fact]
    public void Today_turns_over_at_local_midnight_on_the_night_the_clocks_go_back()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 6, 59, 0, TimeSpan.Zero));
        var clock = new LocalClock(time, LosAngeles);

        Assert.Equal(new DateOnly(2026, 10, 31), clock.Today);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DateOnly(2026, 11, 1), clock.Today);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 7, 0, 0, TimeSpan.Zero), clock.StartOf(new DateOnly(2026, 11, 1)).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero), clock.StartOf(new DateOnly(2026, 11, 2)).ToUniversalTime());
    }

    [Fact]
    public async Task A_date_prompt_reads_today_in_the_zone_teams_named()
    {
        var time = new FakeTimeProvider(CaliforniaEvening);
        var client = PromptHarness.Client(new DatePrompt("d"), PromptOptions.Text("When?"), clock: time);
        await client.SayAsync("hi");

        // No local timestamp: only the named zone says it is still Sunday in California.
        await client.SendActivityAsync(client.Adapter.MakeMessage("today") with { LocalTimestamp = null, LocalTimezone = "America/Los_Angeles" });

        Assert.Equal(new DateOnly(2026, 11, 29), client.DialogTurnResult!.Result);
    }

    [Fact]
    public void An_unknown_fallback_zone_is_refused_at_start_up_with_the_setting_named()
    {
        var result = new ClockOptionsValidator().Validate(null, new ClockOptions { FallbackTimeZone = "Atlantis/Central" });

        Assert.True(result.Failed);
        Assert.Contains("Clock:FallbackTimeZone", result.FailureMessage, StringComparison.Ordinal);
    }

    private static Clocks Clocks(string fallback) =>
        new(new FakeTimeProvider(CaliforniaEvening), Options.Create(new ClockOptions { FallbackTimeZone = fallback }));
}
