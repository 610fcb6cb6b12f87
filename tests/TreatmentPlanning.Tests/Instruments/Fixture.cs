using TreatmentPlanning.Instruments;

namespace TreatmentPlanning.Tests.Instruments;

internal static class Fixture
{
    public static string ClinicFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ClinicInstruments");

    public static InstrumentLibrary Bundled { get; } = InstrumentLibrary.LoadBundled();

    public static InstrumentLibrary WithClinicInstruments { get; } =
        InstrumentLibrary.Load(new InstrumentLibraryOptions { ClinicDefinitionsPath = ClinicFolder });

    /// <summary>Answers given as item values in item order, numbered from <paramref name="firstItem"/>.</summary>
    public static Dictionary<int, int> AnswersFrom(int firstItem, params int[] values) =>
        values.Select((v, i) => (Number: firstItem + i, Value: v)).ToDictionary(a => a.Number, a => a.Value);

    public static Dictionary<int, int> Answers(params int[] values) => AnswersFrom(1, values);

    public static InstrumentResult Score(string id, IReadOnlyDictionary<int, int> answers, Sex? sex = null) =>
        ScoringEngine.Score(WithClinicInstruments.Get(id), answers, new ScoringContext(sex));
}
