using BotCore.Time;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Sessions;

/// <summary>
/// Saves the authorisation form onto the client's profile (ETag-guarded), then schedules its reminders. The
/// authorisation's id was drawn with the form, so a second press of one Save finds it stored and changes nothing.
/// </summary>
public sealed class AuthorisationRecorder(ClientFiles files, SessionCards cards, PlanCardBuilder plans, CaseloadRefresher caseload, AuthorisationReminders reminders)
{
    public async Task<CardActionResult> SaveAsync(CardActionContext context, string clientId, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller;
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "authorisation", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        if (context.GetString("authorisationId") is not { Length: > 0 } authorisationId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        var file = opened.File;
        var clock = context.Turn.Clock();
        var form = AuthorisationForms.Typed(context);
        var sessions = await file.ListSessionsAsync(cancellationToken).ConfigureAwait(false);
        var (authorisation, errors) = AuthorisationForms.Read(authorisationId, form, sessions);
        for (var attempt = 0; ; attempt++)
        {
            var profile = await file.GetProfileAsync(cancellationToken).ConfigureAwait(false);
            if (profile is null)
            {
                return CardActionResult.Say("This client's record has no profile to hold an authorisation, so nothing was saved.");
            }

            if (authorisation is null)
            {
                return cards.AuthorisationForm(clientId, authorisationId, file.Enrolment.DisplayName, profile.Value.Insurance, form, errors);
            }

            var already = profile.Value.Insurance?.Id == authorisationId;
            if (!already)
            {
                try
                {
                    await file.ReplaceProfileAsync(profile.Value with { Insurance = authorisation }, profile.ETag, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict && attempt < 4)
                {
                    continue;
                }
            }

            var saved = already ? profile.Value.Insurance! : authorisation;
            await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
            var plan = (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
            await reminders.ScheduleAsync(file.Enrolment, saved, cards.Standing(saved, plan, clock.Today), clock, cancellationToken).ConfigureAwait(false);
            var notice = already
                ? "This authorisation was already saved (Save was pressed before); nothing was changed."
                : $"Authorisation saved: {AuthorisationWords.Payer(saved.Payer, saved.Reference)}, {saved.SessionsAuthorised} sessions"
                  + $"{(saved.Starts is { } starts ? $" from {ObjectiveMeasures.Display(starts)}" : string.Empty)} to {ObjectiveMeasures.Display(saved.Expiry)}; {saved.SessionsUsed} used so far.";
            return plan is null
                ? CardActionResult.Say(notice)
                : await plans.RenderAsync(caller, clock, clientId, 1, null, notice, cancellationToken).ConfigureAwait(false);
        }
    }
}
