using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BotCore.Tests.Cards;

/// <summary>
/// One template/data pair to run through the official engine; or, with <paramref name="Validate"/>, a finished card
/// (built in code, not a template) that only the official parser reads.
/// </summary>
public sealed record OracleCase(string Id, JsonNode Template, JsonNode? Data, JsonNode? Host = null, bool Validate = false);

/// <summary>What the official libraries made of a case: the expansion (or the engine's error) and the parser's validation events.</summary>
public sealed record OracleOutcome(JsonNode? Expanded, string? Error, IReadOnlyList<string> Validation);

/// <summary>
/// Runs every card case of the test run through the official adaptivecards-templating and adaptivecards
/// packages in one Node process (tests/BotCore.Tests/Cards/oracle/oracle.cjs), so the suite stays fast.
/// </summary>
public sealed class CardOracle
{
    private readonly Dictionary<string, OracleOutcome> _outcomes;

    public CardOracle()
    {
        var root = RepositoryRoot.Find();
        foreach (var package in new[] { "adaptivecards-templating", "adaptivecards" })
        {
            if (!Directory.Exists(Path.Combine(root, "node_modules", package)))
            {
                throw new InvalidOperationException(
                    $"The card oracle needs the npm package \"{package}\". Run `npm ci --no-audit --no-fund` in {root} and run the tests again.");
            }
        }

        var cases = BinderCases.All.Select(c => c.ToOracleCase())
            .Concat(CardSample.All().Select(s => s.ToOracleCase()))
            .Concat(PromptCardCases.OracleCases())
            .ToList();
        _outcomes = Run(root, cases);
    }

    public OracleOutcome this[string id] => _outcomes[id];

    private static Dictionary<string, OracleOutcome> Run(string root, List<OracleCase> cases)
    {
        var input = new JsonArray();
        foreach (var c in cases)
        {
            var item = c.Validate
                ? new JsonObject { ["card"] = c.Template.DeepClone() }
                : new JsonObject { ["template"] = c.Template.DeepClone(), ["data"] = c.Data?.DeepClone() };
            if (c.Host is not null)
            {
                item["host"] = c.Host.DeepClone();
            }

            input.Add(item);
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "tests", "BotCore.Tests", "Cards", "oracle", "oracle.cjs"));
        start.ArgumentList.Add(root);
        start.Environment["TZ"] = "UTC";

        Process node;
        try
        {
            node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("The card oracle needs Node.js (`node` on the PATH) and `npm ci` in the repository root.", ex);
        }

        using var _ = node;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(input.ToJsonString());
        node.StandardInput.Close();
        if (!node.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            node.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The card oracle did not finish within a minute.");
        }

        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"The card oracle failed (exit {node.ExitCode}): {stderr.Result}");
        }

        var results = JsonNode.Parse(stdout.Result)!.AsArray();
        var outcomes = new Dictionary<string, OracleOutcome>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var result = results[i]!.AsObject();
            var validation = result["validation"]?.AsArray().Select(v => v!.GetValue<string>()).ToList() ?? [];
            outcomes.Add(cases[i].Id, new OracleOutcome(result["expanded"]?.DeepClone(), result["error"]?.GetValue<string>(), validation));
        }

        return outcomes;
    }
}

[CollectionDefinition(Name)]
public sealed class CardOracleCollection : ICollectionFixture<CardOracle>
{
    public const string Name = "Card oracle";
}

internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TreatmentPlanBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TreatmentPlanBot.sln above {AppContext.BaseDirectory}.");
    }
}
