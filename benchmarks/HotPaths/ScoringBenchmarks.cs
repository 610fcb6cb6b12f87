using BenchmarkDotNet.Attributes;
using TreatmentPlanning.Instruments;

namespace HotPaths;

/// <summary>Scoring the measures clinicians run most, with a risk answer (PHQ-9 item 9) in the mix.</summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private InstrumentDefinition _phq9 = null!;
    private InstrumentDefinition _gad7 = null!;
    private Dictionary<int, int> _phq9Answers = null!;
    private Dictionary<int, int> _gad7Answers = null!;

    [GlobalSetup]
    public void Setup()
    {
        var library = InstrumentLibrary.LoadBundled();
        _phq9 = library.Get("PHQ-9");
        _gad7 = library.Get("GAD-7");
        _phq9Answers = Enumerable.Range(1, 9).ToDictionary(i => i, i => i == 9 ? 1 : 2);
        _gad7Answers = Enumerable.Range(1, 7).ToDictionary(i => i, _ => 1);
    }

    [Benchmark]
    public InstrumentResult Phq9WithRiskAnswer() => ScoringEngine.Score(_phq9, _phq9Answers);

    [Benchmark]
    public InstrumentResult Gad7() => ScoringEngine.Score(_gad7, _gad7Answers);
}
