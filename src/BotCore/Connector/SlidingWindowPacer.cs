using System.Collections.Concurrent;

namespace BotCore.Connector;

/// <summary>
/// Holds back calls per key so that no key gets more than N calls in any window of each configured length.
/// Sliding windows, because Teams counts windows: a classic token bucket lets a full bucket plus its refill through
/// in one window, twice the limit. Per process. Used per conversation (<see cref="ConversationSendPacer"/>) and per
/// pacing key by the scheduler (app-per-tenant limits).
/// </summary>
internal sealed class SlidingWindowPacer
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, SendHistory> keys = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private readonly (TimeSpan Window, int Limit)[] limits;
    private long calls;

    public SlidingWindowPacer(TimeProvider time, params (TimeSpan Window, int Limit)[] limits)
    {
        ArgumentOutOfRangeException.ThrowIfZero(limits.Length);
        this.time = time;
        this.limits = limits;
    }

    /// <summary>Completes when a call for <paramref name="key"/> is within the limits, and counts it.</summary>
    public async ValueTask WaitForTurnAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (Interlocked.Increment(ref calls) % SweepEvery == 0)
        {
            Sweep();
        }

        while (true)
        {
            var history = keys.GetOrAdd(key, _ => new SendHistory(limits.Length));
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

    /// <summary>Forgets keys with no call inside the longest window, so memory follows active keys only.</summary>
    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, history) in keys)
        {
            lock (history)
            {
                if (history.IsIdle(now, limits))
                {
                    history.Retired = true;
                    keys.TryRemove(new KeyValuePair<string, SendHistory>(key, history));
                }
            }
        }
    }

    private sealed class SendHistory(int windows)
    {
        private readonly Queue<DateTimeOffset>[] sends = Enumerable.Range(0, windows).Select(_ => new Queue<DateTimeOffset>()).ToArray();

        public bool Retired { get; set; }

        /// <summary>Records a call now and returns zero, or returns how long to wait before asking again.</summary>
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
