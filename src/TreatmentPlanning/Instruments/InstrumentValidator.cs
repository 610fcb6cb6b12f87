namespace TreatmentPlanning.Instruments;

/// <summary>Checks a parsed definition so that scoring can trust it; every problem names where it is.</summary>
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
            ValidateCondition(definition, new Condition { Total = new TotalComparison { AtLeast = cutOff } }, "clinical cut-off", Error);
        }

        if (definition.Positive is { } positive)
        {
            ValidateCondition(definition, positive, "positive rule", Error, inPositiveRule: true);
        }

        foreach (var rule in definition.RiskRules)
        {
            if (definition.RiskRules.Count(r => r.Id == rule.Id) > 1)
            {
                Error(null, $"risk rule id '{rule.Id}' is used more than once");
            }

            RequireText(rule.Message, $"risk rule '{rule.Id}' has no message", Error);
            ValidateCondition(definition, rule.When, $"risk rule '{rule.Id}'", Error);
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
                ValidateCondition(definition, when, $"triage level '{level.Level}'", Error);
            }
            else if (i < definition.Triage.Count - 1)
            {
                Error(null, $"triage level '{level.Level}' has no condition but is not the last level");
            }
        }

        foreach (var item in definition.Items.Where(i => i.AskedWhen is not null))
        {
            ValidateCondition(definition, item.AskedWhen!, $"asked-when of item {item.Number}", Error, askedWhenOf: item);
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

    private static void ValidateCondition(
        InstrumentDefinition definition,
        Condition condition,
        string where,
        Action<int?, string> error,
        bool inPositiveRule = false,
        InstrumentItem? askedWhenOf = null)
    {
        void Check(Condition c)
        {
            if (c.KindCount != 1)
            {
                error(askedWhenOf?.Number, $"{where}: a condition must have exactly one of all, any, not, item, total, count, declined, sex, positive (found {c.KindCount})");
                return;
            }

            if (c.All is { } all)
            {
                CheckList(all, "all");
            }
            else if (c.Any is { } any)
            {
                CheckList(any, "any");
            }
            else if (c.Not is { } not)
            {
                Check(not);
            }
            else if (c.Item is { } itemComparison)
            {
                var item = ReferencedItem(itemComparison.Number);
                if (item is not null)
                {
                    var options = definition.OptionsFor(item);
                    CheckBounds(itemComparison, options.Min(o => o.Value), options.Max(o => o.Value), $"item {item.Number}'s answer values");
                }
            }
            else if (c.Total is { } total)
            {
                if (askedWhenOf is not null)
                {
                    error(askedWhenOf.Number, $"{where}: cannot depend on the total");
                }

                CheckBounds(total, definition.MinScore, definition.MaxScore, "the score range");
            }
            else if (c.Count is { } count)
            {
                if (count.Items.Count == 0)
                {
                    error(askedWhenOf?.Number, $"{where}: count names no items");
                }

                foreach (var number in count.Items)
                {
                    var item = ReferencedItem(number);
                    if (item is not null && definition.OptionsFor(item).All(o => o.Value != count.Value))
                    {
                        error(askedWhenOf?.Number, $"{where}: counts answers of value {count.Value}, which item {number} cannot have");
                    }
                }

                CheckBounds(count, 0, count.Items.Count, $"the {count.Items.Count} items counted");
            }
            else if (c.Declined is { } declined)
            {
                if (declined.Count == 0)
                {
                    error(askedWhenOf?.Number, $"{where}: declined names no items");
                }

                foreach (var number in declined)
                {
                    var item = ReferencedItem(number);
                    if (item is { DeclineAllowed: false })
                    {
                        error(askedWhenOf?.Number, $"{where}: tests whether item {number} was declined, but item {number} does not allow declining");
                    }
                }
            }
            else if (c.Positive is not null)
            {
                if (askedWhenOf is not null)
                {
                    error(askedWhenOf.Number, $"{where}: cannot depend on the screen result");
                }
                else if (inPositiveRule)
                {
                    error(null, $"{where}: cannot refer to itself");
                }
                else if (definition.Positive is null)
                {
                    error(null, $"{where}: refers to the positive rule, but the instrument has none");
                }
            }
        }

        void CheckList(IReadOnlyList<Condition> list, string name)
        {
            if (list.Count == 0)
            {
                error(askedWhenOf?.Number, $"{where}: '{name}' has no conditions");
            }

            foreach (var inner in list)
            {
                Check(inner);
            }
        }

        InstrumentItem? ReferencedItem(int number)
        {
            var item = definition.FindItem(number);
            if (item is null)
            {
                error(askedWhenOf?.Number, $"{where}: refers to item {number}, which does not exist");
                return null;
            }

            // Items are in ascending order (checked above), so a lower number is asked earlier.
            if (askedWhenOf is not null && item.Number >= askedWhenOf.Number)
            {
                error(askedWhenOf.Number, $"{where}: refers to item {number}, which is not asked before it");
            }
            else if (askedWhenOf is not null && !definition.IsRequired(item))
            {
                error(askedWhenOf.Number, $"{where}: refers to item {number}, which is optional, so whether to ask could stay undecided");
            }

            return item;
        }

        void CheckBounds(IComparison comparison, int low, int high, string rangeName)
        {
            var bounds = new[] { comparison.AtLeast, comparison.AtMost, comparison.EqualTo }.Where(b => b is not null).Select(b => b!.Value).ToList();
            if (bounds.Count == 0)
            {
                error(askedWhenOf?.Number, $"{where}: a comparison needs atLeast, atMost or equals");
            }

            foreach (var bound in bounds)
            {
                IEnumerable<int> values;
                if (bound.Parameter is { } name)
                {
                    var parameter = definition.Parameters.FirstOrDefault(p => p.Name == name);
                    if (parameter is null)
                    {
                        error(askedWhenOf?.Number, $"{where}: refers to parameter '{name}', which is not defined");
                        continue;
                    }

                    values = parameter.Allowed;
                }
                else
                {
                    values = [bound.Value!.Value];
                }

                foreach (var value in values.Where(v => v < low || v > high))
                {
                    error(askedWhenOf?.Number, $"{where}: bound {value} is outside {rangeName} ({low}-{high})");
                }
            }
        }

        Check(condition);
    }

    private static void RequireText(string text, string problem, Action<int?, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error(null, problem);
        }
    }
}
