using System.Diagnostics;
using ActivityTypes = BotCore.Schema.ActivityTypes;

namespace BotCore.Telemetry;

/// <summary>
/// The span and the metrics of one turn (<c>turn {activity type}</c>). Attributes: the activity type, the invoke's
/// name, the channel, the conversation type (personal, groupChat, channel), whether the bot started the turn, and on
/// failure the exception type and the correlation id the user was given. No ids of people or conversations, no text.
/// </summary>
internal sealed class TurnTelemetry : IDisposable
{
    private readonly System.Diagnostics.Activity? _span;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TagList _tags;
    private bool _failed;

    private TurnTelemetry(Schema.Activity activity, bool isProactive)
    {
        var type = activity.Type ?? "unknown";
        _span = BotTelemetry.Source.StartActivity($"turn {type}", isProactive ? ActivityKind.Internal : ActivityKind.Server);
        if (_span is { IsAllDataRequested: true })
        {
            _span.SetTag("botcore.activity.type", type);
            if (type == ActivityTypes.Invoke)
            {
                _span.SetTag("botcore.activity.name", activity.Name);
            }

            _span.SetTag("botcore.channel", activity.ChannelId);
            _span.SetTag("botcore.conversation.type", activity.Conversation?.ConversationType);
            _span.SetTag("botcore.turn.proactive", isProactive);
        }

        _tags = new TagList { { "botcore.activity.type", type }, { "botcore.turn.proactive", isProactive } };
    }

    public static TurnTelemetry Start(Schema.Activity activity, bool isProactive) => new(activity, isProactive);

    public void Failed(Exception exception, string correlationId)
    {
        _failed = true;
        BotTelemetry.RecordFailure(_span, exception);
        _span?.SetTag("botcore.correlation_id", correlationId);
    }

    public void Dispose()
    {
        var tags = _tags;
        tags.Add("botcore.outcome", _failed ? BotTelemetry.Outcomes.Error : BotTelemetry.Outcomes.Ok);
        BotTelemetry.Turns.Add(1, tags);
        BotTelemetry.TurnDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
        if (_failed)
        {
            BotTelemetry.TurnFailures.Add(1, _tags);
        }

        _span?.Dispose();
    }
}
