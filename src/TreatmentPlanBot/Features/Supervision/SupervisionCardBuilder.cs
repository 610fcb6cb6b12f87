using BotCore.Cards;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Charts;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Supervision;

/// <summary>
/// The supervisor's progress card: their supervisees' clients (and only theirs: each file is opened as the supervisor
/// through <see cref="ClientFiles"/>, audited), the rows every <see cref="ISupervisionItemSource"/> gives, clients
/// ordered by their most urgent row, one outcome chart each, paged under Teams' 28 KB.
/// </summary>
public sealed class SupervisionCardBuilder(
    StaffDirectory staff,
    CaseloadIndex caseload,
    ClientFiles files,
    IEnumerable<ISupervisionItemSource> sources,
    ObjectiveCharts charts,
    CardRenderer renderer)
{
    public const string Template = "supervision";

    /// <summary>Beyond this many clients a page is long to scroll, whatever its size.</summary>
    private const int MaxClientsPerPage = 6;

    public const string NoSupervisees =
        "You don't supervise any clinicians yet, so there is nothing to show. An admin assigns supervisors with **staff supervisor [clinician] is [supervisor]**.";

    /// <summary>The card's rows for this supervisor, most urgent first; null when they supervise nobody.</summary>
    public async Task<IReadOnlyList<SupervisionClientRow>?> RowsAsync(Caller supervisor, LocalClock clock, CancellationToken cancellationToken)
    {
        var supervisees = (await staff.ListAsync(supervisor.TenantId, cancellationToken).ConfigureAwait(false))
            .Where(m => m.Has(StaffRoles.Clinician) && string.Equals(m.SupervisorId, supervisor.UserId, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(m.UserId, supervisor.UserId, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (supervisees.Count == 0)
        {
            return null;
        }

        var rows = new List<SupervisionClientRow>();
        foreach (var clinician in supervisees)
        {
            foreach (var entry in await caseload.ListAsync(supervisor.TenantId, clinician.UserId, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Status != ClientStatus.Discharged && await RowAsync(supervisor, clock, clinician, entry.ClientId, cancellationToken).ConfigureAwait(false) is { } row)
                {
                    rows.Add(row);
                }
            }
        }

        return [.. rows.OrderByDescending(r => r.Urgency).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.ClientId, StringComparer.Ordinal)];
    }

    /// <summary>Page <paramref name="page"/> of the card, or the words to say instead (no supervisees).</summary>
    public async Task<CardActionResult> RenderAsync(Caller supervisor, LocalClock clock, int page, string schedule, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(supervisor, clock, cancellationToken).ConfigureAwait(false);
        return rows is null ? CardActionResult.Say(NoSupervisees) : CardActionResult.ShowCard(renderer.Render(Template, Model(rows, clock.Today, page, schedule)));
    }

    public SupervisionCardModel Model(IReadOnlyList<SupervisionClientRow> rows, DateOnly today, int page, string schedule)
    {
        var listed = rows.Where(r => r.Items.Count > 0).ToList();
        var quiet = rows.Count - listed.Count;
        SupervisionCardModel PageOf(int first, int count, int number) => new(
            $"Week of {ObjectiveMeasures.Display(today)} · {rows.Count} {(rows.Count == 1 ? "client" : "clients")} of your supervisees",
            [.. listed.Skip(first).Take(count).Select(View)],
            quiet == 0 ? null : $"{quiet} other {(quiet == 1 ? "client has" : "clients have")} nothing to report.",
            CardText.Escape(schedule),
            number,
            null,
            null);
        var pages = CardPages.Cut(listed.Count, MaxClientsPerPage, (first, count, number) => renderer.Expand(Template, PageOf(first, count, number)));
        var index = Math.Clamp(page, 1, pages.Count) - 1;
        return PageOf(pages[index].First, pages[index].Count, index + 1) with
        {
            PreviousPage = index > 0 ? index : null,
            NextPage = index < pages.Count - 1 ? index + 2 : null,
        };
    }

    private static SupervisionClientView View(SupervisionClientRow row) => new(
        row.ClientId,
        CardText.Escape(row.Name),
        $"with {CardText.Escape(row.ClinicianName)}",
        row.Urgency >= SupervisionUrgency.Attention,
        [.. row.Items.OrderByDescending(i => i.Urgency).Select(i => new SupervisionItemView(CardText.Escape(i.Text), i.Urgency >= SupervisionUrgency.Attention))],
        ChartView.Of(row.Chart));

    private async Task<SupervisionClientRow?> RowAsync(Caller supervisor, LocalClock clock, StaffMember clinician, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenClinicalViewAsync(supervisor, clientId, "supervision card", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed || opened.File.Relationship != ClientRelationship.Supervisor)
        {
            return null;
        }

        var view = opened.File;
        var plan = (await view.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var client = new SupervisionClient(
            view,
            clinician.DisplayName,
            plan,
            await view.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false),
            await view.ListRiskEventsAsync(cancellationToken).ConfigureAwait(false),
            await view.ListProgressAsync(cancellationToken).ConfigureAwait(false),
            clock.Today,
            clock.UtcNow);
        var items = new List<SupervisionItem>();
        foreach (var source in sources)
        {
            items.AddRange(await source.ItemsAsync(client, cancellationToken).ConfigureAwait(false));
        }

        // One chart a client: the first measured objective still open that has scores.
        var chart = plan?.Objectives
            .Where(o => o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress)
            .Select(o => charts.For(o, client.Assessments, client.Progress))
            .FirstOrDefault(c => c is not null);
        var urgency = items.Count == 0 ? SupervisionUrgency.Routine : items.Max(i => i.Urgency);
        return new SupervisionClientRow(clientId, view.Enrolment.DisplayName, clinician.DisplayName, urgency, items, chart);
    }
}

/// <summary>One client on the card, before it is escaped for the template.</summary>
public sealed record SupervisionClientRow(string ClientId, string Name, string ClinicianName, SupervisionUrgency Urgency, IReadOnlyList<SupervisionItem> Items, OutcomeChart? Chart);
