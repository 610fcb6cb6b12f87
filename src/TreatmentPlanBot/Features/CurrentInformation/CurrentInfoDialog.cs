using System.Text.Json;
using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.CurrentInformation;

/// <summary>"current info [client]": fill the gaps in one of the clinician's clients' current information in chat.</summary>
public sealed class CurrentInfoCommand : IBotCommand
{
    public string Name => "current info";

    public string Usage => "current info [client]";

    public string Description => "Fill in what is missing from a client's current information (e.g. an emergency contact)";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(CurrentInfoDialog.DialogId, new CurrentInfoDraft(argument.Trim().Length == 0 ? null : argument.Trim()), cancellationToken);
}

/// <summary>The one record "current info" keeps in state: the client, the record's version when it was read, the answers.</summary>
public sealed record CurrentInfoDraft(string? ClientQuery)
{
    public string? ClientId { get; init; }

    public string? DisplayName { get; init; }

    public string? ProfileVersion { get; init; }

    public CurrentInformationDetails? Details { get; init; }

    /// <summary>What the record lacked when it was read: only these are asked, shown and saved.</summary>
    public IReadOnlyList<CurrentInformationQuestion> Gaps { get; init; } = [];

    /// <summary>Drawn when the summary is shown, so a re-run of the saving turn finds its own change already made.</summary>
    public string? ChangeId { get; init; }
}

/// <summary>
/// Picks the client, asks <see cref="CurrentInformationDialog"/> for exactly what their record lacks (the same questions
/// screening asks a new client), shows what will be added, and saves it by ETag keeping the profile it replaces, as the
/// plan card's form does. Whatever the record already holds is never changed here; the plan card's form edits it.
/// </summary>
public sealed class CurrentInfoDialog : InterruptibleDialog
{
    public const string DialogId = "current-info";
    public const string NothingMissing = "Their record already has everything I ask for here. To change any of it, use **Edit current information** on their plan card.";
    public const string NothingSaved = "Nothing was saved to their record.";
    public const string AlreadySaved = "These were already saved; nothing was saved twice.";

    private const string Steps = "current-info.steps";
    private const string DraftKey = "draft";
    private const string ConfirmPromptId = "current-info.confirm";

    private readonly TurnUserResolver _users;
    private readonly ClientFiles _files;

    public CurrentInfoDialog(TurnUserResolver users, ClientFiles files)
        : base(DialogId)
    {
        _users = users;
        _files = files;
        AddDialog(new WaterfallDialog(Steps, [PickAsync, AskGapsAsync, ConfirmAsync, SaveAsync]));
        AddDialog(new CurrentInformationDialog());
        AddDialog(new ConfirmPrompt(ConfirmPromptId));
        InitialDialogId = Steps;
    }

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        (innerDc.FindActivePromptOptions()?.Help ?? "I'm filling in what is missing from a client's current information.")
        + " Nothing is saved until you confirm at the end; say **cancel** to stop without saving.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult($"I've stopped. {NothingSaved}");

    private static Task<DialogTurnResult> PickAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = step.GetOptions<CurrentInfoDraft>() ?? new CurrentInfoDraft(null);
        step.Values.Set(DraftKey, draft);
        return step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(draft.ClientQuery, "fill in the current information of"), cancellationToken);
    }

    private async Task<DialogTurnResult> AskGapsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string clientId || Draft(step) is not { } draft)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var opened = await _files.OpenAsClinicianAsync(await CallerAsync(step, cancellationToken).ConfigureAwait(false), clientId, ClientAction.Write, "current-information", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return await EndAsync(step, AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
        }

        var name = opened.File.Enrolment.DisplayName;
        if (await opened.File.GetProfileAsync(cancellationToken).ConfigureAwait(false) is not { } profile)
        {
            return await EndAsync(step, $"{name} has no current information on record yet; a screening makes it.", cancellationToken).ConfigureAwait(false);
        }

        var intake = CurrentInformationDraft.FromProfile(profile.Value);
        if (intake.NextQuestion() is null)
        {
            return await EndAsync(step, $"**{name}**: {NothingMissing}", cancellationToken).ConfigureAwait(false);
        }

        step.Values.Set(DraftKey, draft with
        {
            ClientId = clientId,
            DisplayName = name,
            ProfileVersion = profile.ETag,
            Gaps = [.. Enum.GetValues<CurrentInformationQuestion>().Where(q => q != CurrentInformationQuestion.PastTreatmentNote && intake.IsOpen(q))],
        });
        await step.Context.SendActivityAsync($"Filling in **{name}**'s current information: I'll ask only for what their record lacks. Nothing is saved until you confirm.", cancellationToken).ConfigureAwait(false);
        return await step.BeginDialogAsync(CurrentInformationDialog.DialogId, intake, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> ConfirmAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not CurrentInformationDetails details || Draft(step) is not { } draft)
        {
            return await EndAsync(step, NothingSaved, cancellationToken).ConfigureAwait(false);
        }

        var added = Added(details, draft.Gaps);
        if (added.Count == 0)
        {
            return await EndAsync(step, $"Every question was skipped, so there is nothing to add. {NothingSaved}", cancellationToken).ConfigureAwait(false);
        }

        step.Values.Set(DraftKey, draft with { Details = details, ChangeId = $"change-{Guid.NewGuid():N}" });
        return await step.PromptAsync(ConfirmPromptId, PromptOptions.Text(
            $"**To add to {draft.DisplayName}'s current information**\n\n{string.Join("\n\n", added)}\n\nSave this to their record?",
            "Please answer yes to save, or no to stop without saving.",
            "Yes adds what was missing; what the record already held stays as it was, and the earlier version is kept."), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> SaveAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not true || Draft(step) is not { ClientId: { } clientId, Details: { } details, ChangeId: { } changeId } draft)
        {
            return await EndAsync(step, NothingSaved, cancellationToken).ConfigureAwait(false);
        }

        var caller = await CallerAsync(step, cancellationToken).ConfigureAwait(false);
        var opened = await _files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "current-information", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return await EndAsync(step, AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
        }

        var file = opened.File;
        if (await AlreadySavedAsync(file, changeId, cancellationToken).ConfigureAwait(false))
        {
            return await EndAsync(step, AlreadySaved, cancellationToken).ConfigureAwait(false);
        }

        var profile = await file.GetProfileAsync(cancellationToken).ConfigureAwait(false);
        var changedMeanwhile = $"{draft.DisplayName}'s information changed while we were talking, so nothing was saved. Say **current info {draft.DisplayName}** to see what is still missing.";
        if (profile is null || profile.ETag != draft.ProfileVersion)
        {
            return await EndAsync(step, changedMeanwhile, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var change = new ProfileChange(changeId, caller.UserId, step.Context.Clock().UtcNow, "current information");
            await file.ReplaceProfileKeepingPriorAsync(change, profile.Value, profile.ETag, details.FillGaps(profile.Value), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.AlreadyExists or StorageErrorKind.Conflict or StorageErrorKind.NotFound)
        {
            return await EndAsync(step, await AlreadySavedAsync(file, changeId, cancellationToken).ConfigureAwait(false) ? AlreadySaved : changedMeanwhile, cancellationToken).ConfigureAwait(false);
        }

        var flag = details.EmergencyContact is null ? " They still have no emergency contact; their plan keeps flagging it." : string.Empty;
        return await EndAsync(step, $"Saved to {draft.DisplayName}'s record. The earlier version stays on record.{flag}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The lines to confirm: the answers to the record's gaps that were not skipped.</summary>
    private static List<string> Added(CurrentInformationDetails details, IReadOnlyList<CurrentInformationQuestion> gaps)
    {
        var lines = new List<string>();
        void Add(CurrentInformationQuestion question, bool given, Func<string> line)
        {
            if (gaps.Contains(question) && given)
            {
                lines.Add(line());
            }
        }

        Add(CurrentInformationQuestion.Pronouns, details.Pronouns is not null, () => $"Pronouns: {details.Pronouns}");
        Add(CurrentInformationQuestion.Contact, true, () => "Contact: " + string.Join(", ", new[] { details.Contact.Phone, details.Contact.Email }.OfType<string>()));
        Add(CurrentInformationQuestion.EmergencyContact, details.EmergencyContact is not null, () => $"Emergency contact: {details.EmergencyContact!.Name} ({details.EmergencyContact.Relationship}), {details.EmergencyContact.Phone}");
        Add(CurrentInformationQuestion.CommunityCare, details.CommunityCare.Count > 0, () => "Also involved: " + string.Join("; ", details.CommunityCare.Select(p => $"{Screening.CurrentInformationParser.Describe(p.Role)}: {p.Name}")));
        Add(CurrentInformationQuestion.TreatedBefore, details.TreatedBefore, () => "Past treatment: " + (details.PastTreatmentNote ?? "yes, no details given"));
        Add(CurrentInformationQuestion.PastDiagnoses, details.PastDiagnoses.Count > 0, () => "Past diagnoses: " + string.Join("; ", details.PastDiagnoses));
        return lines;
    }

    private static async Task<bool> AlreadySavedAsync(ClinicianFile file, string changeId, CancellationToken cancellationToken) =>
        (await file.ListProfileHistoryAsync(cancellationToken).ConfigureAwait(false)).Any(c => c.ChangeId == changeId);

    private static CurrentInfoDraft? Draft(WaterfallStepContext step)
    {
        try
        {
            return step.Values.TryGet<CurrentInfoDraft>(DraftKey, out var draft) ? draft : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<DialogTurnResult> EndAsync(WaterfallStepContext step, string text, CancellationToken cancellationToken)
    {
        await step.Context.SendActivityAsync(text, cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Caller> CallerAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        (await _users.ResolveAsync(step.Context, cancellationToken).ConfigureAwait(false))?.Caller
        ?? throw new InvalidOperationException("A turn without a sender; the handler refuses those before any dialog runs.");
}
