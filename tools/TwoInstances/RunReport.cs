using System.Text;

namespace TwoInstances;

/// <summary>What a run counted. <see cref="AsOne"/> is true when the instances behaved as one.</summary>
public sealed record RunReport(
    int Conversations,
    double Seconds,
    IReadOnlyList<long> RequestsByInstance,
    long TurnsOnAnotherInstance,
    long TurnsSent,
    long TurnsAnswered,
    long TurnsLost,
    long DuplicatedReplies,
    int ScreeningsConfirmed,
    int ClientRecordsStored,
    int ClientRecordsMissing,
    int DuplicatedRecords,
    int ProactiveSendsExpected,
    int ProactiveSends,
    int DuplicatedProactiveSends,
    int ScheduledDue,
    int ScheduledDoneOnce,
    int ScheduledDoneTwice,
    int ScheduledNotDone,
    IReadOnlyList<string> Problems)
{
    public bool AsOne =>
        TurnsLost == 0 && DuplicatedReplies == 0 && ClientRecordsMissing == 0 && DuplicatedRecords == 0
        && ProactiveSends == ProactiveSendsExpected && DuplicatedProactiveSends == 0
        && ScheduledDoneOnce == ScheduledDue && ScheduledDoneTwice == 0 && ScheduledNotDone == 0;

    public override string ToString()
    {
        var text = new StringBuilder()
            .AppendLine($"{Conversations} conversations, {Seconds:F0} s; requests per instance: {string.Join(" / ", RequestsByInstance)}; turns on another instance than the turn before: {TurnsOnAnotherInstance}")
            .AppendLine($"turns: sent {TurnsSent}, answered {TurnsAnswered}, lost {TurnsLost}, answered twice {DuplicatedReplies}")
            .AppendLine($"screenings: confirmed saved {ScreeningsConfirmed}, client records stored {ClientRecordsStored}, missing {ClientRecordsMissing}, duplicated {DuplicatedRecords}")
            .AppendLine($"proactive sends (check-in prompts): {ProactiveSends} of {ProactiveSendsExpected} expected, duplicated {DuplicatedProactiveSends}")
            .AppendLine($"scheduled items (check-in sends): due {ScheduledDue}, done once {ScheduledDoneOnce}, done twice {ScheduledDoneTwice}, not done {ScheduledNotDone}")
            .AppendLine(AsOne ? "RESULT: the instances behaved as one" : "RESULT: NOT as one");
        foreach (var problem in Problems)
        {
            text.AppendLine("  " + problem);
        }

        return text.ToString();
    }
}
