namespace TreatmentPlanning.Plans;

/// <summary>
/// How accurate an objective's projection was: its actual completion against the date first anticipated (in the
/// earliest version that held the objective) and the date anticipated last. Positive days are late, negative early.
/// </summary>
public sealed record ProjectionAccuracy(DateOnly Actual, DateOnly FirstAnticipated, DateOnly LastAnticipated)
{
    public int DaysLate => Actual.DayNumber - FirstAnticipated.DayNumber;

    public bool WasMoved => FirstAnticipated != LastAnticipated;

    /// <summary>Null until the objective is achieved with a date and had an anticipated one.</summary>
    public static ProjectionAccuracy? Of(TreatmentPlan plan, Objective objective)
    {
        if (objective.ActualCompletion is not { } actual || objective.AnticipatedCompletion is not { } last)
        {
            return null;
        }

        var first = plan.PriorVersions
            .OrderBy(v => v.Number)
            .Select(v => v.Problems.SelectMany(p => p.Goals).SelectMany(g => g.Objectives).FirstOrDefault(o => o.Id == objective.Id)?.AnticipatedCompletion)
            .FirstOrDefault(d => d is not null) ?? last;
        return new ProjectionAccuracy(actual, first, last);
    }
}
