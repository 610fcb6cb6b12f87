namespace TreatmentPlanning.Templates;

/// <summary>A template file that cannot be used, naming the file and the JSON path of the problem.</summary>
public sealed class TemplateLibraryException(string fileName, string path, string problem, Exception? inner = null)
    : Exception($"{fileName} {path}: {problem}", inner)
{
    public string FileName { get; } = fileName;

    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
