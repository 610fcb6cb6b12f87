namespace TreatmentPlanning.Instruments;

/// <summary>
/// Checks a parsed definition so that scoring can trust it; every problem names where it is. This class checks the
/// structure (id, name, answer option sets, items, parameters, bands, rule and triage lists); each condition those
/// refer to is checked by <see cref="ConditionValidator"/>.
/// </summary>
internal static class InstrumentValidator
{
    public static List<DefinitionError> Validate(InstrumentDefinition definition, string source)
    {
        var errors = new List<DefinitionError>();
        var id = string.IsNullOrWhiteSpace(definition.Id) ? null : definition.Id;
        void Error(int? item, string problem) => errors.Add(new DefinitionError(source, id, item, problem));

        if (id is null)
        {
            Error(null, "has no id");
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            Error(null, "has no name");
        }

        ValidateOptionSets(definition, Error);
        ValidateItems(definition, Error);
        if (errors.Count > 0)
        {
            // Scores, bands and rules cannot be checked against broken items or answer options.
            return errors;
        }

        ValidateParameters(definition, Error);
        ValidateBands(definition, Error);

        if (definition.ClinicalCutOff is { } cutOff)
        {
            ConditionValidator.Validate(definition, new Condition { Total = new TotalComparison { AtLeast = cutOff } }, "clinical cut-off", Error);
        }

        if (definition.Positive is { } positive)
        {
            ConditionValidator.Validate(definition, positive, "positive rule", Error, inPositiveRule: true);
        }

        foreach (var rule in definition.RiskRules)
        {
            if (definition.RiskRules.Count(r => r.Id == rule.Id) > 1)
            {
                Error(null, $"risk rule id '{rule.Id}' is used more than once");
            }

            RequireText(rule.Message, $"risk rule '{rule.Id}' has no message", Error);
            ConditionValidator.Validate(definition, rule.When, $"risk rule '{rule.Id}'", Error);
        }

        for (var i = 0; i < definition.Triage.Count; i++)
        {
            var level = definition.Triage[i];
            if (definition.Triage.Count(t => string.Equals(t.Level, level.Level, StringComparison.OrdinalIgnoreCase)) > 1)
            {
                Error(null, $"triage level '{level.Level}' appears more than once");
            }

            RequireText(level.Message, $"triage level '{level.Level}' has no message", Error);
            if (level.When is { } when)
            {
                ConditionValidator.Validate(definition, when, $"triage level '{level.Level}'", Error);
            }
            else if (i < definition.Triage.Count - 1)
            {
                Error(null, $"triage level '{level.Level}' has no condition but is not the last level");
            }
        }

        foreach (var item in definition.Items.Where(i => i.AskedWhen is not null))
        {
            ConditionValidator.Validate(definition, item.AskedWhen!, $"asked-when of item {item.Number}", Error, askedWhenOf: item);
        }

        return errors;
    }

    private static void ValidateOptionSets(InstrumentDefinition definition, Action<int?, string> error)
    {
        if (definition.OptionSets.Count == 0)
        {
            error(null, "has no answer option sets");
        }

        foreach (var (name, options) in definition.OptionSets)
        {
            if (options.Count < 2)
            {
                error(null, $"option set '{name}' needs at least two answer options");
            }

            foreach (var option in options.Where(o => o.Value < 0))
            {
                error(null, $"option set '{name}': option '{option.Label}' has value {option.Value}, below 0");
            }

            foreach (var value in options.GroupBy(o => o.Value).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                error(null, $"option set '{name}': value {value} is given to more than one option");
            }

            foreach (var label in options.GroupBy(o => o.Label, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                error(null, $"option set '{name}': label '{label}' appears more than once");
            }

            foreach (var option in options.Where(o => string.IsNullOrWhiteSpace(o.Label)))
            {
                error(null, $"option set '{name}': option with value {option.Value} has no label");
            }
        }
    }

    private static void ValidateItems(InstrumentDefinition definition, Action<int?, string> error)
    {
        if (definition.Items.Count == 0)
        {
            error(null, "has no items");
            return;
        }

        if (!definition.Items.Any(i => i.Scored))
        {
            error(null, "has no scored items");
        }

        var previous = int.MinValue;
        foreach (var item in definition.Items)
        {
            if (definition.Items.Count(i => i.Number == item.Number) > 1 && item.Number == previous)
            {
                error(item.Number, "appears more than once");
            }
            else if (item.Number <= previous)
            {
                error(item.Number, $"is listed after item {previous}: items must be in ascending order of number");
            }

            if (item.Number < 0)
            {
                error(item.Number, "has a negative number");
            }

            previous = Math.Max(previous, item.Number);
            if (string.IsNullOrWhiteSpace(item.Text))
            {
                error(item.Number, "has no wording");
            }

            if (!definition.OptionSets.ContainsKey(item.Options))
            {
                error(item.Number, $"uses option set '{item.Options}', which is not defined");
            }

            // A gate fixes the score of the items it leaves out, so only an unscored item may keep an answer given anyway.
            if (item.AnswerAlwaysCounts && (item.AskedWhen is null || item.Scored))
            {
                error(item.Number, "answerAlwaysCounts needs askedWhen and scored: false");
            }
        }
    }

    private static void ValidateParameters(InstrumentDefinition definition, Action<int?, string> error)
    {
        foreach (var parameter in definition.Parameters)
        {
            if (definition.Parameters.Count(p => p.Name == parameter.Name) > 1)
            {
                error(null, $"parameter '{parameter.Name}' is defined more than once");
            }

            if (!parameter.Allowed.Contains(parameter.Default))
            {
                error(null, $"parameter '{parameter.Name}' default {parameter.Default} is not among its allowed values");
            }
        }
    }

    private static void ValidateBands(InstrumentDefinition definition, Action<int?, string> error)
    {
        if (definition.Bands.Count == 0)
        {
            return;
        }

        var (min, max) = (definition.MinScore, definition.MaxScore);
        foreach (var band in definition.Bands.Where(b => b.Min > b.Max))
        {
            error(null, $"band '{band.Label}' runs from {band.Min} down to {band.Max}");
        }

        foreach (var label in definition.Bands.GroupBy(b => b.Label, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            error(null, $"band '{label}' appears more than once");
        }

        var ordered = definition.Bands.OrderBy(b => b.Min).ToList();
        if (ordered[0].Min != min)
        {
            error(null, ordered[0].Min > min
                ? $"bands do not cover scores {min}-{ordered[0].Min - 1} (lowest possible score is {min})"
                : $"band '{ordered[0].Label}' starts at {ordered[0].Min}, below the lowest possible score {min}");
        }

        for (var i = 1; i < ordered.Count; i++)
        {
            var (before, after) = (ordered[i - 1], ordered[i]);
            if (after.Min > before.Max + 1)
            {
                error(null, $"bands leave a gap: no band covers {before.Max + 1}-{after.Min - 1} (between '{before.Label}' and '{after.Label}')");
            }
            else if (after.Min <= before.Max)
            {
                error(null, $"bands '{before.Label}' and '{after.Label}' overlap at {after.Min}-{Math.Min(before.Max, after.Max)}");
            }
        }

        var top = ordered.MaxBy(b => b.Max)!;
        if (top.Max != max)
        {
            error(null, top.Max < max
                ? $"bands do not cover scores {top.Max + 1}-{max} (highest possible score is {max})"
                : $"band '{top.Label}' ends at {top.Max}, above the highest possible score {max}");
        }
    }

    private static void RequireText(string text, string problem, Action<int?, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error(null, problem);
        }
    }
}
