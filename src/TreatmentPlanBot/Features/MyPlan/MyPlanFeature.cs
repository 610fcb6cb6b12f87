using System.Globalization;
using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.MyPlan;

/// <summary>
/// "my plan": a client reads their own plan, as they see it (<see cref="ClientFacingPlan"/>), opened through the gate as
/// their own file. Nothing on the card is clinical working material: no overview, risk events, scores, notes.
/// </summary>
public sealed class MyPlanCommand(ClientFiles files, CardRenderer cards, IOptions<ClinicOptions> clinic) : IBotCommand
{
    public const string Template = "my-plan";

    public const string NoPlanYet = "Your clinician hasn't written your treatment plan with you yet. You'll be able to read it here once they have.";


    public string Name => "my plan";

    public string Usage => "my plan";

    public string Description => "Read your treatment plan: your goals, the steps towards them and what you'll do";

    public StaffRoles Audience => StaffRoles.None;

    public bool ForClients => true;

    public async Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken)
    {
        if (context.User.Client is not { } link)
        {
            await context.Turn.SendActivityAsync(BotReplies.OnlyForClients, cancellationToken).ConfigureAwait(false);
            return;
        }

        var opened = await files.OpenOwnAsync(context.User.Caller, link.ClientId, "plan", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            await context.Turn.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return;
        }

        var displayName = opened.File.Enrolment.DisplayName;
        var plan = await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false);

        if (plan is null)
        {
            await context.Turn.SendActivityAsync(NoPlanYet, cancellationToken).ConfigureAwait(false);
            return;
        }

        await context.Turn.SendActivityAsync(cards.Message(Template, View(displayName, plan, clinic.Value.CrisisLine), "Your treatment plan"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>my-plan</c> view model: display text only, every typed text escaped, no ids.</summary>
    public static object View(string displayName, ClientFacingPlan plan, string crisisLine, string? notice = null, object? signing = null) => new
    {
        notice = CardText.EscapeOrNull(notice),
        signing,
        client = new { displayName = CardText.Escape(displayName) },
        plan = new
        {
            statusLabel = StatusInWords(plan.Status),
            started = Display(plan.Started),
            nextReview = Display(plan.NextReview),
            signatures = (plan.SignedByClinician, plan.SignedByClient) switch
            {
                (true, true) => "You and your clinician signed this version",
                (true, false) => "Your clinician signed this version; you have not signed it yet",
                (false, true) => "You signed this version; your clinician has not yet",
                _ => "Not signed yet",
            },
        },
        goals = plan.Goals.Select((goal, g) => new
        {
            heading = $"Goal {g + 1}",
            inYourWords = CardText.Escape(goal.InClientsWords),
            objectives = goal.Objectives.Select((objective, o) => new
            {
                heading = $"{g + 1}.{o + 1} {CardText.Escape(objective.Behaviour)}",
                why = CardText.EscapeOrNull(objective.WhyItMatters),
                target = CardText.EscapeOrNull(objective.Target),
                by = objective.By is { } by ? Display(by) : null,
                status = objective.Status switch
                {
                    ObjectiveStatus.Achieved when objective.AchievedOn is { } on => $"Achieved on {Display(on)}",
                    ObjectiveStatus.Achieved => "Achieved",
                    ObjectiveStatus.InProgress => "In progress",
                    _ => "Not started yet",
                },
                tasks = objective.Tasks.Select(t => CardText.Escape(string.IsNullOrWhiteSpace(t.Frequency) ? t.Description : $"{t.Description} ({t.Frequency})")).ToList(),
                clinicianWillDo = objective.ClinicianWillDo.Select(CardText.Escape).ToList(),
            }).ToList(),
        }).ToList(),
        crisisLine = CardText.Escape(crisisLine),
    };

    private static string StatusInWords(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "Draft",
        PlanStatus.Active => "Active",
        PlanStatus.UnderReview => "Being reviewed",
        PlanStatus.Completed => "Completed",
        _ => "Closed",
    };

    private static string Display(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}

public static class MyPlanFeature
{
    /// <summary>What a client can do for themself: read their own plan.</summary>
    public static IServiceCollection AddMyPlanFeature(this IServiceCollection services) => services
        .AddSingleton<IBotCommand, MyPlanCommand>();
}
