using System.Text.Json.Nodes;

namespace BotCore.Tests.Cards;

/// <summary>A template of the repository's cards/ folder with one of its sample data files (cards/samples/&lt;template&gt;.&lt;case&gt;.json).</summary>
public sealed record CardSample(string Template, string Case)
{
    public string Id => $"cards/{Template}.json with samples/{Template}.{Case}.json";

    public static string Folder => Path.Combine(RepositoryRoot.Find(), "cards");

    public string TemplatePath => Path.Combine(Folder, Template + ".json");

    public string DataPath => Path.Combine(Folder, "samples", $"{Template}.{Case}.json");

    public OracleCase ToOracleCase() =>
        new(Id, JsonNode.Parse(File.ReadAllText(TemplatePath))!, JsonNode.Parse(File.ReadAllText(DataPath)));

    public static IEnumerable<string> Templates() =>
        Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order().Cast<string>();

    public static IEnumerable<CardSample> All()
    {
        var samples = Path.Combine(Folder, "samples");
        foreach (var template in Templates())
        {
            if (!Directory.Exists(samples))
            {
                yield break;
            }

            foreach (var file in Directory.EnumerateFiles(samples, template + ".*.json").Order())
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var sampleCase = name[(template.Length + 1)..];
                // "plan.json" must not claim "plan.review.default.json" (that belongs to "plan.review").
                if (!sampleCase.Contains('.', StringComparison.Ordinal))
                {
                    yield return new CardSample(template, sampleCase);
                }
            }
        }
    }
}
