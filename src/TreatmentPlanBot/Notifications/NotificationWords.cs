using TreatmentPlanBot.People;

namespace TreatmentPlanBot.Notifications;

/// <summary>What the sender of a notification is told about each recipient: the one place these sentences live.</summary>
public static class NotificationWords
{
    public const string NobodyReached = "nobody could be reached: tell them yourself now";
    public const string AdminsAlerted = "the clinic's admins were alerted";
    public const string AdminsUnreachable = "I couldn't reach the clinic's admins either";

    /// <summary>One sentence about everyone the notification was for, from the sender's side ("you" is the sender).</summary>
    /// <param name="reachedPhrase">What a reached recipient got: "was alerted", "got your invitation".</param>
    /// <param name="notReachedLead">How a message that reached nobody starts: "not alerted".</param>
    public static string Summary(NotificationReport report, string reachedPhrase, string notReachedLead, bool senderIsClinician = true, bool adminsAsFallback = true)
    {
        var clauses = new List<string>();
        clauses.AddRange(report.Missing.Select(m => Missing(m.Role, senderIsClinician)));
        clauses.AddRange(report.Intended.Where(d => d.State != DeliveryState.Sent).Select(Outcome));
        if (report.IntendedReached)
        {
            var reached = string.Join(" and ", report.Intended.Where(d => d.State == DeliveryState.Sent).Select(d => d.DisplayName));
            return clauses.Count == 0
                ? $"{reached} {reachedPhrase} in their chat with me"
                : $"{reached} {reachedPhrase} in their chat with me; {string.Join("; ", clauses)}";
        }

        if (!report.NobodyIntendedReachable)
        {
            return string.Join("; ", clauses);
        }

        var why = clauses.Count == 0 ? string.Empty : $"{string.Join("; ", clauses)}. ";
        if (!adminsAsFallback)
        {
            // A kind that does not fall back to the admins (feedback, check-ins): nobody else was tried, so say nothing of them.
            return $"{notReachedLead}: {why}{Capitalise(NobodyReached)}.";
        }

        var admins = report.Admins.Any(a => a.State == DeliveryState.Sent) ? AdminsAlerted
            : report.Admins.Any(a => !a.IsFinal) ? "I'm still trying to reach the clinic's admins"
            : AdminsUnreachable;
        return $"{notReachedLead}: {why}{Capitalise(NobodyReached)}; {admins}.";
    }

    /// <summary>Why a message reached none of the people it was for ("Jordan Example has blocked or removed me in Teams, ..."), for a later word to someone else.</summary>
    public static string NotReachedBecause(NotificationReport? report) =>
        report?.Intended.Where(d => d.State != DeliveryState.Sent).Select(Outcome).ToList() is { Count: > 0 } reasons
            ? string.Join("; ", reasons)
            : "they could not be reached";

    /// <summary>What became of one recipient.</summary>
    public static string Outcome(Delivery delivery) => delivery.State switch
    {
        DeliveryState.Sent => $"{delivery.DisplayName} got it in their chat with me",
        DeliveryState.Blocked => $"{delivery.DisplayName} has blocked or removed me in Teams, so it could not be delivered",
        DeliveryState.Unreachable when delivery.Reason == DirectoryErrorCodes.PlaygroundNotRunning =>
            $"I couldn't reach {delivery.DisplayName}: their Agents Playground isn't running (start it with ./run.sh --as and their name)",
        DeliveryState.Unreachable when delivery.Reason == DirectoryErrorCodes.NotConfigured =>
            $"{delivery.DisplayName} has no chat with me yet, and reaching people who never chatted with me isn't set up for this clinic",
        DeliveryState.Unreachable when delivery.Reason is "Forbidden" =>
            $"{delivery.DisplayName} has no chat with me yet, and your organisation hasn't let me open one (ask your Teams admin)",
        DeliveryState.Unreachable => $"I couldn't open a chat with {delivery.DisplayName}",
        _ => $"I'm still trying to reach {delivery.DisplayName}; I'll tell you here",
    };

    public static string Missing(RecipientRole role, bool senderIsClinician) => role switch
    {
        RecipientRole.Supervisor => senderIsClinician ? "no supervisor is assigned to you" : "no supervisor is assigned to the client's clinician",
        RecipientRole.Client => "the client has no Teams account linked yet",
        RecipientRole.ClinicianOfRecord => "the client has no clinician of record",
        _ => "there was nobody to send it to",
    };

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
