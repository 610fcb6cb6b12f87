using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>
/// The not-on-track card's three ways forward, each starting the flow that already exists for it: change tactics opens
/// the edit card of the objective this measure tracks (its interventions and the client's tasks); alter goals shows the
/// plan to edit or replace objectives (Edit, Add objective); refer on starts <c>close [client]</c>, which records the
/// referral and closes the file.
/// </summary>
public sealed class WaysForwardActions(ClientFiles files, ObjectiveForms forms, PlanCardBuilder plans, CommandRouter commands, CardRenderer renderer) : ICardActionHandler
{
    /// <summary>The command that records a referral and closes the client's file (the record feature's).</summary>
    public const string ReferCommand = "close";

    public IReadOnlyCollection<string> Verbs { get; } = ["wayforward.tactics", "wayforward.goals", "wayforward.refer"];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        try
        {
            var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, "plan", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return CardActionResult.Say(AccessDecision.RefusalMessage);
            }

            var name = opened.File.Enrolment.DisplayName;
            if (context.Verb == "wayforward.refer")
            {
                return await ReferAsync(context, name, cancellationToken).ConfigureAwait(false);
            }

            if (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                return CardActionResult.Say(PlanCardBuilder.NoPlanYet(name));
            }

            var measureId = context.GetString("measureId");
            var objective = plan.Value.Objectives
                .Where(o => o.Status is ObjectiveStatus.NotStarted or ObjectiveStatus.InProgress or ObjectiveStatus.Revised)
                .OrderByDescending(o => string.Equals(o.Measure?.MeasureId, measureId, StringComparison.OrdinalIgnoreCase))
                .FirstOrDefault();
            if (context.Verb == "wayforward.tactics" && objective is not null)
            {
                return CardActionResult.ShowCard(renderer.Render(ObjectiveForms.EditTemplate,
                    forms.EditCard(clientId, name, plan, objective.Id, ObjectiveForms.Prefill(objective), [], [])));
            }

            var notice = context.Verb == "wayforward.tactics"
                ? $"{name}'s plan has no open objective to change tactics on: add one with **Add objective**."
                : $"To alter the goals with {name}: **Edit** an objective to change what it aims at, or **Add objective** for one that replaces it (then mark the old one dropped at the next review).";
            return await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, objective?.Id, notice, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }

    /// <summary>Runs "close [client]" as if typed, so referral and closing follow their own flow; says what to type when it is not there.</summary>
    private async Task<CardActionResult> ReferAsync(CardActionContext context, string name, CancellationToken cancellationToken)
    {
        var text = $"{ReferCommand} {name} referral";
        if (commands.Match(text) is not { Command.Name: ReferCommand } match || !context.User.Is(match.Command.Audience))
        {
            return CardActionResult.Say($"To refer {CardText.Escape(name)} on, say **{CardText.Escape(text)}**: it records the referral (the reason, to whom, a closing summary) and closes their file.");
        }

        await match.Command.ExecuteAsync(new CommandContext(context.Turn, context.Dialogs, context.User), match.Argument, cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say($"Referring {CardText.Escape(name)} on: **{CardText.Escape(text)}** has started; answer its questions here.");
    }
}
