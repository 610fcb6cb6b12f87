using TreatmentPlanBot.Features.Export;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;
using UglyToad.PdfPig;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features.Record;

/// <summary>The PDF on its own: what it says, page by page, read back with PdfPig.</summary>
public sealed class PlanDocumentTests
{
    [Fact]
    public void A_long_plan_runs_over_pages_each_numbered_with_the_version_footer()
    {
        var today = new DateOnly(2026, 11, 29);
        var objectives = Enumerable.Range(1, 14).Select(i => Objective($"obj-{i}", today.AddDays(30 + i), $"Objective number {i}: a long description of a behaviour that will change, with enough words to wrap over more than one line of the page")).ToArray();
        var plan = Plan("client-1", today, objectives).Sign(SignerRole.Clinician, "clin-1", new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
        var export = new PlanExport("Robin Example", "Example Clinic", plan, plan.GetVersion(plan.Version),
            ClientProfile.New("client-1", new PersonName("Robin", "Example")), false, [], null,
            new Dictionary<string, string> { ["clin-1"] = "Casey Clinician" }, new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));

        var bytes = PlanDocument.Render(export, _ => ("PHQ-9 score", "points"));

        using var pdf = PdfDocument.Open(bytes);
        var pages = pdf.GetPages().Select(p => p.Text).ToList();
        Assert.True(pages.Count > 1, "A plan of 14 objectives should run over more than one page.");
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"Page {i + 1} of {pages.Count}", pages[i]);
            Assert.Contains("Treatment plan version 1 · content hash", pages[i]);
        }

        var all = string.Join("\n", pages);
        Assert.Contains("Objective 1.14", all);
        Assert.Contains("Anticipated completion", all);
        Assert.Contains("Clinician: Casey Clinician, 20 Nov 2026 09:30 UTC, version 1", all);
    }
}
