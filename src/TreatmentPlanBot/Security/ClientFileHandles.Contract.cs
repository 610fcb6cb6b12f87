using BotCore.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Security;

/// <summary>The clinician of record asks for end-of-session feedback and reads the answers (their supervisor does not).</summary>
public sealed partial class ClinicianFile
{
    /// <inheritdoc cref="ClientRecords.AddSessionFeedbackAsync"/>
    public Task AddSessionFeedbackAsync(SessionFeedbackRecord feedback, CancellationToken cancellationToken)
    {
        EnsureSameClient(feedback.ClientId);
        return Records.AddSessionFeedbackAsync(feedback, cancellationToken);
    }

    public Task<IReadOnlyList<SessionFeedbackRecord>> ListSessionFeedbackAsync(CancellationToken cancellationToken) =>
        Records.ListSessionFeedbackAsync(ClientId, cancellationToken);

    public Task<Versioned<SessionFeedbackRecord>?> FindSessionFeedbackAsync(string feedbackId, CancellationToken cancellationToken) =>
        Records.FindSessionFeedbackAsync(ClientId, feedbackId, cancellationToken);
}

/// <summary>The client answers their own feedback requests, and reads their own earlier answers (for the trend).</summary>
public sealed partial class OwnFile
{
    /// <summary>What the file was opened for: answering needs <see cref="ClientAction.AnswerAsClient"/>.</summary>
    internal ClientAction OpenedFor { get; init; }

    public Task<Versioned<SessionFeedbackRecord>?> FindSessionFeedbackAsync(string feedbackId, CancellationToken cancellationToken) =>
        Records.FindSessionFeedbackAsync(ClientId, feedbackId, cancellationToken);

    public Task<IReadOnlyList<SessionFeedbackRecord>> ListSessionFeedbackAsync(CancellationToken cancellationToken) =>
        Records.ListSessionFeedbackAsync(ClientId, cancellationToken);

    /// <summary>Stores the client's answers on their own request, ETag-guarded (a second press finds it answered).</summary>
    public Task<string> AnswerSessionFeedbackAsync(SessionFeedbackRecord answered, string ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(answered.ClientId);
        if (OpenedFor != ClientAction.AnswerAsClient)
        {
            throw new InvalidOperationException("This file was not opened for answering.");
        }

        return Records.ReplaceSessionFeedbackAsync(answered, ifMatch, cancellationToken);
    }
}

/// <summary>What became of a signature.</summary>
public enum SigningOutcome
{
    Signed,
    /// <summary>This role had already signed the version (a double press): nothing changed.</summary>
    AlreadySigned,
    /// <summary>The card showed an older version or content: nothing was signed.</summary>
    Outdated,
    /// <summary>A plan rule refused it (nothing to sign yet, a supervisor before the clinician, a closed plan).</summary>
    Refused,
    NoPlan,
}

public sealed record SigningResult(SigningOutcome Outcome, TreatmentPlan? Plan, Signature? Signature, string? Reason);

/// <summary>
/// A plan opened to be signed in one role (client, clinician of record, or the clinician's supervisor), checked and
/// audited as SignAsClient, SignAsClinician or CoSign. It signs only the version and content the signer was shown, and
/// shows the client no more than the client-facing view.
/// </summary>
public sealed class SigningFile : ClientFile
{
    internal SigningFile(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship, SignerRole role)
        : base(records, openedBy, enrolment, relationship)
    {
        Role = role;
    }

    public SignerRole Role { get; }

    public async Task<ClientFacingPlan?> GetClientFacingPlanAsync(CancellationToken cancellationToken) =>
        (await Records.GetPlanAsync(ClientId, cancellationToken).ConfigureAwait(false)) is { } plan ? ClientFacingPlan.From(plan.Value) : null;

    /// <summary>
    /// Signs <paramref name="version"/> if it is still the current version with <paramref name="contentHash"/>; a write
    /// that meets another change is tried again on the re-read plan (progress does not change the version).
    /// </summary>
    public async Task<SigningResult> SignAsync(int version, string contentHash, string? typedName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await Records.GetPlanAsync(ClientId, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                return new SigningResult(SigningOutcome.NoPlan, null, null, null);
            }

            var plan = stored.Value;
            if (!PlanSigning.IsCurrent(plan, version, contentHash))
            {
                return new SigningResult(SigningOutcome.Outdated, plan, null, null);
            }

            if (PlanSigning.SignatureOf(plan, Role) is { } existing)
            {
                return new SigningResult(SigningOutcome.AlreadySigned, plan, existing, null);
            }

            TreatmentPlan signed;
            try
            {
                signed = plan.Sign(Role, Role == SignerRole.Client ? ClientId : OpenedBy.UserId, at, typedName);
            }
            catch (PlanRuleException exception)
            {
                return new SigningResult(SigningOutcome.Refused, plan, null, exception.Message);
            }

            try
            {
                await Records.SavePlanAsync(signed, stored.ETag, cancellationToken).ConfigureAwait(false);
                return new SigningResult(SigningOutcome.Signed, signed, PlanSigning.SignatureOf(signed, Role), null);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
                // Changed meanwhile: read again; an edit makes a new version and the signature is refused as outdated.
            }
        }

        throw new StorageException(StorageErrorKind.Conflict, "The plan kept changing while it was being signed.");
    }
}
