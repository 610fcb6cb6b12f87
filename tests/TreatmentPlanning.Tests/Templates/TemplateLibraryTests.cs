using TreatmentPlanning.Instruments;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;
using TreatmentPlanning.Templates;

namespace TreatmentPlanning.Tests.Templates;

public sealed class TemplateLibraryTests
{
    // The real instrument library: every measure a template names must be one the bot can actually score.
    private static readonly IMeasureCatalog Catalog = InstrumentLibrary.LoadBundled();

    private static readonly DateOnly Today = new(2026, 3, 2);

    public static TheoryData<string> RequiredAreas =>
    [
        "general", "substance-use", "self-esteem", "anxiety", "depression", "employment", "anger-management", "schizophrenia",
        "borderline-personality-disorder", "bipolar-disorder", "behavioural-health", "agoraphobia", "schizoaffective-disorder",
        "narcissistic-personality-disorder",
    ];

    [Theory]
    [MemberData(nameof(RequiredAreas))]
    public void Every_problem_area_in_the_clinical_brief_has_at_least_three_goals_with_interventions_and_tasks(string areaId)
    {
        var area = TemplateLibrary.LoadBundled(Catalog).Find(areaId);

        Assert.NotNull(area);
        Assert.True(area.Goals.Count >= 3, $"{areaId} has {area.Goals.Count} goals");
        Assert.All(area.Goals, g =>
        {
            Assert.NotEmpty(g.Objectives);
            Assert.NotEmpty(g.Interventions);
            Assert.NotEmpty(g.ClientTasks);
        });
    }

    [Fact]
    public void Every_objective_suggestion_is_smart_once_the_session_fills_in_numbers_dates_and_the_clients_reason()
    {
        var validator = new SmartValidator(Catalog);
        var library = TemplateLibrary.LoadBundled(Catalog);

        var failures =
            from area in library.Areas
            from goal in area.Goals
            from suggestion in goal.Objectives
            let objective = FillIn(goal.DraftObjective(suggestion.Id, "objective-1", Today))
            let result = validator.Validate(objective, new SmartContext(Today))
            where !result.CanSave || result.NeedsConfirmation
            select $"{suggestion.Id}: {string.Join(" ", result.Errors.Concat(result.Warnings).Select(f => f.Message))}";

        Assert.Empty(failures);
    }

    [Fact]
    public void A_draft_objective_carries_the_goals_tasks_and_interventions_and_a_date_at_the_typical_horizon()
    {
        var goal = TemplateLibrary.LoadBundled(Catalog).Find("depression")!.FindGoal("depression.activation")!;

        var objective = goal.DraftObjective("depression.activation.phq-9", "obj-9", Today);

        Assert.Equal("PHQ-9", objective.Measure!.MeasureId);
        Assert.Equal(ChangeDirection.Decrease, objective.Measure.Direction);
        Assert.Equal(Today.AddDays(12 * 7), objective.AnticipatedCompletion);
        Assert.Equal(goal.ClientTasks, objective.ClientTasks.Select(t => t.Description));
        Assert.Equal(goal.Interventions.Select(i => i.Name), objective.Interventions.Select(i => i.Name));
        Assert.Null(objective.Relevance);
    }

    [Fact]
    public void Serious_conditions_suggest_long_coordinated_plans_with_more_frequent_sessions()
    {
        var library = TemplateLibrary.LoadBundled(Catalog);
        string[] serious = ["schizophrenia", "schizoaffective-disorder", "bipolar-disorder", "borderline-personality-disorder"];

        Assert.All(serious.Select(id => library.Find(id)!), area =>
        {
            Assert.True(area.PlanHorizonWeeks >= 52, area.Id);
            Assert.True(area.CoordinatedCare, area.Id);
            Assert.Equal(SessionFrequency.TwiceWeekly, area.SessionFrequency);
        });

        var behavioural = library.Find("behavioural-health")!;
        Assert.True(behavioural.PlanHorizonWeeks <= 12);
        Assert.Contains("solution-focused", behavioural.Approach, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Area_ids_are_found_whatever_their_case()
    {
        Assert.Equal("anxiety", TemplateLibrary.LoadBundled(Catalog).Find("Anxiety")?.Id);
        Assert.Null(TemplateLibrary.LoadBundled(Catalog).Find("no-such-area"));
    }

    [Fact]
    public void A_template_that_names_a_measure_missing_from_the_catalog_fails_with_file_and_path()
    {
        using var folder = new TemplateFolder();
        folder.Write("anxiety", Bundled("anxiety").Replace("\"measureId\": \"GAD-7\"", "\"measureId\": \"GAD-8\"", StringComparison.Ordinal));

        var error = Assert.Throws<TemplateLibraryException>(() => TemplateLibrary.LoadFromFolder(folder.Path, Catalog));

        Assert.Equal("anxiety.json $.goals[1].objectives[0].measureId: 'GAD-8' is not in the measure catalog.", error.Message);
    }

    [Fact]
    public void A_misspelt_property_fails_with_the_line_it_is_on()
    {
        using var folder = new TemplateFolder();
        folder.Write("general", Bundled("general").Replace("\"horizonWeeks\": 8,", "\"horizonWeek\": 8,", StringComparison.Ordinal));

        var error = Assert.Throws<TemplateLibraryException>(() => TemplateLibrary.LoadFromFolder(folder.Path, Catalog));

        Assert.Equal("general.json", error.FileName);
        Assert.Equal("$.goals[0].objectives[0].horizonWeek", error.Path);
        Assert.Equal(
            "general.json $.goals[0].objectives[0].horizonWeek: The JSON property 'horizonWeek' could not be mapped to any .NET member contained in type 'TreatmentPlanning.Templates.ObjectiveSuggestion' (line 18).",
            error.Message);
    }

    [Fact]
    public void An_area_with_too_few_goals_says_how_many_it_has()
    {
        using var folder = new TemplateFolder();
        folder.Write("tiny", """
            {
              "id": "tiny", "name": "Tiny", "approach": "Short.", "planHorizonWeeks": 4, "sessionFrequency": "Weekly", "coordinatedCare": false,
              "goals": []
            }
            """);

        var error = Assert.Throws<TemplateLibraryException>(() => TemplateLibrary.LoadFromFolder(folder.Path, Catalog));

        Assert.Equal("tiny.json $.goals: an area needs at least 3 goals (has 0).", error.Message);
    }

    [Fact]
    public void A_count_objective_without_a_unit_is_rejected()
    {
        using var folder = new TemplateFolder();
        folder.Write("anger-management", Bundled("anger-management").Replace("\"unit\": \"outbursts per week\"", "\"unit\": \" \"", StringComparison.Ordinal));

        var error = Assert.Throws<TemplateLibraryException>(() => TemplateLibrary.LoadFromFolder(folder.Path, Catalog));

        Assert.Equal("$.goals[0].objectives[0].unit", error.Path);
    }

    [Fact]
    public void An_instrument_objective_aiming_the_wrong_way_is_rejected()
    {
        using var folder = new TemplateFolder();
        var json = Bundled("depression");
        var phq9 = json.IndexOf("\"measureId\": \"PHQ-9\"", StringComparison.Ordinal);
        var direction = json.LastIndexOf("\"direction\": \"Decrease\"", phq9, StringComparison.Ordinal);
        folder.Write("depression", json.Remove(direction, "\"direction\": \"Decrease\"".Length).Insert(direction, "\"direction\": \"Increase\""));

        var error = Assert.Throws<TemplateLibraryException>(() => TemplateLibrary.LoadFromFolder(folder.Path, Catalog));

        Assert.Equal("depression.json $.goals[0].objectives[1].direction: improvement on PHQ-9 means a lower score, so the direction must be \"Decrease\".", error.Message);
    }

    [Fact]
    public void An_area_id_that_does_not_match_its_file_name_is_rejected()
    {
        using var folder = new TemplateFolder();
        folder.Write("worry", Bundled("anxiety"));

        var error = Assert.Throws<TemplateLibraryException>(() => TemplateLibrary.LoadFromFolder(folder.Path, Catalog));

        Assert.Equal("$.id", error.Path);
    }

    private static Objective FillIn(Objective draft)
    {
        var measure = draft.Measure!;
        var (baseline, target) = measure.Type switch
        {
            MeasureType.InstrumentScore => Midway(Catalog.Find(measure.MeasureId!)!, measure.Direction),
            MeasureType.CountPerPeriod => measure.Direction == ChangeDirection.Decrease ? (6m, 2m) : (1m, 4m),
            MeasureType.Rating0To10 => measure.Direction == ChangeDirection.Decrease ? (7m, 4m) : (3m, 6m),
            _ => ((decimal?)null, (decimal?)null),
        };
        return draft with { Measure = measure with { Baseline = baseline, Target = target }, Relevance = "It matters to me." };
    }

    private static (decimal?, decimal?) Midway(MeasureScale scale, ChangeDirection direction)
    {
        var middle = (scale.MinScore + scale.MaxScore) / 2;
        return direction == ChangeDirection.Decrease
            ? (middle, scale.MinScore + ((middle - scale.MinScore) / 2))
            : (middle, middle + ((scale.MaxScore - middle) / 2));
    }

    private static string Bundled(string areaId)
    {
        using var stream = typeof(TemplateLibrary).Assembly.GetManifestResourceStream($"Templates.{areaId}.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class TemplateFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("templates-").FullName;

        public void Write(string areaId, string json) => File.WriteAllText(System.IO.Path.Combine(Path, $"{areaId}.json"), json);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
