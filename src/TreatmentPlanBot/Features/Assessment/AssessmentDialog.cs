using BotCore;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Instruments;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>
/// "assess &lt;client&gt;": which client, which measure (the latest screening's recommendations first), how (one question
/// at a time here, or one form), then the administration, the client's sex where the cut-off needs it, and scoring,
/// storing and the result (<see cref="AssessmentCompletion"/>). Answers live in the dialog's state until then.
/// </summary>
internal sealed class AssessmentDialog : InterruptibleDialog
{
    public const string DialogId = "assessment";

    private readonly InstrumentLibrary _library;
    private readonly ClientFiles _files;
    private readonly AssessmentCompletion _completion;
    private readonly ItemByItemDialog _items;

    public AssessmentDialog(InstrumentLibrary library, ClientFiles files, AssessmentCompletion completion, Cards.CardRenderer cards)
        : base(DialogId)
    {
        _library = library;
        _files = files;
        _completion = completion;
        _items = new ItemByItemDialog(library, cards, completion);
        AddDialog(new WaterfallDialog("assessment.steps", [ClientAsync, InstrumentAsync, ModeAsync, AdministerAsync, SexAsync, CompleteAsync]));
        AddDialog(new ChoicePrompt("assessment.choice"));
        AddDialog(_items);
        AddDialog(new AssessmentFormDialog(library, cards, completion));
        AddDialog(new SaveRetryDialog(completion));
        InitialDialogId = "assessment.steps";
    }

    protected override string DescribeCurrentStep(DialogContext innerDc)
    {
        var inner = innerDc.ActiveDialog is { } active ? InnermostOf(innerDc, active) : null;
        return inner?.Id switch
        {
            ItemByItemDialog.DialogId => _items.DescribeCurrent(inner),
            AssessmentFormDialog.DialogId => "Fill in the form above and press **Submit answers**. Say **cancel** to stop (nothing is saved).",
            SaveRetryDialog.DialogId => "The answers are scored but not yet saved. Say **try again** to save them, or **cancel** to discard them.",
            _ => innerDc.FindActivePromptOptions()?.Help ?? "I'm setting up an assessment. Say **cancel** to stop.",
        };
    }

    protected override async Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken)
    {
        // Stopping discards the measure, not a risk its answers already showed (e.g. a yes on ASQ question 1).
        var inner = innerDc.ActiveDialog is { } active ? InnermostOf(innerDc, active) : null;
        if (inner?.Id is ItemByItemDialog.DialogId or AssessmentFormDialog.DialogId)
        {
            var (session, answers) = AdministrationState.Load(inner);
            answers = await _completion.RaiseEarlyRiskAsync(innerDc.Context, session, _library.Get(session.InstrumentId), answers, cancellationToken, stopping: true).ConfigureAwait(false);
            if (answers.RaisedEarly is not null)
            {
                return "I've stopped the assessment. Its answers were not saved, but the risk they showed is recorded (safety steps above); say **assess** followed by the client's name to start again.";
            }
        }

        return "I've stopped the assessment. Nothing was saved for it; say **assess** followed by the client's name to start again.";
    }

    private static Task<DialogTurnResult> ClientAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<AssessmentOptions>() ?? new AssessmentOptions(null);
        if (options.InstrumentId is { } preset)
        {
            step.Values.Set("preset", preset);
        }

        return options.ClientId is { } clientId
            ? step.NextAsync(clientId, cancellationToken)
            : step.BeginDialogAsync(ClientPickerDialog.DialogId, new ClientPickerOptions(options.ClientQuery, "assess"), cancellationToken);
    }

    private async Task<DialogTurnResult> InstrumentAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string clientId)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var opened = await _files.OpenAsClinicianAsync(Caller.From(step.Context.Activity)!, clientId, ClientAction.Write, "assessment", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            await step.Context.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        step.Values.Set("clientId", clientId);
        step.Values.Set("clientName", opened.File.Enrolment.DisplayName);
        var screenings = await opened.File.ListScreeningsAsync(cancellationToken).ConfigureAwait(false);
        // A recommendation already run since that screening is no longer "recommended": it is done.
        var latestScreening = screenings.MaxBy(s => s.ScreenedAt);
        var done = latestScreening is null ? [] : (await opened.File.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false))
            .Where(a => a.AdministeredAt >= latestScreening.ScreenedAt).Select(a => a.InstrumentId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<string> recommended = [.. (latestScreening?.RecommendedInstruments ?? []).Where(id => !done.Contains(id))];

        if (step.Values.TryGet<string>("preset", out var preset) && _library.FindDefinition(preset) is { } chosen)
        {
            return await step.NextAsync(new FoundChoice(chosen.Id, 0), cancellationToken).ConfigureAwait(false);
        }

        var ordered = recommended.Select(_library.FindDefinition).OfType<InstrumentDefinition>()
            .Concat(_library.Definitions)
            .DistinctBy(d => d.Id)
            .ToList();
        var choices = ordered.Select(d => new Choice(d.Id)
        {
            Title = recommended.Contains(d.Id, StringComparer.OrdinalIgnoreCase) ? $"{d.Id}: {d.Name} (recommended at screening)" : $"{d.Id}: {d.Name}",
            Synonyms = [d.Name],
        }).ToList();
        return await step.PromptAsync("assessment.choice", PromptOptions.Text(
            $"Which measure for {step.Values.Get<string>("clientName")}?",
            "Please pick one of the measures listed, or type its name (e.g. PHQ-9).",
            recommended.Count > 0
                ? "The measures recommended at this client's latest screening are listed first."
                : "This client has no screening with recommendations yet, so every loaded measure is listed.") with
        {
            Choices = choices,
            SelectedChoice = ordered.FirstOrDefault(d => recommended.Contains(d.Id, StringComparer.OrdinalIgnoreCase))?.Id,
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<DialogTurnResult> ModeAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var definition = _library.Get(((FoundChoice)step.Result!).Value);
        step.Values.Set("instrumentId", definition.Id);
        if (!AssessmentFormDialog.Suits(definition))
        {
            return step.NextAsync(new FoundChoice("items", 0), cancellationToken);
        }

        return step.PromptAsync("assessment.choice", PromptOptions.Text(
            $"How shall we do the {definition.Id}?",
            "Please pick one: ask the questions here one by one, or one form.",
            "One by one: I send each question as its own card. One form: all questions on one card, submitted together.") with
        {
            Choices =
            [
                new Choice("items") { Title = "Ask the questions here one by one", Synonyms = ["one by one", "items"] },
                new Choice("form") { Title = "One form", Synonyms = ["form"] },
            ],
        }, cancellationToken);
    }

    private static Task<DialogTurnResult> AdministerAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var session = new AdministrationOptions($"s{Guid.NewGuid():N}"[..13], step.Values.Get<string>("instrumentId"), step.Values.Get<string>("clientId"));
        step.Values.Set("sessionId", session.SessionId);
        return ((FoundChoice)step.Result!).Value == "form"
            ? step.BeginDialogAsync(AssessmentFormDialog.DialogId, session, cancellationToken)
            : step.BeginDialogAsync(ItemByItemDialog.DialogId, session, cancellationToken);
    }

    private Task<DialogTurnResult> SexAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var answers = (AdministeredAnswers)step.Result!;
        step.Values.Set("answers", answers);
        var definition = _library.Get(step.Values.Get<string>("instrumentId"));
        if (!definition.PositiveDependsOnSex)
        {
            return step.NextAsync(null, cancellationToken);
        }

        return step.PromptAsync("assessment.choice", PromptOptions.Text(
            $"The {definition.Id} cut-off differs for women and men. What is the client's sex?",
            "Please pick female, male or prefer not to say.",
            "I use it only to choose the published cut-off for this screen.") with
        {
            Choices =
            [
                new Choice("female") { Title = "Female" },
                new Choice("male") { Title = "Male" },
                new Choice("unknown") { Title = "Prefer not to say", Synonyms = ["not given", "unknown"] },
            ],
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> CompleteAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var sex = (step.Result as FoundChoice)?.Value switch
        {
            "female" => Sex.Female,
            "male" => Sex.Male,
            _ => (Sex?)null,
        };
        var answers = step.Values.Get<AdministeredAnswers>("answers");

        // The administration's id, not the finishing press's: a second press of the same form stores nothing new. (A
        // conversation that began before sessions were kept here still has only the press to go by.)
        var administration = step.Values.TryGet<string>("sessionId", out var sessionId) ? sessionId : step.Context.Activity.Id;
        var pending = new PendingAssessment(
            $"assess-{administration}",
            step.Values.Get<string>("clientId"),
            step.Values.Get<string>("instrumentId"),
            answers.Answers,
            answers.Mode,
            sex)
        {
            RaisedEarly = answers.RaisedEarly,
        };
        try
        {
            await _completion.CompleteAsync(step.Context, pending, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            await _completion.WarnIfRiskUnsavedAsync(step.Context, pending, cancellationToken).ConfigureAwait(false);
            return await step.ReplaceDialogAsync(SaveRetryDialog.DialogId, pending, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DialogInstance? InnermostOf(DialogContext innerDc, DialogInstance active)
    {
        // The waterfall's own child (item dialog, form, prompt) is what the user is answering.
        return active.Id == "assessment.steps" && innerDc.Stack.Count > 0 ? innerDc.Stack[0] : active;
    }
}
