using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Records;

/// <summary>
/// Hears that a client's file changed, with the plan as stored now (from <see cref="CaseloadRefresher"/>, which every
/// change calls). For derived work that must follow every plan save, e.g. scheduling the review reminder. Best effort,
/// like the caseload line: a failure is logged and heals on the next change.
/// </summary>
public interface IPlanObserver
{
    Task PlanChangedAsync(ClientEnrolment enrolment, TreatmentPlan plan, CancellationToken cancellationToken);
}
