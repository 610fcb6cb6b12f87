using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BotCore.Cards;

namespace HotPaths;

/// <summary>Binding the two cards a clinician sees most (the plan, an assessment form) to their sample data.</summary>
[MemoryDiagnoser]
public class CardBindingBenchmarks
{
    private AdaptiveCardTemplate _plan = null!;
    private AdaptiveCardTemplate _form = null!;
    private JsonNode _planData = null!;
    private JsonNode _formData = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plan = AdaptiveCardTemplate.Parse(Read("cards/plan.json"));
        _form = AdaptiveCardTemplate.Parse(Read("cards/assessment-form.json"));
        _planData = JsonNode.Parse(Read("cards/samples/plan.typical.json"))!;
        _formData = JsonNode.Parse(Read("cards/samples/assessment-form.phq9.json"))!;
    }

    [Benchmark]
    public JsonObject PlanCard() => _plan.Expand(_planData);

    [Benchmark]
    public JsonObject AssessmentForm() => _form.Expand(_formData);

    [Benchmark]
    public AdaptiveCardTemplate ParsePlanTemplate() => AdaptiveCardTemplate.Parse(Read("cards/plan.json"));

    private static string Read(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, path));
}
