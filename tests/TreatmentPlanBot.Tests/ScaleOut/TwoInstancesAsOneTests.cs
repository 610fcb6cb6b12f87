using BotCore.Tests.Storage;
using TreatmentPlanBot.Tests.Support;
using TwoInstances;
using Xunit.Abstractions;

namespace TreatmentPlanBot.Tests.ScaleOut;

/// <summary>
/// The short form of tools/two-instances.sh: two instances behind a proxy that sends each conversation's consecutive
/// turns to different instances, clinicians screening new clients side by side while check-ins fall due and are sent by
/// the instances' own schedulers. Every turn is answered from the step it was on, every confirmed client is stored
/// once, every check-in prompt is sent once and every due item is done once.
/// </summary>
[Collection(AppAzuriteCollection.Name)]
public sealed class TwoInstancesAsOneTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Conversations = 6;
    private const int ScreeningsEach = 2;
    private const int CheckIns = 12;

    [Theory]
    [InlineData(TestStorage.Azurite)]
    [InlineData(TestStorage.Sqlite)]
    public async Task Two_instances_behind_a_round_robin_proxy_lose_no_turn_and_duplicate_no_record_send_or_scheduled_item(TestStorage storage)
    {
        await using var instances = await TwoAppInstances.StartAsync(storage, azurite, new Dictionary<string, string?>
        {
            ["Scheduler:PollInterval"] = "00:00:00.500",
        });
        await using var channel = await RecordingChannel.StartAsync(0);
        await using var proxy = await RoundRobinProxy.StartAsync(0, [instances.A.Address, instances.B.Address]);
        var clinic = new RunClinic(instances.A.Services, BotTestApp.Tenant);
        var settings = new RunSettings(Conversations, null, ScreeningsEach, CheckIns, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(40));

        var report = await TwoInstanceRun.RunAsync(settings, clinic, proxy, channel);

        output.WriteLine(report.ToString());
        var turns = Conversations * ScreeningsEach * ScreeningScript.Turns(0, 0).Count;
        Assert.Equal((turns, turns, 0L, 0L), (report.TurnsSent, report.TurnsAnswered, report.TurnsLost, report.DuplicatedReplies));
        Assert.Equal(turns - Conversations, report.TurnsOnAnotherInstance);
        Assert.All(report.RequestsByInstance, n => Assert.True(n >= turns / 2));
        Assert.Equal((Conversations * ScreeningsEach, Conversations * ScreeningsEach, 0, 0), (report.ScreeningsConfirmed, report.ClientRecordsStored, report.ClientRecordsMissing, report.DuplicatedRecords));
        Assert.Equal((CheckIns, 0), (report.ProactiveSends, report.DuplicatedProactiveSends));
        Assert.Equal((CheckIns, 0, 0), (report.ScheduledDoneOnce, report.ScheduledDoneTwice, report.ScheduledNotDone));
        Assert.True(report.AsOne, report.ToString());
    }
}
