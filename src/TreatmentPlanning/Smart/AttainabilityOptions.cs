namespace TreatmentPlanning.Smart;

/// <summary>
/// The fastest change per week the validator accepts as plausible before it warns. These are warnings, not
/// rules: the clinician confirms an ambitious objective. Bound from configuration section
/// <see cref="SectionName"/>.
/// </summary>
public sealed class AttainabilityOptions
{
    public const string SectionName = "Attainability";

    /// <summary>
    /// Points per week, by measure id. Defaults are set near what fast responders to treatment show, so only changes
    /// faster than that warn. PHQ-9: course-of-treatment drops of roughly 5-10 points over 8-12 weeks are typical, so 2 a
    /// week is already quick. GAD-7 has a shorter range (0-21), hence 1.5. PCL-5 (0-80): trauma-focused courses of about
    /// 12 sessions commonly lower it by 10-30 points, so 3 a week. Measures not listed get
    /// <see cref="DefaultWeeklyScoreChangeFraction"/> of their range.
    /// </summary>
    public Dictionary<string, decimal> WeeklyScoreChange { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PHQ-9"] = 2m,
        ["GAD-7"] = 1.5m,
        ["PCL-5"] = 3m,
    };

    /// <summary>
    /// For an instrument with no <see cref="WeeklyScoreChange"/> entry: the fastest plausible change per week as a
    /// fraction of its score range. 0.075 is the pace the PHQ-9 (2 of 27) and GAD-7 (1.5 of 21) settings allow; on
    /// AUDIT-C (0-12) it is 0.9 a week, which suits a measure of drinking habits over months: 10 down to 2 needs about
    /// 9 weeks before it stops warning.
    /// </summary>
    public decimal DefaultWeeklyScoreChangeFraction { get; set; } = 0.075m;

    /// <summary>
    /// Points per week on a 0-10 self-rating. Such ratings have no published norms for change; a point a week is a
    /// deliberately generous pace for a sustained shift, so only very fast targets warn.
    /// </summary>
    public decimal WeeklyRatingChange { get; set; } = 1m;

    /// <summary>Problems with the configured values, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (measureId, rate) in WeeklyScoreChange)
        {
            if (rate <= 0)
            {
                problems.Add($"{SectionName}:{nameof(WeeklyScoreChange)}:{measureId} must be greater than 0 (was {rate}).");
            }
        }

        if (DefaultWeeklyScoreChangeFraction is <= 0 or > 1)
        {
            problems.Add($"{SectionName}:{nameof(DefaultWeeklyScoreChangeFraction)} must be greater than 0 and at most 1 (was {DefaultWeeklyScoreChangeFraction}).");
        }

        if (WeeklyRatingChange is <= 0 or > 10)
        {
            problems.Add($"{SectionName}:{nameof(WeeklyRatingChange)} must be greater than 0 and at most 10 (was {WeeklyRatingChange}).");
        }

        return problems;
    }

    internal decimal? WeeklyScoreChangeFor(string measureId) =>
        WeeklyScoreChange.FirstOrDefault(r => string.Equals(r.Key, measureId, StringComparison.OrdinalIgnoreCase)) is { Key: not null } match
            ? match.Value
            : null;
}
