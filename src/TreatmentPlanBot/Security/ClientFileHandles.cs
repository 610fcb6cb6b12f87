using TreatmentPlanBot.Records;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Safety;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Security;

/// <summary>
/// An opened client file, bound to one client and to the caller who opened it through <see cref="ClientFiles"/>. Only
/// <see cref="ClientFiles"/> makes one; what a handle exposes is what its caller's relationship allows, and nothing of it
/// gives the raw store away.
/// </summary>
public abstract class ClientFile
{
    private protected ClientFile(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship)
    {
        Records = records;
        OpenedBy = openedBy;
        Enrolment = enrolment;
        Relationship = relationship;
    }

    public string ClientId => Enrolment.ClientId;

    /// <summary>The enrolment as read when the file was opened.</summary>
    public ClientEnrolment Enrolment { get; }

    public ClientRelationship Relationship { get; }

    public Caller OpenedBy { get; }

    private protected ClientRecords Records { get; }

    private protected void EnsureSameClient(string clientId)
    {
        if (!string.Equals(clientId, ClientId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A client file only holds its own client's records.");
        }
    }
}

/// <summary>
/// The clinical record, read only: the clinician of record's supervisor sees plan, assessments, progress, risk events
/// and screenings, and the profile without its clinician-only parts.
/// </summary>
public class ClinicalView : ClientFile
{
    private protected ClinicalView(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship)
        : base(records, openedBy, enrolment, relationship)
    {
    }

    internal static ClinicalView Open(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship) =>
        new(records, openedBy, enrolment, relationship);

    public Task<Versioned<TreatmentPlan>?> GetPlanAsync(CancellationToken cancellationToken) => Records.GetPlanAsync(ClientId, cancellationToken);

    /// <summary>The profile without the trauma-informed overview.</summary>
    public async Task<ClientProfile?> GetSharedProfileAsync(CancellationToken cancellationToken) =>
        (await Records.GetProfileAsync(ClientId, cancellationToken).ConfigureAwait(false))?.Value.WithoutClinicianOnly();

    public Task<IReadOnlyList<AssessmentRecord>> ListAssessmentsAsync(CancellationToken cancellationToken) => Records.ListAssessmentsAsync(ClientId, cancellationToken);

    public Task<AssessmentRecord?> FindAssessmentAsync(string assessmentId, CancellationToken cancellationToken) => Records.FindAssessmentAsync(ClientId, assessmentId, cancellationToken);

    public Task<IReadOnlyList<ObjectiveProgress>> ListProgressAsync(CancellationToken cancellationToken) => Records.ListProgressAsync(ClientId, cancellationToken);

    public Task<IReadOnlyList<RiskEvent>> ListRiskEventsAsync(CancellationToken cancellationToken) => Records.ListRiskEventsAsync(ClientId, cancellationToken);

    public Task<Versioned<RiskEvent>?> FindRiskEventAsync(string riskEventId, CancellationToken cancellationToken) => Records.FindRiskEventAsync(ClientId, riskEventId, cancellationToken);

    public Task<IReadOnlyList<ScreeningRecord>> ListScreeningsAsync(CancellationToken cancellationToken) => Records.ListScreeningsAsync(ClientId, cancellationToken);

    /// <summary>Every saved version of the safety plan, oldest first (the brief safety assessment included).</summary>
    public Task<IReadOnlyList<SafetyPlan>> ListSafetyPlansAsync(CancellationToken cancellationToken) => Records.ListSafetyPlansAsync(ClientId, cancellationToken);

    public Task<Versioned<CheckInSchedule>?> GetCheckInScheduleAsync(CancellationToken cancellationToken) => Records.CheckIns.GetScheduleAsync(ClientId, cancellationToken);

    public Task<IReadOnlyList<CheckIn>> ListCheckInsAsync(CancellationToken cancellationToken) => Records.CheckIns.ListAsync(ClientId, cancellationToken);

    /// <summary>The supervisor's notes on the plan: for the clinician of record and the supervisor (the only holders of a clinical view).</summary>
    public Task<IReadOnlyList<SupervisionNote>> ListSupervisionNotesAsync(CancellationToken cancellationToken) => Records.ListSupervisionNotesAsync(ClientId, cancellationToken);

    /// <summary>Sessions, oldest first. The clinician's note is in them only for the clinician of record.</summary>
    public async Task<IReadOnlyList<SessionRecord>> ListSessionsAsync(CancellationToken cancellationToken)
    {
        var sessions = await Records.ListSessionsAsync(ClientId, cancellationToken).ConfigureAwait(false);
        return Relationship == ClientRelationship.ClinicianOfRecord ? sessions : [.. sessions.Select(s => s with { Note = null })];
    }

    /// <summary>How the plan was closed, once it is (discharge or referral on, with the closing outcome summary).</summary>
    public Task<PlanClosure?> GetClosureAsync(CancellationToken cancellationToken) => Records.GetClosureAsync(ClientId, cancellationToken);
}

/// <summary>The clinician of record's supervisor: the clinical view, and a supervision note on the plan.</summary>
public sealed class SupervisorFile : ClinicalView
{
    internal SupervisorFile(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship)
        : base(records, openedBy, enrolment, relationship)
    {
    }

    /// <inheritdoc cref="ClientRecords.AddSupervisionNoteAsync"/>
    public Task AddSupervisionNoteAsync(SupervisionNote note, CancellationToken cancellationToken) => Records.AddSupervisionNoteAsync(ClientId, note, cancellationToken);
}

/// <summary>The clinician of record's whole file: everything in the clinical view, the clinician-only overview, and every change.</summary>
public sealed partial class ClinicianFile : ClinicalView, ICheckInWriter
{
    internal ClinicianFile(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship)
        : base(records, openedBy, enrolment, relationship)
    {
    }

    /// <summary>The whole profile, the trauma-informed overview included.</summary>
    public Task<Versioned<ClientProfile>?> GetProfileAsync(CancellationToken cancellationToken) => Records.GetProfileAsync(ClientId, cancellationToken);

    public Task<string> ReplaceProfileAsync(ClientProfile profile, string ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(profile.ClientId);
        return Records.ReplaceProfileAsync(profile, ifMatch, cancellationToken);
    }

    /// <summary>The enrolment as stored now, with the ETag to change it by (a status that follows a screening).</summary>
    public Task<Versioned<ClientEnrolment>?> GetEnrolmentAsync(CancellationToken cancellationToken) => Records.GetEnrolmentAsync(ClientId, cancellationToken);

    public Task<string> ReplaceEnrolmentAsync(ClientEnrolment enrolment, string ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(enrolment.ClientId);
        return Records.ReplaceEnrolmentAsync(enrolment, ifMatch, cancellationToken);
    }

    /// <inheritdoc cref="ClientRecords.SavePlanAsync"/>
    public Task<string> SavePlanAsync(TreatmentPlan plan, string? ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(plan.ClientId);
        return Records.SavePlanAsync(plan, ifMatch, cancellationToken);
    }

    /// <inheritdoc cref="ClientRecords.AddAssessmentAsync"/>
    public Task AddAssessmentAsync(AssessmentRecord assessment, RiskEvent? riskEvent, CancellationToken cancellationToken) =>
        Records.AddAssessmentAsync(ClientId, assessment, riskEvent, cancellationToken);

    public Task AddRiskEventAsync(RiskEvent riskEvent, CancellationToken cancellationToken) => Records.AddRiskEventAsync(ClientId, riskEvent, cancellationToken);

    public Task<string> ReplaceRiskEventAsync(RiskEvent riskEvent, string ifMatch, CancellationToken cancellationToken) =>
        Records.ReplaceRiskEventAsync(ClientId, riskEvent, ifMatch, cancellationToken);

    /// <inheritdoc cref="ClientRecords.AddProgressAsync"/>
    public Task AddProgressAsync(ObjectiveProgress progress, CancellationToken cancellationToken) => Records.AddProgressAsync(ClientId, progress, cancellationToken);

    public Task AddScreeningAsync(ScreeningRecord screening, CancellationToken cancellationToken) => Records.AddScreeningAsync(ClientId, screening, cancellationToken);

    /// <inheritdoc cref="ClientRecords.AddSafetyPlanAsync"/>
    public Task AddSafetyPlanAsync(SafetyPlan plan, CancellationToken cancellationToken)
    {
        EnsureSameClient(plan.ClientId);
        return Records.AddSafetyPlanAsync(ClientId, plan, cancellationToken);
    }

    /// <inheritdoc cref="CheckInRecords.SaveScheduleAsync"/>
    public Task<string> SaveCheckInScheduleAsync(CheckInSchedule schedule, string? ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(schedule.ClientId);
        return Records.CheckIns.SaveScheduleAsync(schedule, ifMatch, cancellationToken);
    }

    public Task<Versioned<CheckIn>?> FindCheckInAsync(string checkInId, CancellationToken cancellationToken) => Records.CheckIns.GetAsync(ClientId, checkInId, cancellationToken);

    public Task<string> SaveCheckInAsync(CheckIn checkIn, string? ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(checkIn.ClientId);
        return Records.CheckIns.SaveAsync(checkIn, ifMatch, cancellationToken);
    }

    /// <inheritdoc cref="ClientRecords.AddSessionAsync"/>
    public Task AddSessionAsync(SessionRecord session, ClientProfile? counted, string? profileETag, CancellationToken cancellationToken)
    {
        if (counted is not null)
        {
            EnsureSameClient(counted.ClientId);
        }

        return Records.AddSessionAsync(ClientId, session, counted, profileETag, cancellationToken);
    }

    public Task<SessionRecord?> FindSessionAsync(string sessionId, CancellationToken cancellationToken) => Records.FindSessionAsync(ClientId, sessionId, cancellationToken);

    /// <inheritdoc cref="ClientRecords.ReplaceProfileKeepingPriorAsync"/>
    public Task<string> ReplaceProfileKeepingPriorAsync(ProfileChange change, ClientProfile prior, string ifMatch, ClientProfile profile, CancellationToken cancellationToken)
    {
        EnsureSameClient(profile.ClientId);
        EnsureSameClient(prior.ClientId);
        return Records.ReplaceProfileKeepingPriorAsync(change, prior, ifMatch, profile, cancellationToken);
    }

    public Task<IReadOnlyList<ProfileChange>> ListProfileHistoryAsync(CancellationToken cancellationToken) => Records.ListProfileHistoryAsync(ClientId, cancellationToken);

    /// <inheritdoc cref="ClientRecords.ClaimExportAsync"/>
    public Task ClaimExportAsync(ExportRecord export, CancellationToken cancellationToken) => Records.ClaimExportAsync(ClientId, export, cancellationToken);

    public Task<Versioned<ExportRecord>?> FindExportAsync(string exportId, CancellationToken cancellationToken) => Records.FindExportAsync(ClientId, exportId, cancellationToken);

    public Task<string> ReplaceExportAsync(ExportRecord export, string ifMatch, CancellationToken cancellationToken) => Records.ReplaceExportAsync(ClientId, export, ifMatch, cancellationToken);

    /// <inheritdoc cref="ClientRecords.CloseAsync"/>
    public Task CloseAsync(TreatmentPlan plan, string planETag, ClientEnrolment enrolment, string enrolmentETag, PlanClosure closure, CancellationToken cancellationToken)
    {
        EnsureSameClient(plan.ClientId);
        EnsureSameClient(enrolment.ClientId);
        return Records.CloseAsync(plan, planETag, enrolment, enrolmentETag, closure, cancellationToken);
    }
}

/// <summary>
/// The client's own file: their plan as they see it (<see cref="ClientFacingPlan"/>: goals in their words, objectives,
/// their tasks, what their clinician will do, dates), never the overview, risk events, scores or clinician notes.
/// </summary>
public sealed partial class OwnFile : ClientFile
{
    internal OwnFile(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship)
        : base(records, openedBy, enrolment, relationship)
    {
    }

    public async Task<ClientFacingPlan?> GetPlanAsync(CancellationToken cancellationToken) =>
        (await Records.GetPlanAsync(ClientId, cancellationToken).ConfigureAwait(false)) is { } plan ? ClientFacingPlan.From(plan.Value) : null;

    /// <summary>The latest safety plan as the client sees it: its parts, never the clinician's assessment.</summary>
    public async Task<ClientFacingSafetyPlan?> GetSafetyPlanAsync(CancellationToken cancellationToken) =>
        (await Records.ListSafetyPlansAsync(ClientId, cancellationToken).ConfigureAwait(false)).LastOrDefault() is { } plan ? ClientFacingSafetyPlan.From(plan) : null;
}

/// <summary>The enrolment only, for admin work (status, reassignment): no clinical content.</summary>
public sealed class EnrolmentFile : ClientFile
{
    internal EnrolmentFile(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship)
        : base(records, openedBy, enrolment, relationship)
    {
    }

    public Task<Versioned<ClientEnrolment>?> GetEnrolmentAsync(CancellationToken cancellationToken) => Records.GetEnrolmentAsync(ClientId, cancellationToken);

    public Task<string> ReplaceEnrolmentAsync(ClientEnrolment enrolment, string ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(enrolment.ClientId);
        return Records.ReplaceEnrolmentAsync(enrolment, ifMatch, cancellationToken);
    }
}
