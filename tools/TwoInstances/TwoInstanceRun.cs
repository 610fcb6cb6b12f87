using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using Activity = BotCore.Schema.Activity;
using BotCore.Scheduling;

namespace TwoInstances;

/// <summary>How long and how wide a run is.</summary>
/// <param name="Conversations">Concurrent clinician conversations (one clinician each).</param>
/// <param name="Duration">Keep starting screenings until this has passed (the long run); a screening under way is finished.</param>
/// <param name="ScreeningsPerConversation">Or: this many screenings per conversation (the test's short run).</param>
/// <param name="CheckIns">Check-ins (one client each) falling due while the conversations run.</param>
/// <param name="CheckInsDueFrom">The first check-in is due this long after the start; the others are spread evenly up to <paramref name="CheckInsDueUntil"/>.</param>
/// <param name="SettleTimeout">After the conversations, how long to wait for every due check-in to be done before counting it not done.</param>
public sealed record RunSettings(
    int Conversations,
    TimeSpan? Duration,
    int? ScreeningsPerConversation,
    int CheckIns,
    TimeSpan CheckInsDueFrom,
    TimeSpan CheckInsDueUntil,
    TimeSpan SettleTimeout);

/// <summary>
/// One run over the instances behind <see cref="RoundRobinProxy"/>: seeds the clinic, drives every conversation turn by
/// turn (the next turn sent when the previous one's HTTP call returns, as a person typing), checks each reply, waits
/// for the due check-ins, then counts what was stored and sent.
/// </summary>
public static class TwoInstanceRun
{
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(10);

    public static async Task<RunReport> RunAsync(RunSettings settings, RunClinic clinic, RoundRobinProxy proxy, RecordingChannel channel, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (settings.Duration is null == settings.ScreeningsPerConversation is null)
        {
            throw new ArgumentException("Give either a duration or a number of screenings per conversation.", nameof(settings));
        }

        var clock = Stopwatch.StartNew();
        await clinic.AddCliniciansAsync(settings.Conversations, cancellationToken);
        progress?.Invoke($"seeded {settings.Conversations} clinicians in {clock.Elapsed.TotalSeconds:F1} s");

        // The check-in clients are filed while the conversations run, so every check-in falls due during the run.
        var start = TimeProvider.System.GetUtcNow();
        var spread = settings.CheckIns <= 1 ? TimeSpan.Zero : (settings.CheckInsDueUntil - settings.CheckInsDueFrom) / (settings.CheckIns - 1);
        var checkIns = clinic.AddCheckInClientsAsync(settings.CheckIns, settings.Conversations, channel.ServiceUrl, i => start + settings.CheckInsDueFrom + (spread * i), cancellationToken);

        var tally = new Tally();
        using var http = new HttpClient { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(100) };
        var stopAt = settings.Duration is { } duration ? Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var conversations = Enumerable.Range(0, settings.Conversations)
            .Select(c => Task.Run(() => ConverseAsync(c, settings, stopAt, clinic.TenantId, http, channel, tally, cancellationToken), cancellationToken));
        using (var reporter = progress is null ? null : new Timer(_ => progress($"{clock.Elapsed:mm\\:ss} turns {tally.TurnsSent}, lost {tally.TurnsLost}, screenings saved {tally.Saved.Count}"), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)))
        {
            await Task.WhenAll(conversations);
        }

        await checkIns;
        progress?.Invoke($"conversations done after {clock.Elapsed.TotalSeconds:F0} s; waiting for the due check-ins");
        var scheduled = await SettleCheckInsAsync(settings, clinic, channel, cancellationToken);
        var records = await CountRecordsAsync(settings, clinic, tally, cancellationToken);
        return new RunReport(
            settings.Conversations,
            Math.Round(clock.Elapsed.TotalSeconds),
            proxy.RequestsByInstance,
            proxy.InstanceSwitches,
            tally.TurnsSent,
            tally.TurnsSent - tally.TurnsLost,
            tally.TurnsLost,
            tally.DuplicatedReplies,
            tally.Saved.Count,
            records.Stored,
            records.Missing,
            records.Duplicated,
            settings.CheckIns,
            scheduled.Sends,
            scheduled.DuplicatedSends,
            settings.CheckIns,
            scheduled.DoneOnce,
            scheduled.DoneTwice,
            scheduled.NotDone,
            [.. tally.Problems.Concat(records.Problems).Concat(scheduled.Problems).Take(20)]);
    }

    private static async Task ConverseAsync(int conversation, RunSettings settings, long stopAt, string tenantId, HttpClient http, RecordingChannel channel, Tally tally, CancellationToken cancellationToken)
    {
        var userId = RunClinic.ClinicianId(conversation);
        var conversationId = $"a:personal-{userId}";
        var turn = 0;
        for (var pass = 0; settings.ScreeningsPerConversation is { } passes ? pass < passes : Stopwatch.GetTimestamp() < stopAt; pass++)
        {
            foreach (var (say, expect) in ScreeningScript.Turns(conversation, pass))
            {
                var before = channel.CountSentTo(conversationId);
                var activity = Message(tenantId, userId, conversationId, channel.ServiceUrl, $"turn-{conversation}-{turn++}", say);
                Interlocked.Increment(ref tally.TurnsSent);
                var status = await PostAsync(http, activity, cancellationToken);
                var replies = status is >= 200 and < 300 ? await RepliesAsync(channel, conversationId, before, expect, cancellationToken) : [];
                var texts = replies.Select(PromptCards.ReadableText).ToList();
                if (!texts.Any(t => t.Contains(expect, StringComparison.Ordinal)))
                {
                    Interlocked.Increment(ref tally.TurnsLost);
                    tally.Problems.Enqueue($"conversation {conversation} pass {pass}: '{say}' got HTTP {status} and [{string.Join(" | ", texts.Select(t => t.Length > 80 ? t[..80] : t))}], expected '{expect}'");

                    // The conversation is off its script: cancel, so the next pass starts clean.
                    await PostAsync(http, Message(tenantId, userId, conversationId, channel.ServiceUrl, $"turn-{conversation}-{turn++}", "cancel"), cancellationToken);
                    break;
                }

                if (texts.Count != texts.Distinct(StringComparer.Ordinal).Count())
                {
                    Interlocked.Increment(ref tally.DuplicatedReplies);
                    tally.Problems.Enqueue($"conversation {conversation} pass {pass}: '{say}' was answered twice");
                }

                if (expect.EndsWith(ScreeningScript.SavedWords, StringComparison.Ordinal))
                {
                    tally.Saved.Enqueue((conversation, ScreeningScript.DisplayName(conversation, pass)));
                }
            }
        }
    }

    private static async Task<int> PostAsync(HttpClient http, Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("api/messages", activity, BotJson.Options, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    // Replies are sent before the turn's HTTP call returns; the wait only covers a reply still in flight on a busy machine.
    private static async Task<IReadOnlyList<Activity>> RepliesAsync(RecordingChannel channel, string conversationId, int before, string expect, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var replies = channel.SentTo(conversationId).Skip(before).ToList();
            if (waited.Elapsed > ReplyWait || replies.Any(r => PromptCards.ReadableText(r).Contains(expect, StringComparison.Ordinal)))
            {
                return replies;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<ScheduledCounts> SettleCheckInsAsync(RunSettings settings, RunClinic clinic, RecordingChannel channel, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var statuses = new ScheduledWorkStatus?[settings.CheckIns];
        while (true)
        {
            for (var i = 0; i < settings.CheckIns; i++)
            {
                if (statuses[i] is not { State: ScheduledWorkState.Done })
                {
                    statuses[i] = await clinic.WorkAsync(RunClinic.CheckInWorkId(i), cancellationToken);
                }
            }

            var settled = statuses.All(s => s is { State: not ScheduledWorkState.Pending })
                && Enumerable.Range(0, settings.CheckIns).All(i => channel.CountSentTo(RunClinic.CheckInConversationId(i)) > 0);
            if (settled || waited.Elapsed > settings.SettleTimeout)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var counts = new ScheduledCounts();
        for (var i = 0; i < settings.CheckIns; i++)
        {
            var sends = channel.CountSentTo(RunClinic.CheckInConversationId(i));
            counts.Sends += sends;
            counts.DuplicatedSends += Math.Max(0, sends - 1);
            if (sends > 1)
            {
                counts.DoneTwice++;
                counts.Problems.Add($"check-in {i}: {sends} prompts sent");
            }
            else if (sends == 1 && statuses[i] is { State: ScheduledWorkState.Done })
            {
                counts.DoneOnce++;
            }
            else
            {
                counts.NotDone++;
                counts.Problems.Add($"check-in {i}: {(statuses[i]?.State.ToString() ?? "missing")}, {sends} prompts sent");
            }
        }

        return counts;
    }

    private static async Task<RecordCounts> CountRecordsAsync(RunSettings settings, RunClinic clinic, Tally tally, CancellationToken cancellationToken)
    {
        var counts = new RecordCounts();
        var saved = tally.Saved.GroupBy(s => s.Conversation).ToDictionary(g => g.Key, g => g.Select(s => s.DisplayName).ToHashSet(StringComparer.Ordinal));
        for (var c = 0; c < settings.Conversations; c++)
        {
            var stored = await clinic.ScreenedClientsAsync(c, cancellationToken);
            var expected = saved.GetValueOrDefault(c) ?? [];
            counts.Stored += stored.Count;
            foreach (var group in stored.GroupBy(s => s.DisplayName, StringComparer.Ordinal))
            {
                var extra = group.Count() - 1 + group.Sum(s => Math.Max(0, s.Screenings - 1));
                if (extra > 0)
                {
                    counts.Duplicated += extra;
                    counts.Problems.Add($"conversation {c}: {group.Key} stored {group.Count()} times with {group.Sum(s => s.Screenings)} screenings");
                }
            }

            var missing = expected.Except(stored.Select(s => s.DisplayName), StringComparer.Ordinal).ToList();
            counts.Missing += missing.Count;
            counts.Problems.AddRange(missing.Select(m => $"conversation {c}: {m} was confirmed saved but is not on the caseload"));
        }

        return counts;
    }

    private static Activity Message(string tenantId, string userId, string conversationId, string serviceUrl, string id, string text) => new()
    {
        Type = ActivityTypes.Message,
        Id = id,
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        From = new ChannelAccount { Id = $"29:{userId}", AadObjectId = userId, Name = userId },
        Recipient = new ChannelAccount { Id = "28:bot", Name = "TreatmentPlanBot" },
        Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = tenantId },
        ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = tenantId } }),
        Locale = "en-US",
        Text = text,
    };

    private sealed class Tally
    {
        public long TurnsSent;
        public long TurnsLost;
        public long DuplicatedReplies;

        public ConcurrentQueue<(int Conversation, string DisplayName)> Saved { get; } = new();

        public ConcurrentQueue<string> Problems { get; } = new();
    }

    private sealed class ScheduledCounts
    {
        public int Sends;
        public int DuplicatedSends;
        public int DoneOnce;
        public int DoneTwice;
        public int NotDone;

        public List<string> Problems { get; } = [];
    }

    private sealed class RecordCounts
    {
        public int Stored;
        public int Missing;
        public int Duplicated;

        public List<string> Problems { get; } = [];
    }
}
