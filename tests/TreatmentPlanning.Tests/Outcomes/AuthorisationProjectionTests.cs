using TreatmentPlanning.Outcomes;

namespace TreatmentPlanning.Tests.Outcomes;

public class AuthorisationProjectionTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    [Fact]
    public void Enough_sessions_before_expiry_is_covered_without_warnings()
    {
        var outlook = AuthorisationProjection.Project(
            new SessionAuthorisation(20, 8, Today.AddDays(120)),
            [new("Walk to the shop twice a week", Today.AddDays(28)), new("PHQ-9 under 10", Today.AddDays(56))],
            sessionsPerWeek: 1,
            Today);

        Assert.True(outlook.Covered);
        Assert.Equal(12, outlook.SessionsRemaining);
        Assert.Equal(8, outlook.SessionsNeeded);
        Assert.Empty(outlook.Warnings);
    }

    [Fact]
    public void Exactly_as_many_sessions_as_needed_is_covered()
    {
        var outlook = AuthorisationProjection.Project(
            new SessionAuthorisation(10, 2, Today.AddDays(60)), [new("Sleep 7 hours", Today.AddDays(56))], 1, Today);

        Assert.True(outlook.Covered);
        Assert.Equal(8, outlook.SessionsNeeded);
    }

    [Fact]
    public void Too_few_sessions_for_the_last_objective_warns_with_the_numbers()
    {
        var outlook = AuthorisationProjection.Project(
            new SessionAuthorisation(10, 3, Today.AddDays(120)), [new("Sleep 7 hours", Today.AddDays(56))], 1, Today);

        Assert.False(outlook.Covered);
        Assert.Equal(
            "At 1 session a week, meeting every remaining objective by 2026-04-27 needs 8 more sessions, but only 7 of 10 authorised remain (they run out around 2026-04-20): request more sessions, meet more often, or revise the objectives.",
            Assert.Single(outlook.Warnings));
    }

    [Fact]
    public void Twice_weekly_sessions_use_the_authorisation_up_faster()
    {
        var outlook = AuthorisationProjection.Project(
            new SessionAuthorisation(12, 0, Today.AddDays(120)), [new("Fewer outbursts", Today.AddDays(49))], 2, Today);

        Assert.False(outlook.Covered);
        Assert.Equal(14, outlook.SessionsNeeded);
    }

    [Fact]
    public void An_objective_due_after_expiry_warns_and_names_it()
    {
        var outlook = AuthorisationProjection.Project(
            new SessionAuthorisation(30, 0, Today.AddDays(30)), [new("Return to work part-time", Today.AddDays(45))], 0.5m, Today);

        Assert.False(outlook.Covered);
        Assert.Equal(["Return to work part-time"], outlook.ObjectivesAfterExpiry.Select(o => o.Description));
        Assert.Equal(
            "The authorisation expires on 2026-04-01, before the objective \"Return to work part-time\" (2026-04-16) is expected to be met: request an extension or revise the dates.",
            Assert.Single(outlook.Warnings));
    }

    [Fact]
    public void An_expired_authorisation_is_never_covered()
    {
        var outlook = AuthorisationProjection.Project(new SessionAuthorisation(10, 2, Today.AddDays(-1)), [], 1, Today);

        Assert.False(outlook.Covered);
        Assert.StartsWith("The authorisation expired on 2026-03-01", Assert.Single(outlook.Warnings));
    }

    [Fact]
    public void An_objective_past_its_date_asks_for_completion_or_a_new_date()
    {
        var outlook = AuthorisationProjection.Project(
            new SessionAuthorisation(10, 2, Today.AddDays(60)), [new("Join a walking group", Today.AddDays(-3))], 1, Today);

        Assert.Contains(outlook.Warnings, w => w.StartsWith("Past the expected date: the objective \"Join a walking group\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_frequency_of_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            AuthorisationProjection.Project(new SessionAuthorisation(10, 0, Today.AddDays(60)), [], 0, Today));
    }
}
