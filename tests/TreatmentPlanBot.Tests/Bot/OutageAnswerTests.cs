using System.Text.RegularExpressions;
using BotCore.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Bot;

/// <summary>
/// A storage outage during a plain command reaches the one answer at the top of the turn (no local catch, no apology
/// with a reference), and the conversation loses nothing: a question asked before the outage is still waiting after it.
/// </summary>
public abstract class OutageAnswerTests
{
    protected abstract Task<BotTestApp> StartAsync(Action<IServiceCollection> services);

    public static TheoryData<string> PlainCommands() => new() { "show plan Robin", "caseload", "review Robin", "assess Robin", "checkins Robin" };

    [Theory]
    [MemberData(nameof(PlainCommands))]
    public async Task A_plain_command_during_an_outage_gets_the_one_answer_and_works_once_the_records_are_back(string command)
    {
        OutageTableStore outage = null!;
        await using var app = await StartAsync(OutageTableStore.Install(s => outage = s));
        var clinician = await SetUpAsync(app);

        outage.Down = [ClientRecords.TableName, CaseloadIndex.TableName];
        var during = await app.SayAsync(clinician, command);
        outage.Down = [];

        Assert.Equal(OutageWords.RecordsUnreachable, ReplyText.All(during));
        var after = ReplyText.All(await app.SayAsync(clinician, command));
        Assert.DoesNotContain(OutageWords.RecordsUnreachable, after);
    }

    [Fact]
    public async Task An_outage_while_a_question_waits_leaves_the_question_waiting()
    {
        OutageTableStore outage = null!;
        await using var app = await StartAsync(OutageTableStore.Install(s => outage = s));
        var clinician = await SetUpAsync(app);
        await EnrolAsync(app, "client-robyn", "clin-1", "Robyn", "Sample");
        var which = ReplyText.All(await app.SayAsync(clinician, "show plan Rob"));
        Assert.Contains("Several of your clients match", which);

        outage.Down = [ClientRecords.TableName, CaseloadIndex.TableName];
        var during = await app.SayAsync(clinician, "1");
        outage.Down = [];

        Assert.Equal(OutageWords.RecordsUnreachable, ReplyText.All(during));
        var card = Assert.Single(await app.SayAsync(clinician, "1"));
        Assert.Contains("Treatment plan: Robin Example", Text(CardOf(card)));
    }

    private static async Task<TestUser> SetUpAsync(BotTestApp app)
    {
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await EnrolAsync(app, "client-robin", "clin-1", "Robin", "Example");
        await SavePlanAsync(app, Plan("client-robin", Today(app), Objective("obj-1", Today(app).AddDays(60))));
        return clinician;
    }
}

public sealed class OutageAnswerOnSqliteTests : OutageAnswerTests
{
    protected override Task<BotTestApp> StartAsync(Action<IServiceCollection> services) => BotTestApp.StartAsync(TestStorage.Sqlite, services: services);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class OutageAnswerOnAzuriteTests(AzuriteFixture azurite) : OutageAnswerTests
{
    protected override Task<BotTestApp> StartAsync(Action<IServiceCollection> services) => BotTestApp.StartAsync(TestStorage.Azurite, azurite, services: services);
}

/// <summary>
/// The outage catches that remain keep a typed draft, answer a card button, or show safety steps, and every one of
/// them says a sentence from <see cref="OutageWords"/>; no other file words an outage itself.
/// </summary>
public sealed partial class OutageWordsTests
{
    // Catches that hand over to something that speaks from OutageWords (the retry dialog, the risk warning) or to the crisis line.
    private static readonly Dictionary<string, string> HandsOver = new(StringComparer.Ordinal)
    {
        ["Features/Assessment/AssessmentDialog.cs"] = "SaveRetryDialog",
        ["Features/Assessment/AssessmentCompletion.cs"] = "UnrecordedWarning",
        ["Features/CheckIns/RemoteRisk.cs"] = "CrisisWords",
        ["Features/Assessment/SaveRetryDialog.cs"] = "TellAsync",
        // Offers the latest score as the baseline when the records answer; without them the clinician types it.
        ["Features/Planning/MeasurablePartDialog.cs"] = "types the baseline",
        // Keep the typed draft for the retry; both sentences are OutageWords.AnswersKept(...).
        ["Features/Screening/ScreeningDialog.cs"] = "RecordsUnavailable",
        ["Features/Planning/GoalWriter.cs"] = "UnavailableMessage",
    };

    [Fact]
    public void Each_local_outage_catch_says_a_sentence_from_OutageWords()
    {
        var offenders = new List<string>();
        foreach (var (file, text) in ProductSources())
        {
            foreach (Match match in OutageCatch().Matches(text))
            {
                var body = Block(text, text.IndexOf('{', match.Index + match.Length));
                var speaks = body.Contains("OutageWords.", StringComparison.Ordinal)
                    || (HandsOver.TryGetValue(file, out var handOver) && body.Contains(handOver, StringComparison.Ordinal));
                if (!speaks)
                {
                    offenders.Add($"{file}:{text[..match.Index].Count(c => c == '\n') + 1}: {body.Trim()}");
                }
            }
        }

        Assert.Empty(offenders);
        Assert.Contains("Features/Assessment/SaveRetryDialog.cs", ProductSources().Where(s => s.Text.Contains("OutageWords.AnswersKept", StringComparison.Ordinal)).Select(s => s.File));
        Assert.Contains("OutageWords.RiskNotRecorded", File.ReadAllText(Repository.PathOf("src", "TreatmentPlanBot", "Features", "Risk", "RiskResponse.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_but_OutageWords_words_an_outage()
    {
        var offenders = ProductSources()
            .Where(s => s.File != "Bot/OutageWords.cs" && OutageSentence().IsMatch(s.Text))
            .Select(s => s.File)
            .ToList();

        Assert.Empty(offenders);
    }

    private static IEnumerable<(string File, string Text)> ProductSources()
    {
        var root = Repository.PathOf("src", "TreatmentPlanBot");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => (File: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
            .Where(f => !f.File.StartsWith("bin/", StringComparison.Ordinal) && !f.File.StartsWith("obj/", StringComparison.Ordinal))
            .Select(f => (f.File, File.ReadAllText(f.Full)));
    }

    private static string Block(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[open..(i + 1)];
            }
        }

        return text[open..];
    }

    [GeneratedRegex(@"catch \(StorageException \w+\) when \([^)]*StorageErrorKind\.Unavailable[^)]*\)")]
    private static partial Regex OutageCatch();

    [GeneratedRegex(@"couldn.t reach the clinic.s records|couldn.t save your answers", RegexOptions.IgnoreCase)]
    private static partial Regex OutageSentence();
}
