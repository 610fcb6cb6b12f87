using TreatmentPlanBot.Notifications;

namespace TreatmentPlanBot.Tests.Notifications;

public sealed class NotificationWordsTests
{
    private static NotificationReport Unreachable(params Delivery[] more) =>
        new("n-1", [new Delivery("n-1", "client-user", "Jordan Example", RecipientRole.Client, DeliveryState.Unreachable, DateTimeOffset.UnixEpoch, "test") { Reason = "their chat could not be opened" }, .. more], []);

    [Fact]
    public void A_kind_without_the_admin_fallback_says_nothing_of_admins_when_nobody_was_reached()
    {
        var words = NotificationWords.Summary(Unreachable(), "got the card", "not asked", adminsAsFallback: false);

        Assert.DoesNotContain("admins", words, StringComparison.Ordinal);
        Assert.EndsWith("tell them yourself now.", words, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_with_the_admin_fallback_still_says_what_became_of_the_admins()
    {
        var words = NotificationWords.Summary(Unreachable(), "was alerted", "not alerted");

        Assert.Contains(NotificationWords.AdminsUnreachable, words, StringComparison.Ordinal);
    }
}
