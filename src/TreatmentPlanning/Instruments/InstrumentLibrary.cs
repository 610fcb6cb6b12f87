using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using TreatmentPlanning.Measures;

namespace TreatmentPlanning.Instruments;

/// <summary>
/// The instruments this clinic can use: the bundled definitions plus any the clinic adds from a folder,
/// all validated when loaded.
/// </summary>
public sealed class InstrumentLibrary : IMeasureCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private readonly Dictionary<string, InstrumentDefinition> _byId;

    private InstrumentLibrary(IReadOnlyList<InstrumentDefinition> definitions)
    {
        Definitions = definitions;
        _byId = definitions.ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);
        All = definitions.Select(d => d.ToMeasureScale()).ToList();
    }

    public IReadOnlyList<InstrumentDefinition> Definitions { get; }

    public IReadOnlyCollection<MeasureScale> All { get; }

    public static InstrumentLibrary LoadBundled() => Load(new InstrumentLibraryOptions());

    /// <summary>Bundled definitions, then those in <see cref="InstrumentLibraryOptions.ClinicDefinitionsPath"/>.</summary>
    /// <exception cref="InstrumentDefinitionException">Any definition or chosen cut-off is invalid.</exception>
    public static InstrumentLibrary Load(InstrumentLibraryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<DefinitionError>();
        var sources = BundledSources().ToList();
        if (!string.IsNullOrWhiteSpace(options.ClinicDefinitionsPath))
        {
            if (Directory.Exists(options.ClinicDefinitionsPath))
            {
                sources.AddRange(Directory.GetFiles(options.ClinicDefinitionsPath, "*.json")
                    .Order(StringComparer.Ordinal)
                    .Select(path => (path, File.ReadAllText(path))));
            }
            else
            {
                errors.Add(new DefinitionError(options.ClinicDefinitionsPath, null, null, "clinic instrument folder does not exist"));
            }
        }

        var definitions = new List<InstrumentDefinition>();
        var sourceOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (source, json) in sources)
        {
            var definition = Parse(source, json, errors);
            if (definition is null)
            {
                continue;
            }

            var problems = InstrumentValidator.Validate(definition, source);
            errors.AddRange(problems);
            if (sourceOf.TryGetValue(definition.Id, out var first))
            {
                errors.Add(new DefinitionError(source, definition.Id, null, $"duplicates the instrument id already defined in {first}"));
                continue;
            }

            sourceOf[definition.Id] = source;
            if (problems.Count == 0)
            {
                definitions.Add(definition);
            }
        }

        var tuned = ApplyParameters(definitions, options.Parameters, errors);
        if (errors.Count > 0)
        {
            throw new InstrumentDefinitionException(errors);
        }

        return new InstrumentLibrary(tuned);
    }

    public InstrumentDefinition? FindDefinition(string instrumentId) =>
        _byId.GetValueOrDefault(instrumentId);

    public InstrumentDefinition Get(string instrumentId) =>
        FindDefinition(instrumentId) ?? throw new KeyNotFoundException($"No instrument '{instrumentId}' is loaded.");

    public bool Contains(string instrumentId) => _byId.ContainsKey(instrumentId);

    public MeasureScale? Find(string measureId) => FindDefinition(measureId)?.ToMeasureScale();

    private static IEnumerable<(string Source, string Json)> BundledSources()
    {
        var assembly = typeof(InstrumentLibrary).Assembly;
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith("Instruments.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }

    private static InstrumentDefinition? Parse(string source, string json, List<DefinitionError> errors)
    {
        try
        {
            var definition = JsonSerializer.Deserialize<InstrumentDefinition>(json, JsonOptions);
            if (definition is null)
            {
                errors.Add(new DefinitionError(source, null, null, "is empty"));
            }

            return definition;
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, {ex.Path})" : "";
            errors.Add(new DefinitionError(source, null, null, $"is not a valid instrument definition{where}: {ex.Message}"));
            return null;
        }
    }

    private static List<InstrumentDefinition> ApplyParameters(
        List<InstrumentDefinition> definitions, Dictionary<string, Dictionary<string, int>> chosen, List<DefinitionError> errors)
    {
        const string source = InstrumentLibraryOptions.SectionName + ":Parameters";
        foreach (var id in chosen.Keys.Where(id => !definitions.Any(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add(new DefinitionError(source, id, null, "is not a loaded instrument"));
        }

        return definitions.Select(definition =>
        {
            var choices = chosen.FirstOrDefault(c => string.Equals(c.Key, definition.Id, StringComparison.OrdinalIgnoreCase)).Value
                ?? new Dictionary<string, int>();
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var parameter in definition.Parameters)
            {
                values[parameter.Name] = parameter.Default;
            }

            foreach (var (name, value) in choices)
            {
                var parameter = definition.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                if (parameter is null)
                {
                    errors.Add(new DefinitionError(source, definition.Id, null, $"has no parameter '{name}'"));
                }
                else if (!parameter.Allowed.Contains(value))
                {
                    errors.Add(new DefinitionError(source, definition.Id, null,
                        $"parameter '{parameter.Name}' cannot be {value}: allowed values are {string.Join(", ", parameter.Allowed)}"));
                }
                else
                {
                    values[parameter.Name] = value;
                }
            }

            return definition with { ParameterValues = values };
        }).ToList();
    }
}
