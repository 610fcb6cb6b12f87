using TreatmentPlanBot.Records;
using TreatmentPlanning.Plans;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Security;

/// <summary>
/// What check-in work needs of a file, whoever opened it: the clinician (setting them, or the scheduler acting for
/// them) or the client (answering, stopping). Lets one piece of code stop or schedule check-ins from either side.
/// </summary>
public interface ICheckInWriter
{
    string ClientId { get; }

    ClientEnrolment Enrolment { get; }

    Caller OpenedBy { get; }

    Task<Versioned<CheckInSchedule>?> GetCheckInScheduleAsync(CancellationToken cancellationToken);

    Task<string> SaveCheckInScheduleAsync(CheckInSchedule schedule, string? ifMatch, CancellationToken cancellationToken);

    Task<IReadOnlyList<CheckIn>> ListCheckInsAsync(CancellationToken cancellationToken);

    Task<Versioned<CheckIn>?> FindCheckInAsync(string checkInId, CancellationToken cancellationToken);

    Task<string> SaveCheckInAsync(CheckIn checkIn, string? ifMatch, CancellationToken cancellationToken);
}

/// <summary>
/// The client's own file for their check-ins: their check-ins and schedule (to answer or stop them), storing their
/// answers as remote assessments with the risk event they raise, and progress on the objectives those measures track.
/// Nothing to read back of the clinical record beyond which objectives a measure tracks.
/// </summary>
public sealed class CheckInFile : ClientFile, ICheckInWriter
{
    internal CheckInFile(ClientRecords records, Caller openedBy, ClientEnrolment enrolment, ClientRelationship relationship)
        : base(records, openedBy, enrolment, relationship)
    {
    }

    public Task<Versioned<CheckInSchedule>?> GetCheckInScheduleAsync(CancellationToken cancellationToken) => Records.CheckIns.GetScheduleAsync(ClientId, cancellationToken);

    public Task<string> SaveCheckInScheduleAsync(CheckInSchedule schedule, string? ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(schedule.ClientId);
        return Records.CheckIns.SaveScheduleAsync(schedule, ifMatch, cancellationToken);
    }

    public Task<IReadOnlyList<CheckIn>> ListCheckInsAsync(CancellationToken cancellationToken) => Records.CheckIns.ListAsync(ClientId, cancellationToken);

    public Task<Versioned<CheckIn>?> FindCheckInAsync(string checkInId, CancellationToken cancellationToken) => Records.CheckIns.GetAsync(ClientId, checkInId, cancellationToken);

    public Task<string> SaveCheckInAsync(CheckIn checkIn, string? ifMatch, CancellationToken cancellationToken)
    {
        EnsureSameClient(checkIn.ClientId);
        return Records.CheckIns.SaveAsync(checkIn, ifMatch, cancellationToken);
    }

    /// <summary>Stores the client's own answers: only as a remote assessment, with the risk event it raised in the same transaction.</summary>
    public Task AddRemoteAssessmentAsync(AssessmentRecord assessment, RiskEvent? riskEvent, CancellationToken cancellationToken)
    {
        if (assessment.Mode != AssessmentMode.ClientRemote || riskEvent is { Remote: false })
        {
            throw new InvalidOperationException("A client stores only their own remote answers.");
        }

        return Records.AddAssessmentAsync(ClientId, assessment, riskEvent, cancellationToken);
    }

    public Task<AssessmentRecord?> FindAssessmentAsync(string assessmentId, CancellationToken cancellationToken) => Records.FindAssessmentAsync(ClientId, assessmentId, cancellationToken);

    public Task AddRiskEventAsync(RiskEvent riskEvent, CancellationToken cancellationToken) =>
        riskEvent.Remote ? Records.AddRiskEventAsync(ClientId, riskEvent, cancellationToken) : throw new InvalidOperationException("A client raises only remote risk events.");

    public Task<Versioned<RiskEvent>?> FindRiskEventAsync(string riskEventId, CancellationToken cancellationToken) => Records.FindRiskEventAsync(ClientId, riskEventId, cancellationToken);

    public Task AddProgressAsync(ObjectiveProgress progress, CancellationToken cancellationToken) => Records.AddProgressAsync(ClientId, progress, cancellationToken);

    /// <summary>
    /// Of <paramref name="objectiveIds"/>, the current objectives measured by a 0-10 rating, in the client's own view
    /// (their behaviour and aim in plain words): what the client is asked to rate.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, ClientFacingObjective Objective)>> RatedObjectivesAsync(IReadOnlyCollection<string> objectiveIds, CancellationToken cancellationToken) =>
        (await Records.GetPlanAsync(ClientId, cancellationToken).ConfigureAwait(false))?.Value.Objectives
            .Where(o => objectiveIds.Contains(o.Id) && o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress && o.Measure is { Type: MeasureType.Rating0To10 })
            .Select(o => (o.Id, ClientFacingObjective.From(o))).ToList() ?? [];

    /// <summary>The current objectives measured by <paramref name="instrumentId"/>'s score: ids only.</summary>
    public async Task<IReadOnlyList<string>> ObjectivesMeasuredByAsync(string instrumentId, CancellationToken cancellationToken) =>
        (await Records.GetPlanAsync(ClientId, cancellationToken).ConfigureAwait(false))?.Value.Objectives
            .Where(o => o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress
                && o.Measure is { Type: MeasureType.InstrumentScore, MeasureId: { } id } && string.Equals(id, instrumentId, StringComparison.OrdinalIgnoreCase))
            .Select(o => o.Id).ToList() ?? [];
}
