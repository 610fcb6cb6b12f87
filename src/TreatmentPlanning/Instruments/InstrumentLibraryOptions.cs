namespace TreatmentPlanning.Instruments;

/// <summary>How a clinic extends and tunes the bundled instruments. Bound from the "Instruments" section.</summary>
public sealed class InstrumentLibraryOptions
{
    public const string SectionName = "Instruments";

    /// <summary>Folder of extra definitions (*.json) for instruments the clinic holds a licence for; none when empty.</summary>
    public string? ClinicDefinitionsPath { get; set; }

    /// <summary>Chosen cut-offs by instrument id and parameter name, e.g. Parameters["PCL-5"]["cutOff"] = 33.</summary>
    public Dictionary<string, Dictionary<string, int>> Parameters { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
