using Microsoft.Extensions.Options;

namespace BotCore.Connector;

/// <summary>
/// Holds back sends so that no conversation gets more than Teams allows: about 7 per second and 1,800 per hour.
/// Each limit is a sliding window (at most N sends in any window of that length), because Teams counts windows:
/// a classic token bucket lets a full bucket plus its refill through in one window, twice the limit.
/// Pacing is per process; with several instances the 429 handling in the retry pipeline is the backstop.
/// </summary>
public sealed class ConversationSendPacer
{
    private readonly SlidingWindowPacer pacer;

    public ConversationSendPacer(IOptions<ConnectorOptions> options, TimeProvider time) =>
        pacer = new SlidingWindowPacer(
            time,
            (TimeSpan.FromSeconds(1), options.Value.SendsPerSecondPerConversation),
            (TimeSpan.FromHours(1), options.Value.SendsPerHourPerConversation));

    /// <summary>Completes when a send to <paramref name="conversationId"/> is within the limits, and counts it.</summary>
    public ValueTask WaitForTurnAsync(string conversationId, CancellationToken cancellationToken) =>
        pacer.WaitForTurnAsync(conversationId, cancellationToken);
}
