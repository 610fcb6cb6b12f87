using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Supervision;

/// <summary>
/// The progress card's buttons: another page, and a supervision note on a client's plan (a form whose note id is drawn
/// when shown, so a double press stores one note). "Open plan" is the plan card's own <c>plan.show</c>, read-only for a
/// supervisor. A note is written through the supervisor's handle (audited) and shown on the plan card to the clinician
/// of record and the supervisor; never to the client.
/// </summary>
public sealed class SupervisionCardActions(SupervisionCardBuilder cards, SupervisionSchedule schedule, ClientFiles files, CardRenderer renderer) : ICardActionHandler
{
    public const string Page = "supervision.page";
    public const string Note = "supervision.note";
    public const string SaveNote = "supervision.note.save";
    public const int NoteLimit = 1000;

    public IReadOnlyCollection<string> Verbs { get; } = [Page, Note, SaveNote];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller;
        if (context.Verb == Page)
        {
            var settings = (await schedule.GetAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false)).Value;
            var page = int.TryParse(context.GetString("page"), out var p) ? p : 1;
            return await cards.RenderAsync(caller, context.Turn.Clock(), page, schedule.Describe(settings), cancellationToken).ConfigureAwait(false);
        }

        var clientId = context.GetString("clientId");
        if (string.IsNullOrEmpty(clientId))
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var opened = await files.OpenAsSupervisorAsync(caller, clientId, "supervision note", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var plan = (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        var name = opened.File.Enrolment.DisplayName;
        if (plan is null)
        {
            return CardActionResult.Say($"{name} has no treatment plan yet, so there is nothing to leave a note on.");
        }

        var text = (context.GetString("text") ?? string.Empty).Trim();
        var noteId = context.GetString("noteId");
        if (context.Verb == Note || string.IsNullOrEmpty(noteId))
        {
            return Form(clientId, noteId ?? Guid.NewGuid().ToString("N"), name, plan.Version, text, []);
        }

        if (text.Length == 0 || text.Length > NoteLimit)
        {
            return Form(clientId, noteId, name, plan.Version, text,
                [text.Length == 0 ? "Write the note first: it is empty." : $"A note is at most {NoteLimit} characters; this one has {text.Length}. Shorten it and save again."]);
        }

        var note = new SupervisionNote(noteId, plan.PlanId, plan.Version, text, caller.UserId, caller.DisplayName ?? "Your supervisor", context.Turn.Clock().UtcNow);
        try
        {
            await opened.File.AddSupervisionNoteAsync(note, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            return CardActionResult.Say($"That note on {name}'s plan was already saved.");
        }

        return CardActionResult.Say($"Your note on {name}'s plan is saved. Their clinician sees it on the plan card (show plan {name}); the client does not.");
    }

    private CardActionResult Form(string clientId, string noteId, string name, int version, string text, IReadOnlyList<string> errors) =>
        CardActionResult.ShowCard(renderer.Render("supervision-note", new SupervisionNoteModel(
            clientId, noteId, CardText.Escape(name), $"Plan version {version} · seen by their clinician, not by the client", text, errors)));
}
