namespace TreatmentPlanning.Instruments;

/// <summary>
/// Checks one condition of a definition (a clinical cut-off, the positive rule, a risk rule, a triage level or an
/// item's asked-when) against the items, options, score range and parameters it refers to. It is the load-time
/// counterpart of <see cref="ConditionEvaluator"/>: whatever passes here, the evaluator can evaluate.
/// </summary>
internal static class ConditionValidator
{
    /// <summary>Reports each problem of <paramref name="condition"/> through <paramref name="error"/>.</summary>
    /// <param name="where">Names the condition in every problem, e.g. <c>risk rule 'suicidal-ideation'</c>.</param>
    /// <param name="inPositiveRule">The condition is the positive rule itself, so it may not refer to it.</param>
    /// <param name="askedWhenOf">The item whose asked-when this is: it may refer only to required items asked before
    /// it, and problems are reported against it.</param>
    public static void Validate(
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

            // Items are in ascending order (InstrumentValidator checks that first), so a lower number is asked earlier.
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
}
