using BotCore.Connector;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Connector;

public sealed class ConversationSendPacerTests
{
    private readonly FakeTimeProvider clock = new(ConnectorHarness.Start);

    private ConversationSendPacer Pacer(int perSecond = 7, int perHour = 1800) =>
        new(Options.Create(new ConnectorOptions { SendsPerSecondPerConversation = perSecond, SendsPerHourPerConversation = perHour }), clock);

    [Fact]
    public async Task Seven_sends_go_at_once_and_the_eighth_within_the_second_waits_for_the_first_to_leave_the_window()
    {
        var pacer = Pacer();

        var firstSeven = Enumerable.Range(0, 7).Select(_ => pacer.WaitForTurnAsync("a:1", CancellationToken.None)).ToList();
        clock.Advance(TimeSpan.FromMilliseconds(400));
        var eighth = pacer.WaitForTurnAsync("a:1", CancellationToken.None).AsTask();

        Assert.All(firstSeven, turn => Assert.True(turn.IsCompletedSuccessfully));
        clock.Advance(TimeSpan.FromMilliseconds(599));
        await Task.Delay(50);
        Assert.False(eighth.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await eighth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_busy_conversation_does_not_hold_back_another()
    {
        var pacer = Pacer();
        for (var i = 0; i < 7; i++)
        {
            _ = pacer.WaitForTurnAsync("a:busy", CancellationToken.None);
        }

        Assert.True(pacer.WaitForTurnAsync("a:quiet", CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(pacer.WaitForTurnAsync("a:busy", CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task The_hourly_limit_holds_a_send_until_an_hour_after_the_oldest_counted_send()
    {
        var pacer = Pacer(perHour: 3);
        for (var i = 0; i < 3; i++)
        {
            await pacer.WaitForTurnAsync("a:1", CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        var fourth = pacer.WaitForTurnAsync("a:1", CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(50);
        Assert.False(fourth.IsCompleted);

        clock.Advance(TimeSpan.FromMinutes(1));
        await fourth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_waiting_send_can_be_cancelled()
    {
        var pacer = Pacer(perSecond: 1);
        await pacer.WaitForTurnAsync("a:1", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = pacer.WaitForTurnAsync("a:1", cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
