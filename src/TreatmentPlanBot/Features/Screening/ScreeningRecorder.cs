using BotCore.Storage;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>What saving a screening came to: saved (with the client's status now), or refused with words to show.</summary>
public sealed record ScreeningSaveResult(bool Saved, ClientStatus Status, string? RefusalMessage)
{
    /// <summary>The screening's row was already there: an earlier press of the same Save (or a re-run turn) stored it.</summary>
    public bool AlreadySaved { get; init; }

    public static ScreeningSaveResult Refused(string message) => new(false, ClientStatus.Screening, message);
}

/// <summary>
/// Saves a finished screening: for a new client the enrolment and profile (one transaction), then the screening
/// record, then the caseload line. Every write is idempotent for one draft (its ids are fixed), so a re-run turn or
/// a second click finds the rows already there and carries on. Storage outages propagate to the dialog, which keeps
/// the answers and offers to try again.
/// </summary>
public sealed class ScreeningRecorder(ClientFiles files, CaseloadRefresher caseload, ILogger<ScreeningRecorder> logger)
{
    private const int ConflictAttempts = 3;

    public async Task<ScreeningSaveResult> SaveAsync(Caller caller, ScreeningToSave draft, IReadOnlyList<string> recommended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.NewClient is { } details)
        {
            // The creation is the first audited write on the new file (an earlier run of this same save may have made it).
            var status = draft.Referral is null ? ClientStatus.Assessment : ClientStatus.Referred;
            var enrolment = new ClientEnrolment(draft.ClientId, caller.TenantId, caller.UserId, draft.DisplayName, status, draft.ScreenedAt);
            var created = await files.CreateAsync(caller, enrolment, details.ToProfile(draft.ClientId), "enrolment and profile", cancellationToken).ConfigureAwait(false);
            if (!created.Allowed)
            {
                return ScreeningSaveResult.Refused(AccessDecision.RefusalMessage);
            }
        }

        var opened = await files.OpenAsClinicianAsync(caller, draft.ClientId, ClientAction.Write, "screening", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return ScreeningSaveResult.Refused(AccessDecision.RefusalMessage);
        }

        var file = opened.File;

        var alreadySaved = false;
        try
        {
            await file.AddScreeningAsync(ToRecord(draft, caller, recommended), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            alreadySaved = true;
        }

        var finalStatus = draft.NewClient is null
            ? await UpdateStatusAsync(file, draft, cancellationToken).ConfigureAwait(false)
            : draft.Referral is null ? ClientStatus.Assessment : ClientStatus.Referred;
        await caseload.RefreshAsync(draft.ClientId, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Screening {ScreeningId} saved for client {ClientId} by {ActorId}", draft.ScreeningId, draft.ClientId, caller.UserId);
        return new ScreeningSaveResult(true, finalStatus, null) { AlreadySaved = alreadySaved };
    }

    /// <summary>A returning client's status follows the screening: a referral refers them; a kept client who had left returns to assessment.</summary>
    private async Task<ClientStatus> UpdateStatusAsync(ClinicianFile file, ScreeningToSave draft, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await file.GetEnrolmentAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new StorageException(StorageErrorKind.NotFound, $"Client {draft.ClientId} has no enrolment.");
            var wanted = draft.Referral is not null
                ? ClientStatus.Referred
                : current.Value.Status is ClientStatus.Referred or ClientStatus.Discharged ? ClientStatus.Assessment : current.Value.Status;
            if (wanted == current.Value.Status)
            {
                return wanted;
            }

            var decision = await files.OpenAsClinicianAsync(file.OpenedBy, draft.ClientId, ClientAction.Write, "enrolment status", cancellationToken).ConfigureAwait(false);
            if (!decision.Allowed)
            {
                return current.Value.Status;
            }

            try
            {
                await file.ReplaceEnrolmentAsync(current.Value with { Status = wanted }, current.ETag, cancellationToken).ConfigureAwait(false);
                return wanted;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
                // Someone changed the enrolment meanwhile (a reassignment, another status): re-read and apply again.
                // The screening itself is saved; a status that keeps losing the race is left for the next change.
                if (attempt == ConflictAttempts)
                {
                    logger.LogWarning("Status of client {ClientId} not updated after screening {ScreeningId}: the enrolment kept changing", draft.ClientId, draft.ScreeningId);
                    return current.Value.Status;
                }
            }
        }
    }

    private static ScreeningRecord ToRecord(ScreeningToSave draft, Caller caller, IReadOnlyList<string> recommended) => new(
        draft.ScreeningId,
        draft.Concerns,
        draft.ConcernsInOwnWords,
        draft.Urgency,
        draft.PriorTreatment,
        draft.FitsClinician,
        draft.Referral?.Reason,
        draft.Referral?.Destination,
        recommended,
        draft.ScreenedAt,
        caller.UserId);
}
