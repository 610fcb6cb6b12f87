using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Hosting;

/// <summary>The test host runs the bot on a clock the test moves, not on the machine's.</summary>
public sealed class TestClockTests
{
    private static readonly TestUser Newcomer = new("user-newcomer", "Robin Example");

    [Fact]
    public async Task The_bot_reads_the_hosts_clock_and_a_test_can_move_it_days_ahead()
    {
        await using var app = await BotTestApp.StartAsync();
        Assert.Same(app.Time, app.Get<TimeProvider>());
        await app.SayAsync(Newcomer, "hello");
        app.Time.Advance(TimeSpan.FromDays(3));
        await app.SayAsync(Newcomer, "hello again");

        // Seen again "three days later" by the bot's clock: a new day, so the request was written again.
        var waiting = await app.Get<AccessRequests>().FindAsync(BotTestApp.Tenant, Newcomer.UserId, default);
        Assert.NotNull(waiting);
        Assert.True(waiting.LastSeen - waiting.FirstSeen >= TimeSpan.FromDays(3), $"First {waiting.FirstSeen:O}, last {waiting.LastSeen:O}.");
        Assert.Equal(TimeSpan.FromDays(3), app.Time.Offset);
    }
}
