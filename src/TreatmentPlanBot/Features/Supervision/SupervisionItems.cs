using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Features.Supervision;

/// <summary>How soon a supervisor should look: the card lists the most urgent clients first.</summary>
public enum SupervisionUrgency
{
    /// <summary>For information: latest scores, nothing wrong.</summary>
    Routine = 0,
    /// <summary>Coming up soon: a review due in the next two weeks.</summary>
    Soon = 1,
    /// <summary>Needs attention: not on track, a review overdue, a risk event dealt with recently.</summary>
    Attention = 2,
    /// <summary>Act now: an open risk event, a reliable deterioration.</summary>
    Urgent = 3,
}

/// <summary>One line about one client on the supervisor's card: words a supervisor reads, and how urgent it is.</summary>
public sealed record SupervisionItem(SupervisionUrgency Urgency, string Text);

/// <summary>
/// One supervisee's client as the sources see it: the clinical view opened for the supervisor (audited), and what most
/// sources need, read once. A source that needs more reads it through <see cref="View"/>.
/// </summary>
public sealed record SupervisionClient(
    ClinicalView View,
    string ClinicianName,
    TreatmentPlan? Plan,
    IReadOnlyList<AssessmentRecord> Assessments,
    IReadOnlyList<RiskEvent> RiskEvents,
    IReadOnlyList<ObjectiveProgress> Progress,
    DateOnly Today,
    DateTimeOffset Now);

/// <summary>
/// Where the rows of the supervisor's card come from. Each source says what it knows about one client; the card orders
/// clients by their most urgent row. Register one with <c>services.AddSingleton&lt;ISupervisionItemSource, T&gt;()</c>:
/// risk events, scores and outcomes, and reviews are here; missed check-ins, plans awaiting co-signature and
/// authorisations running out belong to the slices that own those records.
/// </summary>
public interface ISupervisionItemSource
{
    Task<IReadOnlyList<SupervisionItem>> ItemsAsync(SupervisionClient client, CancellationToken cancellationToken);
}
