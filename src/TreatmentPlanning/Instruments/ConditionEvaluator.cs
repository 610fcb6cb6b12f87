namespace TreatmentPlanning.Instruments;

/// <summary>
/// Three-valued: a condition over an unanswered item is Unknown, so a risk rule fires as soon as the answers given
/// prove it, and never because an answer is missing.
/// </summary>
internal enum Truth
{
    False,
    Unknown,
    True,
}

internal sealed class ConditionEvaluator
{
    private readonly InstrumentDefinition _definition;
    private readonly IReadOnlyDictionary<int, ItemResponse> _responses;
    private readonly ScoringContext _context;
    private readonly Dictionary<int, Truth> _asked = [];

    public ConditionEvaluator(InstrumentDefinition definition, IReadOnlyDictionary<int, ItemResponse> responses, ScoringContext context)
    {
        _definition = definition;
        _responses = responses;
        _context = context;
        foreach (var item in definition.Items)
        {
            _asked[item.Number] = item.AskedWhen is null || (item.AnswerAlwaysCounts && responses.ContainsKey(item.Number))
                ? Truth.True
                : Evaluate(item.AskedWhen);
        }
    }

    public Truth Asked(InstrumentItem item) => _asked[item.Number];

    public bool HasAnswer(InstrumentItem item) =>
        _responses.TryGetValue(item.Number, out var response) &&
        (response.Value is not null || (response.Declined && item.DeclineAllowed));

    /// <summary>The lowest and highest total these answers allow; equal when every scored item that is asked is answered.</summary>
    public (int Low, int High) TotalRange()
    {
        var (low, high) = (0, 0);
        foreach (var item in _definition.Items.Where(i => i.Scored))
        {
            var options = _definition.OptionsFor(item);
            var (min, max) = (options.Min(o => o.Value), options.Max(o => o.Value));
            var asked = _asked[item.Number];
            if (asked == Truth.False)
            {
                continue;
            }

            if (_responses.TryGetValue(item.Number, out var response) && response.Value is { } value)
            {
                var scored = item.Reversed ? min + max - value : value;
                low += asked == Truth.True ? scored : Math.Min(0, scored);
                high += scored;
            }
            else if (!(response.Declined && item.DeclineAllowed))
            {
                low += asked == Truth.True ? min : 0;
                high += max;
            }
        }

        return (low, high);
    }

    public Truth Evaluate(Condition condition)
    {
        if (condition.All is { } all)
        {
            return all.Aggregate(Truth.True, (acc, c) => Min(acc, Evaluate(c)));
        }

        if (condition.Any is { } any)
        {
            return any.Aggregate(Truth.False, (acc, c) => Max(acc, Evaluate(c)));
        }

        if (condition.Not is { } not)
        {
            return Evaluate(not) switch
            {
                Truth.True => Truth.False,
                Truth.False => Truth.True,
                _ => Truth.Unknown,
            };
        }

        if (condition.Item is { } item)
        {
            return ItemTruth(item);
        }

        if (condition.Total is { } total)
        {
            var (low, high) = TotalRange();
            return Compare(total, low, high);
        }

        if (condition.Count is { } count)
        {
            return CountTruth(count);
        }

        if (condition.Declined is { } declined)
        {
            return DeclinedTruth(declined);
        }

        if (condition.Sex is { } sex)
        {
            return _context.Sex is null ? Truth.Unknown : _context.Sex == sex ? Truth.True : Truth.False;
        }

        if (condition.Positive is { } positive)
        {
            var truth = _definition.Positive is null ? Truth.False : Evaluate(_definition.Positive);
            return positive ? truth : Evaluate(new Condition { Not = _definition.Positive });
        }

        throw new InvalidOperationException("A validated condition has exactly one kind.");
    }

    private Truth ItemTruth(ItemComparison comparison)
    {
        var item = _definition.FindItem(comparison.Number)!;
        var asked = _asked[item.Number];
        if (asked == Truth.False)
        {
            return Truth.False;
        }

        if (_responses.TryGetValue(item.Number, out var response))
        {
            if (response.Value is { } value)
            {
                return Min(asked, Compare(comparison, value, value));
            }

            if (response.Declined && item.DeclineAllowed)
            {
                return Truth.False;
            }
        }

        return Truth.Unknown;
    }

    private Truth CountTruth(CountComparison comparison)
    {
        var (known, unknown) = (0, 0);
        foreach (var number in comparison.Items)
        {
            var item = _definition.FindItem(number)!;
            var asked = _asked[number];
            if (asked == Truth.False)
            {
                continue;
            }

            if (_responses.TryGetValue(number, out var response) && response.Value is { } value)
            {
                if (value == comparison.Value)
                {
                    if (asked == Truth.True)
                    {
                        known++;
                    }
                    else
                    {
                        unknown++;
                    }
                }
            }
            else if (!(response.Declined && item.DeclineAllowed))
            {
                unknown++;
            }
        }

        return Compare(comparison, known, known + unknown);
    }

    private Truth DeclinedTruth(IReadOnlyList<int> numbers)
    {
        var result = Truth.False;
        foreach (var number in numbers)
        {
            var item = _definition.FindItem(number)!;
            var asked = _asked[number];
            if (asked == Truth.False)
            {
                continue;
            }

            if (_responses.TryGetValue(number, out var response) && response.Declined && item.DeclineAllowed)
            {
                result = Max(result, asked);
            }
            else if (!_responses.ContainsKey(number) || response.Value is null)
            {
                result = Max(result, Truth.Unknown);
            }
        }

        return result;
    }

    private Truth Compare(IComparison comparison, int low, int high)
    {
        var result = Truth.True;
        if (comparison.AtLeast is { } atLeast)
        {
            var t = Resolve(atLeast);
            result = Min(result, low >= t ? Truth.True : high < t ? Truth.False : Truth.Unknown);
        }

        if (comparison.AtMost is { } atMost)
        {
            var t = Resolve(atMost);
            result = Min(result, high <= t ? Truth.True : low > t ? Truth.False : Truth.Unknown);
        }

        if (comparison.EqualTo is { } equalTo)
        {
            var t = Resolve(equalTo);
            result = Min(result, low == t && high == t ? Truth.True : t < low || t > high ? Truth.False : Truth.Unknown);
        }

        return result;
    }

    private int Resolve(Threshold threshold) => threshold.Value ?? _definition.ParameterValues[threshold.Parameter!];

    private static Truth Min(Truth a, Truth b) => a < b ? a : b;

    private static Truth Max(Truth a, Truth b) => a > b ? a : b;
}
