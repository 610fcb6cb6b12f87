namespace TreatmentPlanBot.Tests.Support;

/// <summary>
/// The test host's clock: the machine's time plus an offset a test moves forward with <see cref="Advance"/> ("a week
/// later"). Not a frozen FakeTimeProvider: the bot paces its sends and polls for outcomes with <c>Task.Delay</c> on its
/// clock, and on a clock that never moves by itself those waits never end (a frozen clock hung fourteen tests).
/// Timers and delays run in real time; only "now" is shifted.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>Moves "now" forward (never back: stored times must not come before earlier ones).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
