using System.Text.Json.Serialization;
using BotCore.Dialogs;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Features.CurrentInformation;

/// <summary>
/// The plan card's "Edit current information" (<c>profile.edit</c>) and the form's Save (<c>profile.save</c>): the
/// clinician of record edits contacts, emergency contacts, community care, past diagnoses and treatment, and adds dated
/// entries to the trauma-informed overview. Each save replaces the profile by ETag and keeps the one it replaces
/// (row <c>profile-history|{changeId}</c>) in the same transaction; the change id is drawn when the form is shown,
/// so a second press of one form saves nothing twice. Only the clinician of record opens the form (the overview is theirs).
/// </summary>
public sealed class CurrentInformationActions(ClientFiles files, PlanCardBuilder plans, CardRenderer cards) : ICardActionHandler
{
    public const string Template = "current-information";

    public IReadOnlyCollection<string> Verbs { get; } = ["profile.edit", "profile.save"];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        var opened = await files.OpenAsClinicianAsync(context.User.Caller, clientId, ClientAction.Write, "current-information", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var file = opened.File;
        var today = context.Turn.Clock().Today;
        if (await file.GetProfileAsync(cancellationToken).ConfigureAwait(false) is not { } profile)
        {
            return CardActionResult.Say("This client has no current information on record yet, so there is nothing to edit.");
        }

        if (context.Verb == "profile.edit")
        {
            return Form(file, profile.ETag, NewChangeId(), CurrentInformationForm.From(profile.Value, today), [], today);
        }

        var changeId = context.GetString("changeId") is { Length: > 0 } id ? id : NewChangeId();
        var typed = Typed(context);
        if (!string.Equals(context.GetString("profileVersion"), profile.ETag, StringComparison.Ordinal))
        {
            return await AlreadySavedAsync(file, context.Turn.Clock(), changeId, cancellationToken).ConfigureAwait(false)
                ?? Form(file, profile.ETag, changeId, typed, ["This client's information changed since this form was sent, so nothing was saved. What you typed is kept: check it against the plan card and save again."], today);
        }

        var (changed, errors, what) = typed.Apply(profile.Value, today);
        if (changed is null)
        {
            return Form(file, profile.ETag, changeId, typed, [.. errors, "Nothing was saved."], today);
        }

        if (what.Length == 0)
        {
            return await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, null, "Nothing changed in the current information or the overview, so nothing was saved.", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var change = new ProfileChange(changeId, context.User.Caller.UserId, context.Turn.Clock().UtcNow, what);
            await file.ReplaceProfileKeepingPriorAsync(change, profile.Value, profile.ETag, changed, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.AlreadyExists or StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            return await AlreadySavedAsync(file, context.Turn.Clock(), changeId, cancellationToken).ConfigureAwait(false)
                ?? Form(file, profile.ETag, NewChangeId(), typed, ["This client's information changed while you were saving, so nothing was saved. What you typed is kept: save again."], today);
        }

        return await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, null, $"Saved the {what}. The earlier values stay on record.", cancellationToken).ConfigureAwait(false);
    }

    private async Task<CardActionResult?> AlreadySavedAsync(ClinicianFile file, LocalClock clock, string changeId, CancellationToken cancellationToken) =>
        (await file.ListProfileHistoryAsync(cancellationToken).ConfigureAwait(false)).Any(c => c.ChangeId == changeId)
            ? await plans.RenderAsync(file.OpenedBy, clock, file.ClientId, 1, null, "This change was already saved (Save was pressed before); nothing was saved twice.", cancellationToken).ConfigureAwait(false)
            : null;

    private CardActionResult Form(ClinicianFile file, string etag, string changeId, CurrentInformationForm form, IReadOnlyList<string> errors, DateOnly today) =>
        CardActionResult.ShowCard(cards.Render(Template, new CurrentInformationCardModel(
            file.ClientId, etag, changeId, ObjectiveMeasures.Iso(today), new EditClient(CardText.Escape(file.Enrolment.DisplayName)), errors, form)));

    private static CurrentInformationForm Typed(CardActionContext context)
    {
        string Get(string name) => context.GetString(name) ?? string.Empty;
        return new CurrentInformationForm(Get("phone"), Get("email"), Get("address"), Get("emergencyContacts"), Get("communityCare"),
            Get("pastDiagnoses"), Get("pastTreatment"), Get("newEvent"), Get("newEventDate"), Get("newTrigger"), Get("newAvoid"));
    }

    private static string NewChangeId() => $"change-{Guid.NewGuid():N}";
}

/// <summary>View model of cards/current-information.json.</summary>
public sealed record CurrentInformationCardModel(
    string ClientId,
    string ProfileVersion,
    string ChangeId,
    string Today,
    EditClient Client,
    IReadOnlyList<string> Errors,
    CurrentInformationForm Form);

public static class CurrentInformationFeature
{
    public static IServiceCollection AddCurrentInformationFeature(this IServiceCollection services) => services
        .AddSingleton<ICardActionHandler, CurrentInformationActions>()
        .AddSingleton<Dialog, CurrentInfoDialog>()
        .AddSingleton<IBotCommand, CurrentInfoCommand>();
}
