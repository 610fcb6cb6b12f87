namespace BotCore.Time;

public static class TurnClockExtensions
{
    /// <summary>
    /// The clock of the person in this turn (put in the turn state by the turn runner). Without one: the turn's
    /// <see cref="TimeProvider"/> and the sender's zone, else UTC.
    /// </summary>
    public static LocalClock Clock(this ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (turnContext.TurnState.Get<LocalClock>() is { } clock)
        {
            return clock;
        }

        var time = turnContext.TurnState.Get<TimeProvider>() ?? TimeProvider.System;
        return new LocalClock(time, TimeZones.Of(turnContext.Activity) ?? TimeZoneInfo.Utc);
    }
}
