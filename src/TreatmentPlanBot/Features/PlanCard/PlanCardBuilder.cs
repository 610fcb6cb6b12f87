using BotCore.Cards;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Charts;
using TreatmentPlanBot.Features.Sessions;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Outcomes;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Templates;
using TreatmentPlanBot.Features.Signing;
using TreatmentPlanBot.Notifications;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>
/// Builds one page of the plan card for a viewer: checks their access, reads the client's file, and pages the plan by
/// objectives so every card stays under Teams' size limit.
/// </summary>
public sealed partial class PlanCardBuilder(
    ClientFiles files,
    ObjectiveMeasures measures,
    TemplateLibrary areas,
    ObjectiveCharts charts,
    IOptions<SessionsOptions> sessions,
    CardRenderer renderer,
    StaffDirectory staff,
    IOptions<PlanSigningOptions> signing,
    Notifier notifier)
{
    public const string Template = "plan";

    /// <summary>Beyond this a page is long to scroll in Teams, whatever its size.</summary>
    private const int MaxObjectivesPerPage = 6;

    // The limits the worst-case sample assumes (cards/README.md); longer text is shortened on the card, never in the record.
    private const int GoalTextLimit = 300;
    private const int ObjectiveTextLimit = 300;
    private const int TaskLimit = 150;
    private const int InterventionLimit = 100;
    private const int ListLimit = 5;
    private const int ProviderLimit = 4;
    private const int WarningLimit = 600;
    private const int NotesShown = 3;

    public static string NoPlanYet(string displayName) =>
        $"{displayName} has no treatment plan yet. Say **plan {displayName}** to start one.";

    /// <summary>
    /// The page to show: <paramref name="page"/>, or when <paramref name="focusObjectiveId"/> is given the page holding
    /// that objective. <paramref name="notice"/> is a line shown above the plan (what just happened, or why not).
    /// </summary>
    public async Task<CardActionResult> RenderAsync(Caller caller, LocalClock clock, string clientId, int page, string? focusObjectiveId, string? notice, CancellationToken cancellationToken, string? confirmAchieve = null)
    {
        var opened = await files.OpenClinicalViewAsync(caller, clientId, "plan", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var view = opened.File;
        var enrolment = view.Enrolment;
        var plan = await view.GetPlanAsync(cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return CardActionResult.Say(NoPlanYet(enrolment.DisplayName));
        }

        // The overview is opened apart, so the audit shows who read the clinician-only part.
        var clinicianFile = view.Relationship == ClientRelationship.ClinicianOfRecord
            ? (await files.OpenAsClinicianAsync(caller, clientId, ClientAction.ReadClinicianOnly, "trauma-overview", cancellationToken).ConfigureAwait(false)).File
            : null;
        var isClinician = clinicianFile is not null;
        var profile = clinicianFile is not null
            ? (await clinicianFile.GetProfileAsync(cancellationToken).ConfigureAwait(false))?.Value
            : await view.GetSharedProfileAsync(cancellationToken).ConfigureAwait(false);

        var progress = await view.ListProgressAsync(cancellationToken).ConfigureAwait(false);
        var assessments = await view.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false);
        var canEdit = view.Relationship == ClientRelationship.ClinicianOfRecord
            && plan.Value.Status is not (PlanStatus.Completed or PlanStatus.Discharged);

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var signer in plan.Value.Signatures.Concat(plan.Value.PriorVersions.SelectMany(v => v.Signatures)).Where(s => s.Role != SignerRole.Client).Select(s => s.SignerId).Distinct())
        {
            names[signer] = (await staff.FindAsync(enrolment.TenantId, signer, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "a former colleague";
        }

        var coSign = signing.Value.SupervisorCoSignRequired;
        var request = await SignatureRequests.FindAsync(notifier, enrolment.TenantId, clientId, plan.Value, cancellationToken).ConfigureAwait(false);
        var signatures = (PlanSignatures.Summary(plan.Value, enrolment, names, view.Relationship, coSign),
            PlanSignatures.View(plan.Value, enrolment, names, view.Relationship, canEdit, coSign, request, clock));
        // The supervisor's notes: for the clinician of record and the supervisor, the only holders of this view.
        var notes = await view.ListSupervisionNotesAsync(cancellationToken).ConfigureAwait(false);
        var noteViews = notes.Count == 0 ? null : notes.TakeLast(NotesShown).Reverse()
            .Select(n => new SupervisionNoteView(ObjectiveMeasures.Display(clock.DateOf(n.WrittenAt)), CardText.Escape(n.WrittenByName), Shown(n.Text, ObjectiveTextLimit))).ToList();
        var card = Build(enrolment, plan, profile, progress, assessments, isClinician, canEdit, page, focusObjectiveId, clock, CardText.EscapeOrNull(notice), noteViews, signatures);
        card = PlanCardNotes.With(card, (await view.ListSafetyPlansAsync(cancellationToken).ConfigureAwait(false)).LastOrDefault(), focusObjectiveId, confirmAchieve, clock);
        return CardActionResult.ShowCard(renderer.Render(Template, card));
    }

    private PlanCardModel Build(
        ClientEnrolment enrolment,
        Versioned<TreatmentPlan> versioned,
        ClientProfile? profile,
        IReadOnlyList<ObjectiveProgress> progress,
        IReadOnlyList<AssessmentRecord> assessments,
        bool isClinician,
        bool canEdit,
        int page,
        string? focusObjectiveId,
        LocalClock clock,
        string? notice,
        IReadOnlyList<SupervisionNoteView>? notes,
        (PlanSummary Header, PlanSigningView View) signatures)
    {
        var plan = versioned.Value;
        // Drawn once: paging measures each page several times.
        var chartOf = plan.Objectives.ToDictionary(o => o.Id, o => ChartView.Of(charts.For(o, assessments, progress)));
        var today = clock.Today;
        var goals = plan.Goals.ToList();
        var slots = new List<(int Goal, Objective? Objective)>();
        for (var g = 0; g < goals.Count; g++)
        {
            if (goals[g].Objectives.Count == 0)
            {
                slots.Add((g, null));
            }

            slots.AddRange(goals[g].Objectives.Select(o => (g, (Objective?)o)));
        }

        var shell = new PlanCardModel(
            enrolment.ClientId,
            plan.PlanId,
            versioned.ETag,
            new PlanViewer(isClinician, canEdit),
            Client(enrolment, profile),
            signatures.Header,
            Insurance(plan, profile, today, TextFit.Full),
            isClinician ? Overview(profile, TextFit.Full) : null,
            new PlanPaging(1, 0, 0, goals.Count, null, null),
            []) { Notice = notice, SupervisionNotes = notes, Signing = signatures.View, Review = PlanReviewView.Of(plan, today) };

        PlanCardModel PageOf(int first, int count, int number, TextFit fit)
        {
            var onPage = slots.Skip(first).Take(count).ToList();
            var views = onPage.GroupBy(s => s.Goal).Select(group => GoalOf(plan, goals[group.Key], group.Key + 1, fit,
                [.. group.Where(s => s.Objective is not null).Select(s => ObjectiveOf(plan, group.Key + 1, goals[group.Key], s.Objective!, progress, assessments, today, fit) with { Chart = chartOf[s.Objective!.Id] })])).ToList();
            return shell with
            {
                Insurance = fit == TextFit.Full ? shell.Insurance : Insurance(plan, profile, today, fit),
                TraumaOverview = fit == TextFit.Full || !isClinician ? shell.TraumaOverview : Overview(profile, fit),
                Shortened = fit == TextFit.Full ? null : ShortenedNote(canEdit),
                Paging = shell.Paging with
                {
                    Page = number,
                    FirstGoal = onPage.Count == 0 ? 0 : onPage[0].Goal + 1,
                    LastGoal = onPage.Count == 0 ? 0 : onPage[^1].Goal + 1,
                },
                Goals = views,
            };
        }

        // cards/README.md: pack objectives while the card stays within the page budget; page n is the same for every viewer.
        var pages = CardPages.Cut(slots.Count, MaxObjectivesPerPage, (first, count, number) => renderer.Expand(Template, PageOf(first, count, number, TextFit.Full))).ToList();

        var index = focusObjectiveId is null
            ? Math.Clamp(page, 1, pages.Count) - 1
            : Math.Max(0, pages.FindIndex(p => slots.Skip(p.First).Take(p.Count).Any(s => s.Objective?.Id == focusObjectiveId)));
        PlanCardModel Chosen(TextFit fit)
        {
            var chosen = PageOf(pages[index].First, pages[index].Count, index + 1, fit);
            return chosen with
            {
                Paging = chosen.Paging with
                {
                    PreviousPage = index > 0 ? index : null,
                    NextPage = index < pages.Count - 1 ? index + 2 : null,
                },
            };
        }

        return FitToBudget(Chosen);
    }

    /// <summary>
    /// The page as it is, when it fits; otherwise (a page never holds less than one objective, and the clinician's
    /// overview alone can weigh 18 KB in CJK) the page with its longest typed entries shortened to one common length, the
    /// longest that fits by measured size, with a line saying so. Below <see cref="TextFit.ShortestReadable"/> an entry
    /// reads as a fragment: then fewer overview entries are shown, the rest counted ("and 2 more"), before cutting deeper.
    /// </summary>
    private PlanCardModel FitToBudget(Func<TextFit, PlanCardModel> page)
    {
        var full = page(TextFit.Full);
        if (Fits(full))
        {
            return full;
        }

        for (var entries = ListLimit; entries >= 1; entries--)
        {
            if (LongestThatFits(page, entries, TextFit.ShortestReadable, TextFit.LongestShown) is { } fitted)
            {
                return fitted;
            }
        }

        // Still too long (names and contacts are not shortened): cut deeper rather than fail to send; the renderer
        // refuses a card over Teams' limit, so anything left is a bug to see, not a card Teams drops.
        return LongestThatFits(page, 1, 1, TextFit.ShortestReadable) ?? page(new TextFit(1, 1));
    }

    /// <summary>The page with entries cut to the longest weight in [low, high] that fits, or null when even <paramref name="low"/> does not.</summary>
    private PlanCardModel? LongestThatFits(Func<TextFit, PlanCardModel> page, int overviewEntries, int low, int high)
    {
        PlanCardModel? best = null;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var candidate = page(new TextFit(middle, overviewEntries));
            if (Fits(candidate))
            {
                best = candidate;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return best;
    }

    private bool Fits(PlanCardModel page) => CardSize.Utf8Bytes(renderer.Expand(Template, page)) <= CardPages.PageBudgetBytes;

    private static string ShortenedNote(bool canEdit) =>
        "Some long entries are shortened here (…) so the card fits in Teams; they are kept in full in the client's record."
        + (canEdit ? " Edit on an objective shows its full text." : string.Empty);

    private GoalView GoalOf(TreatmentPlan plan, Goal goal, int number, TextFit fit, IReadOnlyList<ObjectiveView> objectives)
    {
        var problem = plan.Problems.First(p => p.Goals.Any(g => g.Id == goal.Id));
        var area = problem.AreaId is { } areaId ? areas.Find(areaId)?.Name : null;
        return new GoalView(goal.Id, number, Shown(goal.InClientsWords, GoalTextLimit, fit), area, objectives)
        {
            Problem = string.IsNullOrWhiteSpace(problem.Statement) ? null : Shown(problem.Statement, GoalTextLimit, fit),
        };
    }

    private ObjectiveView ObjectiveOf(TreatmentPlan plan, int goalNumber, Goal goal, Objective objective, IReadOnlyList<ObjectiveProgress> progress, IReadOnlyList<AssessmentRecord> assessments, DateOnly today, TextFit fit)
    {
        var (name, unit) = measures.Describe(objective.Measure);
        var latest = ObjectiveMeasures.Latest(objective, plan.Started, progress, assessments);
        return new ObjectiveView(
            objective.Id,
            $"{goalNumber}.{goal.Objectives.ToList().FindIndex(o => o.Id == objective.Id) + 1}",
            Shown(objective.Behaviour, ObjectiveTextLimit, fit),
            new MeasureView(
                name,
                unit,
                ObjectiveMeasures.Direction(objective.Measure),
                ObjectiveMeasures.Baseline(objective.Measure),
                ObjectiveMeasures.Target(objective.Measure),
                latest is null ? null : ObjectiveMeasures.Show(objective.Measure, latest.Value, "not recorded"),
                latest is null ? null : ObjectiveMeasures.Display(latest.On) + (latest.FromCheckIn ? " (check-in)" : string.Empty)),
            StatusCode(objective.Status),
            objective.AnticipatedCompletion is { } due ? ObjectiveMeasures.Display(due) : "not set",
            objective.ActualCompletion is { } done ? ObjectiveMeasures.Display(done) : null,
            IsOverdue(objective, today),
            [.. objective.ClientTasks.Take(ListLimit).Select(t => Shown(t.Frequency is null ? t.Description : $"{t.Description} ({t.Frequency})", TaskLimit, fit))],
            [.. objective.Interventions.Take(ListLimit).Select(i => Shown(i.Name, InterventionLimit, fit))]) { Accuracy = PlanReviewView.Accuracy(plan, objective) };
    }

    /// <summary>Not achieved (nor set aside) and past the anticipated date: the same rule as the caseload's count.</summary>
    public static bool IsOverdue(Objective objective, DateOnly today) =>
        objective.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress
        && objective.AnticipatedCompletion is { } due && due < today;

    public static string StatusCode(ObjectiveStatus status) => status switch
    {
        ObjectiveStatus.NotStarted => "notStarted",
        ObjectiveStatus.InProgress => "inProgress",
        ObjectiveStatus.Achieved => "achieved",
        ObjectiveStatus.Revised => "revised",
        _ => "discontinued",
    };

    private static PlanClient Client(ClientEnrolment enrolment, ClientProfile? profile) => new(
        CardText.Escape(enrolment.DisplayName),
        string.IsNullOrWhiteSpace(profile?.Pronouns) ? null : CardText.Escape(profile.Pronouns),
        profile?.EmergencyContacts.FirstOrDefault() is { } contact ? new EmergencyContactView(CardText.Escape($"{contact.Name} ({contact.Relationship})"), CardText.Escape(contact.Phone)) : null,
        [.. (profile?.CommunityCare ?? []).Take(ProviderLimit).Select(p => new ProviderView(
            RoleName(p.Role),
            CardText.Escape(p.Organisation is null ? p.Name : $"{p.Name}, {p.Organisation}"),
            CardText.Escape(p.Phone ?? p.Email ?? "no phone recorded")))]);

    private static string RoleName(CareProviderRole role) => role switch
    {
        CareProviderRole.Psychiatrist => "Psychiatrist",
        CareProviderRole.GeneralPractitioner => "GP",
        CareProviderRole.CaseManager => "Case manager",
        _ => "Programme",
    };

    private PlanInsurance? Insurance(TreatmentPlan plan, ClientProfile? profile, DateOnly today, TextFit fit) =>
        profile?.Insurance is { } insurance
            ? AuthorisationWords.ForPlanCard(AuthorisationStanding.Of(insurance, plan, CaseloadRefresher.FrequenciesOf(plan, areas), sessions.Value.Thresholds, today), text => Shown(text, WarningLimit, fit))
            : null;

    private static TraumaOverviewView Overview(ClientProfile? profile, TextFit fit)
    {
        var overview = profile?.TraumaOverview ?? TraumaInformedOverview.Empty;

        // The most recent entries; the overview is a running record and the card has room for five of each. Entries left
        // off are counted, never dropped without a word: triggers and interventions to avoid are there for safety.
        // The disclosure date is kept whole; only the description is shortened.
        var shown = Math.Min(ListLimit, fit.OverviewEntries);
        return new TraumaOverviewView(
            Counted([.. overview.SignificantEvents.OrderByDescending(e => e.DisclosedOn).Take(shown).Select(e =>
            {
                var disclosed = $" (disclosed {ObjectiveMeasures.Display(e.DisclosedOn)})";
                return Shown(e.Description, ObjectiveTextLimit - disclosed.Length, fit) + disclosed;
            })], overview.SignificantEvents.Count),
            Counted([.. overview.Triggers.TakeLast(shown).Select(t => Shown(t, TaskLimit, fit))], overview.Triggers.Count),
            Counted([.. overview.InterventionsToAvoid.TakeLast(shown).Select(i => Shown(i, TaskLimit, fit))], overview.InterventionsToAvoid.Count));
    }

    /// <summary>The entries shown, and a last line counting those left off.</summary>
    private static IReadOnlyList<string> Counted(IReadOnlyList<string> shown, int total) =>
        total > shown.Count ? [.. shown, $"and {total - shown.Count} older, not shown here"] : shown;
}
