using System.Reflection;
using System.Text.RegularExpressions;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Security;

/// <summary>
/// Keeps the gate a type: features reach a client's record only through a handle from <see cref="ClientFiles"/>, never
/// through the raw store, so no feature can forget the check and the audit.
/// </summary>
public sealed partial class ClientFileGateTests
{
    [Fact]
    public void No_feature_type_holds_the_client_record_store()
    {
        var features = typeof(ClientFiles).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("TreatmentPlanBot.Features", StringComparison.Ordinal) == true);

        var offenders = new List<string>();
        foreach (var type in features)
        {
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            offenders.AddRange(type.GetConstructors(all).SelectMany(c => c.GetParameters())
                .Where(p => p.ParameterType == typeof(ClientRecords)).Select(p => $"{type.FullName}: constructor parameter {p.Name}"));
            offenders.AddRange(type.GetFields(all).Where(f => f.FieldType == typeof(ClientRecords)).Select(f => $"{type.FullName}: field {f.Name}"));
            offenders.AddRange(type.GetProperties(all).Where(p => p.PropertyType == typeof(ClientRecords)).Select(p => $"{type.FullName}: property {p.Name}"));
            offenders.AddRange(type.GetMethods(all).SelectMany(m => m.GetParameters())
                .Where(p => p.ParameterType == typeof(ClientRecords)).Select(p => $"{type.FullName}: method parameter {p.Name}"));
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_feature_source_names_the_record_store_or_the_old_gate()
    {
        // The reflection test sees what is compiled; this one also catches a local or a static call (and a comment pointing
        // a reader to the wrong door).
        var features = Repository.PathOf("src", "TreatmentPlanBot", "Features");
        var offenders = Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => StoreOrOldGate().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Repository.Root, x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"\b(ClientRecords|ClientAccess)\b")]
    private static partial Regex StoreOrOldGate();
}
