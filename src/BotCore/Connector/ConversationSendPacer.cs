using System.Collections.Concurrent;
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
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, SendHistory> conversations = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private readonly (TimeSpan Window, int Limit)[] limits;
    private long calls;

    public ConversationSendPacer(IOptions<ConnectorOptions> options, TimeProvider time)
    {
        this.time = time;
        limits =
        [
            (TimeSpan.FromSeconds(1), options.Value.SendsPerSecondPerConversation),
            (TimeSpan.FromHours(1), options.Value.SendsPerHourPerConversation),
        ];
    }

    /// <summary>Completes when a send to <paramref name="conversationId"/> is within the limits, and counts it.</summary>
    public async ValueTask WaitForTurnAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        if (Interlocked.Increment(ref calls) % SweepEvery == 0)
        {
            Sweep();
        }

        while (true)
        {
            var history = conversations.GetOrAdd(conversationId, _ => new SendHistory(limits.Length));
            TimeSpan wait;
            lock (history)
            {
                if (history.Retired)
                {
                    continue;
                }

                wait = history.TryTake(time.GetUtcNow(), limits);
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets conversations with no send inside the longest window, so memory follows active conversations only.</summary>
    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (id, history) in conversations)
        {
            lock (history)
            {
                if (history.IsIdle(now, limits))
                {
                    history.Retired = true;
                    conversations.TryRemove(new KeyValuePair<string, SendHistory>(id, history));
                }
            }
        }
    }

    private sealed class SendHistory(int windows)
    {
        private readonly Queue<DateTimeOffset>[] sends = Enumerable.Range(0, windows).Select(_ => new Queue<DateTimeOffset>()).ToArray();

        public bool Retired { get; set; }

        /// <summary>Records a send now and returns zero, or returns how long to wait before asking again.</summary>
        public TimeSpan TryTake(DateTimeOffset now, (TimeSpan Window, int Limit)[] limits)
        {
            var wait = TimeSpan.Zero;
            for (var i = 0; i < limits.Length; i++)
            {
                Forget(i, now, limits[i].Window);
                if (sends[i].Count >= limits[i].Limit)
                {
                    var free = sends[i].Peek() + limits[i].Window - now;
                    wait = free > wait ? free : wait;
                }
            }

            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            foreach (var queue in sends)
            {
                queue.Enqueue(now);
            }

            return TimeSpan.Zero;
        }

        public bool IsIdle(DateTimeOffset now, (TimeSpan Window, int Limit)[] limits)
        {
            for (var i = 0; i < limits.Length; i++)
            {
                Forget(i, now, limits[i].Window);
            }

            return sends.All(q => q.Count == 0);
        }

        private void Forget(int index, DateTimeOffset now, TimeSpan window)
        {
            var queue = sends[index];
            while (queue.Count > 0 && queue.Peek() + window <= now)
            {
                queue.Dequeue();
            }
        }
    }
}
