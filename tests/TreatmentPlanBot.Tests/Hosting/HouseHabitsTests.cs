using System.Text.RegularExpressions;
using BotCore;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Hosting;

/// <summary>
/// One way to do each small thing (STYLE.md): plain text goes out through <c>SendActivityAsync(string)</c>, a whole
/// table query is read through <c>QueryAllAsync</c>, and the test helpers do not ship with the bot.
/// </summary>
public sealed partial class HouseHabitsTests
{
    [Fact]
    public void No_source_file_defines_its_own_SayAsync()
    {
        Assert.Empty(Offenders(PrivateSayAsync(), Sources()));
    }

    [Fact]
    public void Plain_text_is_sent_with_the_string_overload_not_a_spelled_out_message()
    {
        var sources = Sources().Where(f => !f.EndsWith("TurnContextExtensions.cs", StringComparison.Ordinal));
        Assert.Empty(Offenders(SpelledOutSend(), sources, wholeFile: true));
    }

    [Fact]
    public void Product_code_never_pages_a_table_query_by_hand()
    {
        // The adapters (and the telemetry decorator around them) implement the page; everything else reads whole
        // queries through QueryAllAsync.
        var storage = Path.Combine("src", "BotCore", "Storage") + Path.DirectorySeparatorChar;
        var decorator = Path.Combine("src", "BotCore", "Telemetry", "InstrumentedTableStore.cs");
        var sources = Sources().Select(f => (full: f, relative: Path.GetRelativePath(Repository.Root, f)))
            .Where(f => !f.relative.StartsWith(storage, StringComparison.Ordinal) && f.relative != decorator)
            .Select(f => f.full);
        Assert.Empty(Offenders(HandPaging(), sources));
    }

    [Fact]
    public void The_shipped_assemblies_hold_no_test_helpers()
    {
        var botCore = typeof(ITurnContext).Assembly;
        Assert.Null(botCore.GetType("BotCore.Adapters.TestAdapter"));
        Assert.Null(botCore.GetType("BotCore.Testing.DialogTestClient"));
        Assert.DoesNotContain(botCore.GetTypes(), t => t.Namespace is "BotCore.Testing" or "BotCore.Adapters");

        var shipped = new[] { botCore, typeof(TreatmentPlanBot.Bot.BotReplies).Assembly };
        Assert.DoesNotContain(shipped.SelectMany(a => a.GetReferencedAssemblies()), a => a.Name == "BotCore.Testing");
    }

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static List<string> Offenders(Regex pattern, IEnumerable<string> files, bool wholeFile = false) =>
        [.. files.SelectMany(file => wholeFile
            ? pattern.Matches(File.ReadAllText(file)).Select(m => $"{Path.GetRelativePath(Repository.Root, file)}: {m.Value}")
            : File.ReadLines(file).Select((line, i) => (line, number: i + 1)).Where(x => pattern.IsMatch(x.line))
                .Select(x => $"{Path.GetRelativePath(Repository.Root, file)}:{x.number}: {x.line.Trim()}"))];

    [GeneratedRegex(@"\bTask(<[^>]+>)?\s+SayAsync\s*\(")]
    private static partial Regex PrivateSayAsync();

    [GeneratedRegex(@"SendActivityAsync\(\s*(BotCore\.Schema\.)?ActivityExtensions\.CreateMessage\(")]
    private static partial Regex SpelledOutSend();

    [GeneratedRegex(@"\bContinuationToken\b|\.QueryAsync\(")]
    private static partial Regex HandPaging();
}
