using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Invitations;

/// <summary>What the clinician is inviting: kept as one draft across the dialog's turns.</summary>
public sealed record InviteDraft(string ClientId, string ClientName)
{
    public Person? Invitee { get; init; }

    /// <summary>Drawn when the clinician is asked to confirm, so a confirmation pressed twice stores one invitation.</summary>
    public string? InvitationId { get; init; }
}

/// <summary>
/// "invite &lt;client&gt;": the client (the picker, the clinician's own clients), the access check (only the clinician of
/// record invites), the person in the organisation's directory by name or email (choices; "none of these" asks again;
/// directory failures explained), a confirmation, then the invitation through the notifier.
/// </summary>
public sealed class InviteDialog : InterruptibleDialog
{
    public const string DialogId = "invitations.invite";
    private const string PersonDialogId = "invitations.invite.person";
    private const string NoneOfThese = "none";

    private readonly ClientFiles _files;
    private readonly IPeopleDirectory _directory;
    private readonly InvitationSender _sender;

    public InviteDialog(ClientFiles files, IPeopleDirectory directory, InvitationSender sender)
        : base(DialogId)
    {
        _files = files;
        _directory = directory;
        _sender = sender;
        AddDialog(new WaterfallDialog("invitations.invite.steps", [PickClientAsync, CheckAccessAsync, ConfirmAsync, SendAsync]));
        AddDialog(new WaterfallDialog(PersonDialogId, [AskPersonAsync, SearchAsync, PersonChosenAsync]));
        AddDialog(new TextPrompt("invitations.invite.query"));
        AddDialog(new ChoicePrompt("invitations.invite.who"));
        AddDialog(new ConfirmPrompt("invitations.invite.confirm", yesTitle: "Send the invitation", noTitle: "Don't send"));
        InitialDialogId = "invitations.invite.steps";
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        innerDc.FindActivePromptOptions()?.Help ?? "I'm inviting a client to connect their Teams account with their record.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult("I've stopped. No invitation was sent.");

    private static Task<DialogTurnResult> PickClientAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(step.GetOptions<string>(), "invite"), cancellationToken);

    private async Task<DialogTurnResult> CheckAccessAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string clientId)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var opened = await _files.OpenAsClinicianAsync(Caller.From(step.Context.Activity)!, clientId, ClientAction.Write, "invitation", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            await step.Context.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var client = opened.File.Enrolment;
        if (client.ClientUserId is not null)
        {
            await step.Context.SendActivityAsync(
                $"{CardText.Escape(client.DisplayName)}'s Teams account is already linked to their record: there is nothing to invite.", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        step.Values.Set("draft", new InviteDraft(client.ClientId, client.DisplayName));
        return await step.BeginDialogAsync(PersonDialogId, client.DisplayName, cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> AskPersonAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.PromptAsync("invitations.invite.query", PromptOptions.Text(
            $"Who is {CardText.Escape(step.GetOptions<string>() ?? "the client")} in your organisation's directory? Type their name or email address.",
            "Please type the person's name or email address.",
            "I look the person up in your organisation's Microsoft 365 directory and send them the invitation in Teams."), cancellationToken);

    private async Task<DialogTurnResult> SearchAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var tenantId = Caller.From(step.Context.Activity)!.TenantId;
        var found = await _directory.SearchAsync(tenantId, ((string)step.Result!).Trim(), 10, cancellationToken).ConfigureAwait(false);
        if (!found.IsFound || found.Value is not { Count: > 0 } people)
        {
            await step.Context.SendActivityAsync(found.Explanation, cancellationToken).ConfigureAwait(false);
            return found.Outcome == DirectoryOutcome.NotFound
                ? await step.ReplaceDialogAsync(PersonDialogId, step.GetOptions<string>(), cancellationToken).ConfigureAwait(false)
                : await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        step.Values.Set("found", people);
        return await step.PromptAsync("invitations.invite.who", PromptOptions.Text(
            "Which person is it?",
            "Please pick one of the people listed, or \"None of these\".",
            "Pick the person to invite. \"None of these\" lets you search again.") with
        {
            Choices = [.. people.Select(p => new Choice(p.UserId) { Title = p.Email is null ? p.DisplayName : $"{p.DisplayName} ({p.Email})" }),
                new Choice(NoneOfThese) { Title = "None of these", Synonyms = ["none", "no one"] }],
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> PersonChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var chosen = ((FoundChoice)step.Result!).Value;
        if (chosen == NoneOfThese)
        {
            return await step.ReplaceDialogAsync(PersonDialogId, step.GetOptions<string>(), cancellationToken).ConfigureAwait(false);
        }

        return await step.EndDialogAsync(step.Values.Get<List<Person>>("found").First(p => p.UserId == chosen), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> ConfirmAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not Person person)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var draft = step.Values.Get<InviteDraft>("draft") with { Invitee = person, InvitationId = $"inv-{Guid.NewGuid():N}" };
        step.Values.Set("draft", draft);
        var who = person.Email is null ? CardText.Escape(person.DisplayName) : $"{CardText.Escape(person.DisplayName)} ({CardText.Escape(person.Email)})";
        return await step.PromptAsync("invitations.invite.confirm", PromptOptions.Text(
            $"Invite {who} to connect with you as {CardText.Escape(draft.ClientName)}? They'll get a message from me in Teams saying you invited them, "
            + "what I'll ask of them and who sees their answers. Nothing clinical is sent before they accept.",
            "Please answer yes to send the invitation, or no.",
            "Yes sends the invitation now; no sends nothing."), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> SendAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not true)
        {
            await step.Context.SendActivityAsync("No invitation was sent.", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var draft = step.Values.Get<InviteDraft>("draft");
        var caller = Caller.From(step.Context.Activity)!;
        var invitee = draft.Invitee!;
        var (_, _, summary) = await _sender.SendAsync(
            _sender.Draft(draft.InvitationId!, caller.TenantId, draft.ClientId, invitee.UserId, invitee.DisplayName, caller.UserId), cancellationToken).ConfigureAwait(false);
        await step.Context.SendActivityAsync($"Invitation: {summary}.", cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}
