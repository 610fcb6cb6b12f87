using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;

namespace TreatmentPlanning.Templates;

/// <summary>
/// The problem-area suggestions, one JSON file per area, checked when loaded: a file that refers to an unknown
/// measure or leaves out what an objective needs fails with its file name and JSON path.
/// </summary>
public sealed class TemplateLibrary
{
    private const string ResourcePrefix = "Templates.";
    private const int MinimumGoalsPerArea = 3;
    private const int LongestHorizonWeeks = 156;

    private static readonly JsonSerializerOptions FileOptions = CreateOptions();

    private TemplateLibrary(IReadOnlyList<ProblemAreaTemplate> areas) => Areas = areas;

    public IReadOnlyList<ProblemAreaTemplate> Areas { get; }

    public ProblemAreaTemplate? Find(string areaId) =>
        Areas.FirstOrDefault(a => string.Equals(a.Id, areaId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The areas shipped with the bot (embedded Templates/Areas/*.json).</summary>
    public static TemplateLibrary LoadBundled(IMeasureCatalog catalog)
    {
        var assembly = typeof(TemplateLibrary).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => new TemplateFile(n, n[ResourcePrefix.Length..^".json".Length], () => OpenResource(assembly, n)));
        return Load(files, catalog);
    }

    /// <summary>A clinic's own library: every *.json file in <paramref name="folder"/>, each named after its area id.</summary>
    public static TemplateLibrary LoadFromFolder(string folder, IMeasureCatalog catalog)
    {
        var files = Directory.EnumerateFiles(folder, "*.json")
            .Select(path => new TemplateFile(Path.GetFileName(path), Path.GetFileNameWithoutExtension(path), () => File.OpenRead(path)));
        return Load(files, catalog);
    }

    private static TemplateLibrary Load(IEnumerable<TemplateFile> files, IMeasureCatalog catalog)
    {
        var areas = new List<ProblemAreaTemplate>();
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var area = Read(file);
            Check(area, file, catalog);
            areas.Add(area);
        }

        return new TemplateLibrary([.. areas.OrderBy(a => a.Name, StringComparer.Ordinal)]);
    }

    private static ProblemAreaTemplate Read(TemplateFile file)
    {
        try
        {
            using var stream = file.Open();
            return JsonSerializer.Deserialize<ProblemAreaTemplate>(stream, FileOptions)
                ?? throw new TemplateLibraryException(file.Name, "$", "the file holds null instead of an area.");
        }
        catch (JsonException e)
        {
            // The serializer's message ends with its own copy of the path and position; report them once, our way.
            var problem = e.Message.Split(" Path: ", 2)[0].Split(" LineNumber: ", 2)[0].TrimEnd(' ', '|', '.');
            var position = e.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
            throw new TemplateLibraryException(file.Name, e.Path ?? "$", $"{problem}{position}.", e);
        }
    }

    private static void Check(ProblemAreaTemplate area, TemplateFile file, IMeasureCatalog catalog)
    {
        void Require(bool condition, string path, string problem)
        {
            if (!condition)
            {
                throw new TemplateLibraryException(file.Name, path, problem);
            }
        }

        Require(area.Id == file.ExpectedId, "$.id", $"the area id '{area.Id}' must match the file name '{file.ExpectedId}'.");
        Require(!string.IsNullOrWhiteSpace(area.Name), "$.name", "give the area a name.");
        Require(!string.IsNullOrWhiteSpace(area.Approach), "$.approach", "describe the approach the area suggests.");
        Require(area.PlanHorizonWeeks is > 0 and <= LongestHorizonWeeks, "$.planHorizonWeeks",
            $"the plan horizon must be between 1 and {LongestHorizonWeeks} weeks (was {area.PlanHorizonWeeks}).");
        Require(area.Goals.Count >= MinimumGoalsPerArea, "$.goals",
            $"an area needs at least {MinimumGoalsPerArea} goals (has {area.Goals.Count}).");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < area.Goals.Count; g++)
        {
            var goal = area.Goals[g];
            var goalPath = $"$.goals[{g}]";
            Require(!string.IsNullOrWhiteSpace(goal.Id) && ids.Add(goal.Id), $"{goalPath}.id", $"goal id '{goal.Id}' is empty or used twice.");
            Require(!string.IsNullOrWhiteSpace(goal.InClientsWords), $"{goalPath}.inClientsWords", "phrase the goal as the client might say it.");
            Require(goal.Objectives.Count > 0, $"{goalPath}.objectives", "a goal needs at least one objective suggestion.");
            Require(goal.Interventions.Count > 0, $"{goalPath}.interventions", "a goal needs at least one intervention that fits it.");
            Require(goal.ClientTasks.Count > 0, $"{goalPath}.clientTasks", "a goal needs at least one client task.");

            for (var i = 0; i < goal.Interventions.Count; i++)
            {
                var intervention = goal.Interventions[i];
                Require(!string.IsNullOrWhiteSpace(intervention.Name) && !string.IsNullOrWhiteSpace(intervention.Description),
                    $"{goalPath}.interventions[{i}]", "an intervention needs a name and a description.");
            }

            for (var t = 0; t < goal.ClientTasks.Count; t++)
            {
                Require(!string.IsNullOrWhiteSpace(goal.ClientTasks[t]), $"{goalPath}.clientTasks[{t}]", "a client task cannot be empty.");
            }

            for (var o = 0; o < goal.Objectives.Count; o++)
            {
                CheckObjective(goal.Objectives[o], $"{goalPath}.objectives[{o}]", area, ids, catalog, Require);
            }
        }
    }

    private static void CheckObjective(
        ObjectiveSuggestion objective, string path, ProblemAreaTemplate area, HashSet<string> ids, IMeasureCatalog catalog, Action<bool, string, string> require)
    {
        require(!string.IsNullOrWhiteSpace(objective.Id) && ids.Add(objective.Id), $"{path}.id", $"objective id '{objective.Id}' is empty or used twice.");
        require(SmartRules.IsSpecific(objective.Behaviour),
            $"{path}.behaviour", "describe the specific behaviour that will change.");
        require(objective.HorizonWeeks > 0 && objective.HorizonWeeks <= area.PlanHorizonWeeks, $"{path}.horizonWeeks",
            $"the horizon must be between 1 week and the plan horizon of {area.PlanHorizonWeeks} weeks (was {objective.HorizonWeeks}).");

        if (objective.MeasureType == MeasureType.InstrumentScore)
        {
            require(!string.IsNullOrWhiteSpace(objective.MeasureId), $"{path}.measureId", "an instrument score needs a measure id.");
            var measure = catalog.Find(objective.MeasureId!);
            require(measure is not null, $"{path}.measureId", $"'{objective.MeasureId}' is not in the measure catalog.");
            var better = measure!.HigherIsWorse ? ChangeDirection.Decrease : ChangeDirection.Increase;
            require(objective.Direction == better, $"{path}.direction",
                $"improvement on {measure.Id} means a {(measure.HigherIsWorse ? "lower" : "higher")} score, so the direction must be \"{better}\".");
        }
        else
        {
            require(objective.MeasureId is null, $"{path}.measureId", "only an instrument score names a measure id.");
        }

        if (objective.MeasureType == MeasureType.CountPerPeriod)
        {
            require(!string.IsNullOrWhiteSpace(objective.Unit), $"{path}.unit", "a count needs a unit that names the period, e.g. \"drinks per day\".");
        }
    }

    private static Stream OpenResource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Embedded template '{name}' is missing.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // A misspelt or missing property must fail loudly, not leave a suggestion half-empty.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed record TemplateFile(string Name, string ExpectedId, Func<Stream> Open);
}
