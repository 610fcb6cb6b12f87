using System.Globalization;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Export;

/// <summary>Everything one export prints, read from the record when the clinician accepts (never kept between).</summary>
/// <param name="Profile">With the trauma-informed overview only for a full export by the clinician of record.</param>
/// <param name="Version">The plan version exported (current or earlier), its content and signatures.</param>
/// <param name="PeopleNames">Display names of the signers and reviewers, by user id.</param>
internal sealed record PlanExport(
    string ClientName,
    string ClinicName,
    TreatmentPlan Plan,
    PlanVersion Version,
    ClientProfile Profile,
    bool IncludesOverview,
    IReadOnlyList<AssessmentRecord> Assessments,
    PlanClosure? Closure,
    IReadOnlyDictionary<string, string> PeopleNames,
    DateTimeOffset GeneratedAt);

/// <summary>
/// The plan as a PDF for insurers and the clinic's record: current information, assessment results, each problem with its
/// goals and objectives (measure, baseline, target, anticipated and actual dates, client tasks, clinician interventions),
/// reviews, referrals, the closing summary, signatures with version hash and time; page numbers and a footer naming the
/// version on every page. Prints what the record holds and says "none recorded" for what it does not.
/// </summary>
internal static class PlanDocument
{
    public static byte[] Render(PlanExport export, Func<ObjectiveMeasure?, (string Name, string Unit)> describeMeasure)
    {
        var plan = export.Plan;
        var version = export.Version;
        using var pdf = new PdfWriter($"Treatment plan, version {version.Number}");
        pdf.Title($"Treatment plan: {export.ClientName}");
        pdf.Paragraph($"{export.ClinicName} · version {version.Number} · status {Status(plan.Status)} · started {Day(plan.Started)} · produced {Day(DateOnly.FromDateTime(export.GeneratedAt.UtcDateTime))}");

        CurrentInformation(pdf, export.Profile);
        if (export.IncludesOverview)
        {
            Overview(pdf, export.Profile.TraumaOverview);
        }

        Assessments(pdf, export.Assessments);
        Problems(pdf, version.Problems, describeMeasure);
        Reviews(pdf, plan, export.PeopleNames);
        Closing(pdf, plan, export.Closure);
        Signatures(pdf, version, export.PeopleNames);
        return pdf.Finish($"Treatment plan version {version.Number} · content hash {Short(version.ContentHash)} · confidential clinical record");
    }

    private static void CurrentInformation(PdfWriter pdf, ClientProfile profile)
    {
        pdf.Heading("Current information");
        pdf.Field("Name", profile.Name.Display + (string.IsNullOrWhiteSpace(profile.Pronouns) ? string.Empty : $" ({profile.Pronouns})"));
        pdf.Field("Phone", profile.Contact.Phone ?? "none recorded");
        pdf.Field("Email", profile.Contact.Email ?? "none recorded");
        pdf.Field("Address", profile.Contact.Address ?? "none recorded");
        List(pdf, "Emergency contacts", profile.EmergencyContacts.Select(c => $"{c.Name} ({c.Relationship}), {c.Phone}"));
        List(pdf, "Community care", profile.CommunityCare.Select(p => $"{Screening.CurrentInformationParser.Describe(p.Role)}: {p.Name}{(p.Organisation is null ? string.Empty : ", " + p.Organisation)}{(p.Phone is null ? string.Empty : ", " + p.Phone)}"));
        List(pdf, "Past diagnoses", profile.PastDiagnoses.Select(d => d.Description + (d.DiagnosedOn is { } on ? $" ({Day(on)})" : string.Empty)));
        List(pdf, "Past treatment", profile.PastTreatment.Select(t => t.Description + (t.Provider is null ? string.Empty : $", {t.Provider}") + (t.Outcome is null ? string.Empty : $": {t.Outcome}")));
        if (profile.Insurance is { } insurance)
        {
            pdf.Field("Insurance authorisation", $"{insurance.Payer}{(insurance.Reference is null ? string.Empty : " " + insurance.Reference)}: {insurance.SessionsUsed} of {insurance.SessionsAuthorised} sessions used, ends {Day(insurance.Expiry)}");
        }
    }

    private static void Overview(PdfWriter pdf, TraumaInformedOverview overview)
    {
        pdf.Heading("Trauma-informed overview (clinician only: not for insurers)");
        List(pdf, "Significant events", overview.SignificantEvents.OrderBy(e => e.DisclosedOn).Select(e => $"{Day(e.DisclosedOn)}: {e.Description}"));
        List(pdf, "Known triggers", overview.Triggers);
        List(pdf, "Interventions to avoid", overview.InterventionsToAvoid);
    }

    private static void Assessments(PdfWriter pdf, IReadOnlyList<AssessmentRecord> assessments)
    {
        pdf.Heading("Assessment results");
        var scored = assessments.Where(a => a.Total is not null || a.Positive is not null).ToList();
        if (scored.Count == 0)
        {
            pdf.Paragraph("None recorded.");
        }

        foreach (var a in scored)
        {
            var result = a.Total is { } total ? $"{total}{(a.Band is null ? string.Empty : " (" + a.Band + ")")}" : a.Positive == true ? "positive" : "negative";
            var risk = a.RiskFlags.Count > 0 ? " · risk flagged" : string.Empty;
            pdf.Bullet($"{Day(DateOnly.FromDateTime(a.AdministeredAt.UtcDateTime))} {a.InstrumentName}: {result}{risk}", 0);
        }
    }

    private static void Problems(PdfWriter pdf, IReadOnlyList<Problem> problems, Func<ObjectiveMeasure?, (string Name, string Unit)> describeMeasure)
    {
        pdf.Heading("Problems, goals and objectives");
        if (problems.Count == 0)
        {
            pdf.Paragraph("None recorded.");
        }

        var goalNumber = 0;
        foreach (var problem in problems)
        {
            pdf.Subheading($"Problem: {problem.Statement}");
            foreach (var goal in problem.Goals)
            {
                goalNumber++;
                pdf.Paragraph($"Goal {goalNumber}: “{goal.InClientsWords}”", 8);
                var objectiveNumber = 0;
                foreach (var objective in goal.Objectives)
                {
                    objectiveNumber++;
                    pdf.Paragraph($"Objective {goalNumber}.{objectiveNumber}: {objective.Behaviour}", 16);
                    var (name, unit) = describeMeasure(objective.Measure);
                    pdf.Field("Measure", $"{name}{(unit.Length == 0 ? string.Empty : " (" + unit + ")")}, {ObjectiveMeasures.Direction(objective.Measure)}", 24);
                    pdf.Field("Baseline", Value(ObjectiveMeasures.Baseline(objective.Measure)), 24);
                    pdf.Field("Target", Value(ObjectiveMeasures.Target(objective.Measure)), 24);
                    pdf.Field("Anticipated completion", objective.AnticipatedCompletion is { } due ? Day(due) : "not set", 24);
                    pdf.Field("Actual completion", objective.ActualCompletion is { } done ? Day(done) : "not yet", 24);
                    pdf.Field("Status", objective.Status.ToString(), 24);
                    pdf.Field("Client tasks", objective.ClientTasks.Count == 0 ? "none" : string.Join("; ", objective.ClientTasks.Select(t => t.Frequency is null ? t.Description : $"{t.Description} ({t.Frequency})")), 24);
                    pdf.Field("Clinician interventions", objective.Interventions.Count == 0 ? "none" : string.Join("; ", objective.Interventions.Select(i => i.Name)), 24);
                    pdf.Gap(3);
                }
            }
        }
    }

    private static void Reviews(PdfWriter pdf, TreatmentPlan plan, IReadOnlyDictionary<string, string> names)
    {
        pdf.Heading("Reviews");
        if (plan.Reviews.Count == 0)
        {
            pdf.Paragraph($"None recorded yet. Next review due {Day(plan.NextReviewDue())}.");
        }

        foreach (var review in plan.Reviews.OrderBy(r => r.ReviewedOn))
        {
            pdf.Bullet($"{Day(review.ReviewedOn)} by {names.GetValueOrDefault(review.ReviewerId, "a clinician")}: {review.Objectives.Count} objective(s) reviewed{(review.Note is null ? string.Empty : ". " + review.Note)}", 0);
        }

        foreach (var referral in plan.Referrals)
        {
            pdf.Bullet($"Referral {Day(referral.ReferredOn)} to {referral.Destination}: {referral.Reason}", 0);
        }
    }

    private static void Closing(PdfWriter pdf, TreatmentPlan plan, PlanClosure? closure)
    {
        if (closure is null)
        {
            return;
        }

        pdf.Heading("Closing summary");
        pdf.Field("Closed", $"{Day(closure.ClosedOn)}: {closure.Kind switch { ClosureKind.GoalsMet => "discharged, goals met", ClosureKind.ClientChoice => "discharged at the client's choice", _ => "referred on" }}");
        pdf.Field("Objectives", $"{closure.ObjectivesAchieved} of {closure.ObjectivesPlanned} achieved");
        foreach (var score in closure.Outcomes)
        {
            pdf.Field(score.Instrument, Handover.ClosingSummary.Describe(score));
        }

        if (closure.Note is { } note)
        {
            pdf.Field("Note", note);
        }
    }

    private static void Signatures(PdfWriter pdf, PlanVersion version, IReadOnlyDictionary<string, string> names)
    {
        pdf.Heading("Signatures");
        if (version.Signatures.Count == 0)
        {
            pdf.Paragraph($"Version {version.Number} is not signed.");
        }

        foreach (var signature in version.Signatures)
        {
            var matches = signature.ContentHash == version.ContentHash ? "matches this content" : "given for different content";
            pdf.Bullet($"{signature.Role}: {names.GetValueOrDefault(signature.SignerId, signature.SignerId)}, {signature.SignedAt.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)}, version {signature.PlanVersion}, hash {Short(signature.ContentHash)} ({matches})", 0);
        }
    }

    private static void List(PdfWriter pdf, string label, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            pdf.Field(label, "none recorded");
            return;
        }

        pdf.Field(label, string.Empty);
        foreach (var item in list)
        {
            pdf.Bullet(item);
        }
    }

    private static string Value(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Status(PlanStatus status) => status switch
    {
        PlanStatus.UnderReview => "under review",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Day(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The first 16 hex digits: enough to tell versions apart on paper; the record keeps the whole hash.</summary>
    private static string Short(string hash) => hash.Length > 16 ? hash[..16] : hash;
}
