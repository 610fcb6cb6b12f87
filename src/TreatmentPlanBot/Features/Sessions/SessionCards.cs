using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Outcomes;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Templates;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>
/// Opens the session form, the authorisation form and the prep card for a caller, whether asked by a typed command or
/// a button. Every one opens the client's file through the gate again: the forms for the clinician of record only,
/// prep also read-only for their supervisor.
/// </summary>
public sealed class SessionCards(ClientFiles files, SessionPrep prep, TemplateLibrary areas, IOptions<SessionsOptions> options, CardRenderer renderer)
{
    public async Task<CardActionResult> SessionFormAsync(Caller caller, LocalClock clock, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "session", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var plan = (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var profile = (await opened.File.GetProfileAsync(cancellationToken).ConfigureAwait(false))?.Value;
        return SessionForm(opened.File.ClientId, SessionForms.NewSessionId(), opened.File.Enrolment.DisplayName, plan, profile, clock.Today, SessionForms.Blank(clock.Today), new Dictionary<string, string>(), []);
    }

    public CardActionResult SessionForm(string clientId, string sessionId, string displayName, TreatmentPlan? plan, ClientProfile? profile, DateOnly today, SessionFormValues form, IReadOnlyDictionary<string, string> tasks, IReadOnlyList<string> errors) =>
        Card(SessionForms.Template, SessionForms.View(clientId, sessionId, displayName, plan, SessionContext(displayName, plan, profile, today), today, form, tasks, errors));

    public async Task<CardActionResult> AuthorisationFormAsync(Caller caller, LocalClock clock, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "authorisation", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var profile = (await opened.File.GetProfileAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var sessions = await opened.File.ListSessionsAsync(cancellationToken).ConfigureAwait(false);
        return AuthorisationForm(opened.File.ClientId, AuthorisationForms.NewAuthorisationId(), opened.File.Enrolment.DisplayName, profile?.Insurance,
            AuthorisationForms.Prefill(profile?.Insurance, sessions, clock.Today), []);
    }

    public CardActionResult AuthorisationForm(string clientId, string authorisationId, string displayName, InsuranceAuthorisation? current, AuthorisationFormValues form, IReadOnlyList<string> errors)
    {
        var context = current is null
            ? $"{displayName} · no authorisation recorded yet"
            : $"{displayName} · replaces {AuthorisationWords.Payer(current.Payer, current.Reference)} ({current.SessionsUsed} of {current.SessionsAuthorised} used, ends {ObjectiveMeasures.Display(current.Expiry)})";
        return Card(AuthorisationForms.Template, AuthorisationForms.View(clientId, authorisationId, displayName, CardText.Escape(context), form, errors));
    }

    public async Task<CardActionResult> PrepAsync(Caller caller, LocalClock clock, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenClinicalViewAsync(caller, clientId, "prep", cancellationToken).ConfigureAwait(false);
        return opened.Allowed
            ? Card(SessionPrep.Template, await prep.BuildAsync(opened.File, clock.Today, cancellationToken).ConfigureAwait(false))
            : CardActionResult.Say(AccessDecision.RefusalMessage);
    }

    public AuthorisationStanding Standing(InsuranceAuthorisation authorisation, TreatmentPlan? plan, DateOnly today) =>
        AuthorisationStanding.Of(authorisation, plan, CaseloadRefresher.FrequenciesOf(plan, areas), options.Value.Thresholds, today);

    private string SessionContext(string displayName, TreatmentPlan? plan, ClientProfile? profile, DateOnly today)
    {
        var insurance = profile?.Insurance is { } authorisation
            ? $"{Standing(authorisation, plan, today).SessionsLeft} of {authorisation.SessionsAuthorised} authorised sessions left"
            : "no insurance authorisation recorded";
        var planned = plan is null ? " · no plan yet, so no interventions or tasks to pick from" : string.Empty;
        return CardText.Escape($"{displayName} · {insurance}{planned}");
    }

    private CardActionResult Card(string template, object model) => CardActionResult.ShowCard(renderer.Render(template, model));
}
