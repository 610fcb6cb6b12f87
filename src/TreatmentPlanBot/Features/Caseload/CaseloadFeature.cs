using System.Globalization;
using System.Text.Json.Serialization;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Sessions;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Caseload;

// View model of cards/caseload.json (cards/README.md).
public sealed record CaseloadCardModel(CaseloadPaging Paging, IReadOnlyList<CaseloadClientView> Clients);

public sealed record CaseloadPaging(
    int Page,
    int FirstClient,
    int LastClient,
    int ClientCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PreviousPage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NextPage);

public sealed record CaseloadClientView(
    string ClientId,
    string DisplayName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RiskFlaggedOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LatestScoreView? LatestScore,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextReview,
    bool ReviewOverdue,
    int OverdueObjectives)
{
    /// <summary>Missed, declined or undelivered check-ins, or check-ins the client stopped.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CheckIns { get; init; }

    /// <summary>"9 of 12 sessions left · authorisation ends 3 Mar 2027"; absent without an authorisation.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sessions { get; init; }

    /// <summary>Running low, ending soon, or not covering the objectives; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionsAttention { get; init; }
}

/// <param name="Source">How it was taken, as the card appends it: "" in session, " · check-in" from the client's own check-in.</param>
public sealed record LatestScoreView(string Instrument, int Score, string Band, string Date, string Source = "");

/// <summary>
/// The caseload card: the caller's own clients from the caseload index (never anyone else's), risk flags first, then
/// overdue reviews, then by name; ten to a page. Each client shown is a read of their record, so each is audited.
/// </summary>
public sealed class CaseloadCard(CaseloadIndex caseload, CardRenderer renderer, AuditLog audit, IOptions<SessionsOptions> sessions)
{
    public const string Template = "caseload";
    public const int PageSize = 10;

    public async Task<CardActionResult> RenderAsync(TurnUser user, LocalClock clock, int page, CancellationToken cancellationToken)
    {
        if (!user.Is(StaffRoles.Clinician))
        {
            return CardActionResult.Say(BotReplies.NotForYourRole("caseload", StaffRoles.Clinician));
        }

        var today = clock.Today;
        var entries = (await caseload.ListAsync(user.Caller.TenantId, user.Caller.UserId, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Status != ClientStatus.Discharged)
            .OrderBy(e => e.OpenRiskSince is null)
            .ThenBy(e => !(e.NextReviewDue is { } due && due < today))
            .ThenBy(e => e.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var pages = Math.Max(1, (entries.Count + PageSize - 1) / PageSize);
        var number = Math.Clamp(page, 1, pages);
        var shown = entries.Skip((number - 1) * PageSize).Take(PageSize).ToList();
        await Task.WhenAll(shown.Select(e => audit.WriteAsync(user.Caller, "Read", e.ClientId, "caseload", true, null, cancellationToken))).ConfigureAwait(false);
        var onPage = shown.Select(e => View(e, today) with
        {
            Sessions = e.Authorisation is { } a ? AuthorisationWords.ForCaseload(a) : null,
            SessionsAttention = e.Authorisation is { } b ? AuthorisationWords.CaseloadAttention(b, sessions.Value.Thresholds, today) : null,
        }).ToList();
        var model = new CaseloadCardModel(
            new CaseloadPaging(
                number,
                onPage.Count == 0 ? 0 : ((number - 1) * PageSize) + 1,
                ((number - 1) * PageSize) + onPage.Count,
                entries.Count,
                number > 1 ? number - 1 : null,
                number < pages ? number + 1 : null),
            onPage);
        return CardActionResult.ShowCard(renderer.Render(Template, model));
    }

    private static CaseloadClientView View(CaseloadEntry entry, DateOnly today) => new(
        entry.ClientId,
        CardText.Escape(entry.DisplayName),
        entry.OpenRiskSince is { } risk ? risk.UtcDateTime.ToString("d MMM", CultureInfo.InvariantCulture) : null,
        entry is { LatestMeasure: { } instrument, LatestScore: { } score }
            ? new LatestScoreView(instrument, score, entry.LatestBand ?? "no band", entry.LatestScoreAt?.UtcDateTime.ToString("d MMM", CultureInfo.InvariantCulture) ?? "date unknown", entry.LatestFromCheckIn ? " · check-in" : string.Empty)
            : null,
        entry.NextReviewDue?.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        entry.NextReviewDue is { } due && due < today,
        entry.OverdueObjectives)
    {
        CheckIns = CardText.EscapeOrNull(entry.CheckInsNote),
    };
}

/// <summary>"caseload": the clinician's own clients as a card.</summary>
public sealed class CaseloadCommand(CaseloadCard card) : IBotCommand
{
    public string Name => "caseload";

    public string Usage => "caseload";

    public string Description => "Your clients at a glance: risk flags, latest scores, reviews due";

    public StaffRoles Audience => StaffRoles.Clinician;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        var reply = (await card.RenderAsync(context.User, context.Turn.Clock(), 1, cancellationToken).ConfigureAwait(false)).ToActivity("Your caseload");
        await context.Turn.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The caseload card's paging buttons.</summary>
public sealed class CaseloadActions(CaseloadCard card) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = ["caseload.page"];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var page = int.TryParse(context.GetString("page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 1;
        return await card.RenderAsync(context.User, context.Turn.Clock(), page, cancellationToken).ConfigureAwait(false);
    }
}

public static class CaseloadFeature
{
    public static IServiceCollection AddCaseloadFeature(this IServiceCollection services) => services
        .AddSingleton<CaseloadCard>()
        .AddSingleton<IBotCommand, CaseloadCommand>()
        .AddSingleton<ICardActionHandler, CaseloadActions>();
}
