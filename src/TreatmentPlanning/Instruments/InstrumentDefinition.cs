using System.Text.Json.Serialization;
using TreatmentPlanning.Measures;

namespace TreatmentPlanning.Instruments;

/// <summary>
/// A standardized measure described as data (one JSON file per instrument). See Instruments/README.md for the format.
/// </summary>
public sealed record InstrumentDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The published instruction or stem shown before the items.</summary>
    public string? Instructions { get; init; }

    /// <summary>Who may use it and how (free to use, public domain, licensed to the clinic...).</summary>
    public required string Licence { get; init; }

    /// <summary>The published source of the items and scoring rules.</summary>
    public required string Source { get; init; }

    public bool SuicideRiskScreen { get; init; }

    /// <summary>Whether the client may fill it in on their own (remote self-report).</summary>
    public bool RemoteUseAllowed { get; init; }

    /// <summary>Default for items that do not say whether they are required.</summary>
    public bool AllItemsRequired { get; init; } = true;

    public bool HigherIsWorse { get; init; } = true;

    public required IReadOnlyDictionary<string, IReadOnlyList<AnswerOption>> OptionSets { get; init; }
    public required IReadOnlyList<InstrumentItem> Items { get; init; }
    public IReadOnlyList<ScoreBand> Bands { get; init; } = [];

    /// <summary>
    /// The score at or above which the problem is clinically significant (PHQ-9 and GAD-7: 10; PCL-5: the chosen
    /// <c>cutOff</c>); a number or a parameter name. Outcomes count remission only from a baseline at or above it.
    /// </summary>
    public Threshold? ClinicalCutOff { get; init; }

    /// <summary>When the screen is positive; absent for instruments that only measure severity.</summary>
    public Condition? Positive { get; init; }

    /// <summary>Whether the positive rule's cut-off differs for women and men (AUDIT-C), so the client's sex is needed.</summary>
    [JsonIgnore]
    public bool PositiveDependsOnSex => Positive?.UsesSex() == true;

    public string? PositiveMeans { get; init; }
    public string? NegativeMeans { get; init; }

    /// <summary>Every matching rule raises a flag.</summary>
    public IReadOnlyList<RiskRule> RiskRules { get; init; } = [];

    /// <summary>Ordered from most to least urgent; the first level whose condition holds is the result.</summary>
    public IReadOnlyList<TriageLevel> Triage { get; init; } = [];

    /// <summary>Cut-offs a clinic may choose among published alternatives (e.g. PCL-5 31-33).</summary>
    public IReadOnlyList<InstrumentParameter> Parameters { get; init; } = [];

    /// <summary>The value each parameter has in this library (its default unless the clinic chose another).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, int> ParameterValues { get; init; } = new Dictionary<string, int>();

    public InstrumentItem? FindItem(int number) => Items.FirstOrDefault(i => i.Number == number);

    /// <summary>
    /// The stem as it applies to one item: the published stem leads the items answered on the same scale as the first
    /// ("how often…" for PHQ-9 items 1-9), not an item with its own scale (PHQ-9 item 10 asks how difficult).
    /// </summary>
    public string? InstructionsFor(InstrumentItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Items.Count > 0 && item.Options == Items[0].Options ? Instructions : null;
    }

    public IReadOnlyList<AnswerOption> OptionsFor(InstrumentItem item) => OptionSets[item.Options];

    public bool IsRequired(InstrumentItem item) => item.Required ?? AllItemsRequired;

    public int MinScore => Items.Where(i => i.Scored).Sum(i => OptionsFor(i).Min(o => o.Value));

    public int MaxScore => Items.Where(i => i.Scored).Sum(i => OptionsFor(i).Max(o => o.Value));

    public MeasureScale ToMeasureScale() => new(Id, Name, MinScore, MaxScore, Bands, HigherIsWorse,
        ClinicalCutOff is { } cutOff ? cutOff.Value ?? ParameterValues[cutOff.Parameter!] : null);
}

public sealed record AnswerOption(string Label, int Value);

public sealed record InstrumentItem
{
    /// <summary>The published item number (0 for an unnumbered gate question).</summary>
    public required int Number { get; init; }

    /// <summary>The published wording.</summary>
    public required string Text { get; init; }

    /// <summary>Name of an entry in <see cref="InstrumentDefinition.OptionSets"/>.</summary>
    public required string Options { get; init; }

    /// <summary>False for gate, acuity and follow-up questions that do not add to the total.</summary>
    public bool Scored { get; init; } = true;

    /// <summary>Scores as (lowest + highest option value) minus the answer.</summary>
    public bool Reversed { get; init; }

    /// <summary>Overrides <see cref="InstrumentDefinition.AllItemsRequired"/>.</summary>
    public bool? Required { get; init; }

    /// <summary>The client may decline this item and the decline is itself an answer (ASQ: refusal counts as positive).</summary>
    public bool DeclineAllowed { get; init; }

    /// <summary>
    /// Asked only when this holds over earlier items (gates, follow-ups). When it does not hold the item is not asked,
    /// scores nothing and an answer given to it anyway is set aside (AUDIT-C: after "Never", items 2 and 3 score 0).
    /// </summary>
    public Condition? AskedWhen { get; init; }

    /// <summary>
    /// An answer given although <see cref="AskedWhen"/> does not hold still counts in every rule, as if the item had been
    /// asked: for safety questions whose answer must never be set aside (ASQ acuity question). Unscored items only.
    /// </summary>
    public bool AnswerAlwaysCounts { get; init; }
}

public enum RiskLevel
{
    /// <summary>Alert the clinician and supervisor and carry out a safety assessment.</summary>
    NonAcute,

    /// <summary>Imminent risk: immediate safety response.</summary>
    Acute,
}

public sealed record RiskRule
{
    public required string Id { get; init; }
    public required RiskLevel Level { get; init; }
    public required Condition When { get; init; }
    public required string Message { get; init; }
}

public sealed record TriageLevel
{
    public required string Level { get; init; }

    /// <summary>Absent only on the last level, which then applies when no other does.</summary>
    public Condition? When { get; init; }

    /// <summary>The flag this level raises, if any.</summary>
    public RiskLevel? Risk { get; init; }

    public required string Message { get; init; }
}

public sealed record InstrumentParameter
{
    public required string Name { get; init; }
    public required int Default { get; init; }
    public required IReadOnlyList<int> Allowed { get; init; }
    public required string Description { get; init; }
}
