using BotCore.Connector;
using BotCore.Scheduling;
using BotCore.Schema;
using BotCore.Storage;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Notifications;

/// <summary>
/// The one way a proactive message (risk alert, invitation, check-in, digest, reminder) reaches people: resolves the
/// recipients from the client's enrolment, checks whether each may read the client's record (audited) so their message
/// names the client only then, reaches each through their stored personal chat or by installing the app, sends through
/// the connector (its pacing and retries), and records the outcome per recipient. Once per (notification, recipient):
/// the delivery row is inserted as a claim before sending, and only the caller whose insert succeeded sends. Within a
/// turn it holds the person for at most <see cref="NotificationOptions.InTurnBudget"/>; whatever is not done by then (or
/// failed in a way that may pass) is handed to the scheduler (<see cref="WorkKind"/>, payload: the notification id).
/// </summary>
public sealed class Notifier(
    NotificationStore store,
    IEnumerable<INotificationKind> kinds,
    ClientRecords records,
    StaffDirectory staff,
    AccessRequests accessRequests,
    ClientFiles files,
    PersonalChats chats,
    ITeamsAppInstaller installer,
    IPeopleDirectory directory,
    IConnectorClient connector,
    WorkScheduler scheduler,
    IOptions<NotificationOptions> options,
    IOptions<ScheduledWorkOptions> schedulerOptions,
    TimeProvider time,
    ILogger<Notifier> logger)
{
    public const string WorkKind = "notification";

    private static readonly TimeSpan OutcomePoll = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, INotificationKind> _kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);

    /// <summary>Sends <paramref name="notification"/> to everyone it is for, once, and says what is known now.</summary>
    public async Task<NotificationReport> NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        notification = await store.SaveAsync(notification, cancellationToken).ConfigureAwait(false);
        var kind = KindOf(notification);
        using var budget = new CancellationTokenSource(options.Value.InTurnBudget, time);
        var (targets, missing) = await ResolveAsync(notification, cancellationToken).ConfigureAwait(false);
        var claimedBy = $"turn-{Guid.NewGuid():N}";
        var deliveries = new List<Delivery>();
        foreach (var target in targets)
        {
            deliveries.Add(await DeliverOnceAsync(notification, kind, target, claimedBy, budget.Token, cancellationToken).ConfigureAwait(false));
        }

        var report = new NotificationReport(notification.Id, deliveries, missing);
        if (report.NobodyIntendedReachable && notification.AdminsAsFallback)
        {
            foreach (var admin in await AdminsAsync(notification, targets, cancellationToken).ConfigureAwait(false))
            {
                deliveries.Add(await DeliverOnceAsync(notification, kind, admin, claimedBy, budget.Token, cancellationToken).ConfigureAwait(false));
            }

            report = report with { Deliveries = deliveries };
        }

        if (deliveries.Any(d => d.State == DeliveryState.Retrying))
        {
            await scheduler.ScheduleAsync(WorkId(notification.Id), WorkKind, time.GetUtcNow() + options.Value.RetryDelay,
                new NotificationWork(notification.Id), notification.TenantId, cancellationToken).ConfigureAwait(false);
        }
        else if (!report.Pending)
        {
            await kind.SettledAsync(notification, report, cancellationToken).ConfigureAwait(false);
        }

        return report;
    }

    /// <summary>What storage says now about a notification (null when it was never stored).</summary>
    public async Task<NotificationReport?> ReportAsync(string notificationId, CancellationToken cancellationToken)
    {
        var notification = await store.FindAsync(notificationId, cancellationToken).ConfigureAwait(false);
        if (notification is null)
        {
            return null;
        }

        var (_, missing) = await ResolveAsync(notification, cancellationToken).ConfigureAwait(false);
        var deliveries = await store.ListDeliveriesAsync(notificationId, cancellationToken).ConfigureAwait(false);
        return new NotificationReport(notificationId, [.. deliveries.Select(d => d.Value)], missing);
    }

    public string Summary(Notification notification, NotificationReport report)
    {
        var kind = KindOf(notification);
        return NotificationWords.Summary(report, kind.ReachedPhrase, kind.NotReachedLead, adminsAsFallback: notification.AdminsAsFallback);
    }

    /// <summary>The scheduler's run: tries again every delivery the turn handed over, then settles and tells the sender.</summary>
    internal async Task<WorkOutcome> RetryAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var notification = await store.FindAsync(item.ReadPayload<NotificationWork>().NotificationId, cancellationToken).ConfigureAwait(false);
        if (notification is null)
        {
            return WorkOutcome.Done;
        }

        var kind = KindOf(notification);
        var claimedBy = $"work-{item.Attempt}-{Guid.NewGuid():N}";
        // Give up on our last run, and before the scheduler's own limit would fail the item with deliveries left open.
        var lastAttempt = item.Attempt >= Math.Min(options.Value.MaxAttempts, schedulerOptions.Value.MaxAttempts);
        foreach (var (delivery, etag) in await store.ListDeliveriesAsync(notification.Id, cancellationToken).ConfigureAwait(false))
        {
            if (!(delivery.State == DeliveryState.Retrying || (delivery.State == DeliveryState.Claimed && IsStale(delivery))))
            {
                continue;
            }

            var claim = delivery with { State = DeliveryState.Claimed, ClaimedAt = time.GetUtcNow(), ClaimedBy = claimedBy };
            if (await store.ReplaceAsync(claim, etag, cancellationToken).ConfigureAwait(false) is not { } claimTag)
            {
                continue;
            }

            var target = new Target(delivery.UserId, delivery.DisplayName, delivery.Role);
            await AttemptAndRecordAsync(notification, kind, target, claim, claimTag, CancellationToken.None, lastAttempt, cancellationToken).ConfigureAwait(false);
        }

        var report = (await ReportAsync(notification.Id, cancellationToken).ConfigureAwait(false))!;
        if (report.NobodyIntendedReachable && notification.AdminsAsFallback && !report.Admins.Any())
        {
            var (targets, _) = await ResolveAsync(notification, cancellationToken).ConfigureAwait(false);
            foreach (var admin in await AdminsAsync(notification, targets, cancellationToken).ConfigureAwait(false))
            {
                await DeliverOnceAsync(notification, kind, admin, claimedBy, CancellationToken.None, cancellationToken).ConfigureAwait(false);
            }

            report = (await ReportAsync(notification.Id, cancellationToken).ConfigureAwait(false))!;
        }

        if (report.Pending)
        {
            var wait = options.Value.RetryDelay * Math.Pow(2, Math.Min(item.Attempt, 10));
            return WorkOutcome.RetryAt(time.GetUtcNow() + wait, "RecipientNotReachedYet");
        }

        await kind.SettledAsync(notification, report, cancellationToken).ConfigureAwait(false);
        if (notification.SenderUserId is { } sender && notification.Kind != NotificationUpdate.KindName)
        {
            // The sender was told in their turn that it was still being tried, and "I'll tell you here".
            await NotifyAsync(new Notification($"{notification.Id}|update", NotificationUpdate.KindName, notification.TenantId)
            {
                NamedUsers = [new NamedRecipient(sender, null)],
                SubjectId = notification.Id,
                AdminsAsFallback = false,
            }, cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }

    internal INotificationKind KindOf(Notification notification) =>
        _kinds.TryGetValue(notification.Kind, out var kind) ? kind : throw new InvalidOperationException($"No notification kind '{notification.Kind}' is registered.");

    internal static string WorkId(string notificationId) => $"notification|{notificationId}";

    private bool IsStale(Delivery delivery) => time.GetUtcNow() - delivery.ClaimedAt >= options.Value.ClaimLease;

    private async Task<Delivery> DeliverOnceAsync(Notification notification, INotificationKind kind, Target target, string claimedBy, CancellationToken budget, CancellationToken cancellationToken)
    {
        var claim = new Delivery(notification.Id, target.UserId, target.DisplayName, target.Role, DeliveryState.Claimed, time.GetUtcNow(), claimedBy);
        var claimTag = await store.ClaimAsync(claim, cancellationToken).ConfigureAwait(false);
        if (claimTag is null)
        {
            // Another caller holds it (a double press, a turn re-run): wait for its outcome within our budget.
            var held = await AwaitOutcomeAsync(notification.Id, target.UserId, budget, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                return claim with { State = DeliveryState.Retrying };
            }

            if (held.Value.State != DeliveryState.Claimed || !IsStale(held.Value))
            {
                return held.Value;
            }

            claim = claim with { ClaimedAt = time.GetUtcNow() };
            claimTag = await store.ReplaceAsync(claim, held.ETag, cancellationToken).ConfigureAwait(false);
            if (claimTag is null)
            {
                return held.Value;
            }

            logger.LogWarning("Notification {NotificationId} to {UserId} taken over from a holder that recorded no outcome", notification.Id, target.UserId);
        }

        return await AttemptAndRecordAsync(notification, kind, target, claim, claimTag, budget, lastAttempt: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Versioned<Delivery>?> AwaitOutcomeAsync(string notificationId, string userId, CancellationToken budget, CancellationToken cancellationToken)
    {
        Versioned<Delivery>? held;
        do
        {
            held = await store.FindDeliveryAsync(notificationId, userId, cancellationToken).ConfigureAwait(false);
            if (held is null || held.Value.State != DeliveryState.Claimed || IsStale(held.Value))
            {
                return held;
            }

            try
            {
                await Task.Delay(OutcomePoll, time, budget).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return held;
            }
        }
        while (!cancellationToken.IsCancellationRequested);

        return held;
    }

    private async Task<Delivery> AttemptAndRecordAsync(Notification notification, INotificationKind kind, Target target, Delivery claim, string claimTag, CancellationToken budget, bool lastAttempt, CancellationToken cancellationToken)
    {
        var (state, reason) = await AttemptAsync(notification, kind, target, budget, cancellationToken).ConfigureAwait(false);
        if (state == DeliveryState.Retrying && lastAttempt)
        {
            state = DeliveryState.Unreachable;
        }

        var outcome = claim with { State = state, Reason = reason, SettledAt = state == DeliveryState.Retrying ? null : time.GetUtcNow() };
        logger.LogInformation("Notification {NotificationId} ({Kind}) to {UserId} as {Role}: {State} {Reason}", notification.Id, notification.Kind, target.UserId, target.Role, state, reason);
        if (await store.ReplaceAsync(outcome, claimTag, cancellationToken).ConfigureAwait(false) is null)
        {
            // Our claim was taken over (we outlived the lease); the holder records its own outcome.
            logger.LogWarning("Notification {NotificationId} to {UserId}: outcome not recorded, the claim was taken over", notification.Id, target.UserId);
        }

        return outcome;
    }

    private async Task<(DeliveryState State, string? Reason)> AttemptAsync(Notification notification, INotificationKind kind, Target target, CancellationToken budget, CancellationToken cancellationToken)
    {
        ClientEnrolment? readable = null;
        if (notification.ClientId is { } clientId)
        {
            var caller = new Caller(notification.TenantId, target.UserId, target.DisplayName, InPersonalChat: true);
            readable = (await files.MayReadAsync(caller, clientId, $"notification {notification.Kind}", cancellationToken).ConfigureAwait(false)).Enrolment;
        }

        var message = await kind.ComposeAsync(notification, new NotificationRecipient(target.UserId, target.DisplayName, target.Role, readable), cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return (DeliveryState.Unreachable, "NothingToSend");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget, cancellationToken);
        try
        {
            var chat = await chats.FindAsync(notification.TenantId, target.UserId, cancellationToken).ConfigureAwait(false);
            var reference = chat?.Value.Reference ?? await OlderChatAsync(notification.TenantId, target.UserId, cancellationToken).ConfigureAwait(false);
            if (reference is null)
            {
                var installed = await installer.EnsureInstalledAsync(notification.TenantId, target.UserId, linked.Token).ConfigureAwait(false);
                if (!installed.IsFound)
                {
                    var code = installed.Outcome == DirectoryOutcome.Forbidden ? "Forbidden" : installed.ErrorCode ?? installed.Outcome.ToString();
                    var passing = installed.Outcome is DirectoryOutcome.Throttled
                        || (installed.Outcome == DirectoryOutcome.Failed && installed.ErrorCode is not DirectoryErrorCodes.NotConfigured);
                    return (passing ? DeliveryState.Retrying : DeliveryState.Unreachable, code);
                }

                reference = installed.Value!;
                await chats.SaveInstalledAsync(notification.TenantId, target.UserId, reference, cancellationToken).ConfigureAwait(false);
            }

            if (reference.ServiceUrl is not { } serviceUrl || reference.Conversation?.Id is not { } conversationId)
            {
                return (DeliveryState.Unreachable, "NoConversation");
            }

            var sent = await connector.SendToConversationAsync(serviceUrl, conversationId, message.ApplyConversationReference(reference with { ActivityId = null }), linked.Token).ConfigureAwait(false);
            switch (sent.Outcome)
            {
                case ConnectorOutcome.Success:
                    if (chat is { Value.Reachability: not Reachability.Reachable })
                    {
                        await chats.MarkAsync(notification.TenantId, target.UserId, Reachability.Reachable, null, cancellationToken).ConfigureAwait(false);
                    }

                    return (DeliveryState.Sent, null);
                case ConnectorOutcome.Blocked:
                    await chats.MarkAsync(notification.TenantId, target.UserId, Reachability.Blocked, sent.ErrorCode, cancellationToken).ConfigureAwait(false);
                    return (DeliveryState.Blocked, sent.ErrorCode);
                case ConnectorOutcome.Failed when sent.ErrorCode is "UntrustedServiceUrl" or "InsecureServiceUrl":
                    await chats.MarkAsync(notification.TenantId, target.UserId, Reachability.Unreachable, sent.ErrorCode, cancellationToken).ConfigureAwait(false);
                    return (DeliveryState.Unreachable, sent.ErrorCode);
                default:
                    return (DeliveryState.Retrying, sent.ErrorCode ?? sent.Outcome.ToString());
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (DeliveryState.Retrying, "InTurnBudget");
        }
        catch (HttpRequestException)
        {
            return (DeliveryState.Retrying, "TransportFailure");
        }
    }

    /// <summary>Chats stored before the one store existed: on the staff entry, or on a request for access.</summary>
    private async Task<ConversationReference?> OlderChatAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        (await staff.FindAsync(tenantId, userId, cancellationToken).ConfigureAwait(false))?.Value.PersonalChat
        ?? (await accessRequests.FindAsync(tenantId, userId, cancellationToken).ConfigureAwait(false))?.PersonalChat;

    private async Task<(IReadOnlyList<Target> Targets, IReadOnlyList<MissingRecipient> Missing)> ResolveAsync(Notification notification, CancellationToken cancellationToken)
    {
        var targets = new List<Target>();
        var missing = new List<MissingRecipient>();
        if (notification.ClientId is { } clientId && notification.Audience != Audience.None)
        {
            var enrolment = (await records.GetEnrolmentAsync(clientId, cancellationToken).ConfigureAwait(false))?.Value;
            if (enrolment is not null && string.Equals(enrolment.TenantId, notification.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                var clinician = (await staff.FindAsync(enrolment.TenantId, enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value;
                if (notification.Audience.HasFlag(Audience.ClinicianOfRecord))
                {
                    targets.Add(new Target(enrolment.ClinicianId, clinician?.DisplayName ?? "the client's clinician", RecipientRole.ClinicianOfRecord));
                }

                if (notification.Audience.HasFlag(Audience.Supervisor))
                {
                    if (clinician?.SupervisorId is { } supervisorId)
                    {
                        var supervisor = (await staff.FindAsync(enrolment.TenantId, supervisorId, cancellationToken).ConfigureAwait(false))?.Value;
                        targets.Add(new Target(supervisorId, supervisor?.DisplayName ?? "your supervisor", RecipientRole.Supervisor));
                    }
                    else
                    {
                        missing.Add(new MissingRecipient(RecipientRole.Supervisor));
                    }
                }

                if (notification.Audience.HasFlag(Audience.Client))
                {
                    if (enrolment.ClientUserId is { } clientUser)
                    {
                        targets.Add(new Target(clientUser, enrolment.DisplayName, RecipientRole.Client));
                    }
                    else
                    {
                        missing.Add(new MissingRecipient(RecipientRole.Client));
                    }
                }
            }
        }

        foreach (var named in notification.NamedUsers)
        {
            var name = named.DisplayName
                ?? (await staff.FindAsync(notification.TenantId, named.UserId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName
                ?? (await directory.GetAsync(notification.TenantId, named.UserId, cancellationToken).ConfigureAwait(false)).Value?.DisplayName
                ?? "that person";
            targets.Add(new Target(named.UserId, name, RecipientRole.Named));
        }

        return ([.. targets.DistinctBy(t => t.UserId, StringComparer.OrdinalIgnoreCase)], missing);
    }

    private async Task<IReadOnlyList<Target>> AdminsAsync(Notification notification, IReadOnlyList<Target> intended, CancellationToken cancellationToken) =>
        [.. (await staff.ListAsync(notification.TenantId, cancellationToken).ConfigureAwait(false))
            .Where(m => m.Has(StaffRoles.Admin))
            .Where(m => !string.Equals(m.UserId, notification.SenderUserId, StringComparison.OrdinalIgnoreCase))
            .Where(m => !intended.Any(t => string.Equals(t.UserId, m.UserId, StringComparison.OrdinalIgnoreCase)))
            .Select(m => new Target(m.UserId, m.DisplayName, RecipientRole.Admin))];

    private sealed record Target(string UserId, string DisplayName, RecipientRole Role);
}

/// <summary>The scheduler's payload: the notification id, nothing else.</summary>
public sealed record NotificationWork(string NotificationId);

/// <summary>Runs the scheduler's <see cref="Notifier.WorkKind"/> items.</summary>
internal sealed class NotificationWorkHandler(Notifier notifier) : IScheduledWorkHandler
{
    public Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken) =>
        notifier.RetryAsync(item, cancellationToken);
}
