using System.Globalization;
using System.Text.Json;
using BotCore;
using BotCore.Dialogs;
using BotCore.Schema;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Instruments;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>How an assessment starts: from "assess &lt;client&gt;" (a query), or from a button (client and maybe instrument known).</summary>
public sealed record AssessmentOptions(string? ClientQuery, string? ClientId = null, string? InstrumentId = null);

/// <summary>One administration in progress: the card buttons carry <see cref="SessionId"/> so a button from another one is never applied.</summary>
internal sealed record AdministrationOptions(string SessionId, string InstrumentId, string ClientId)
{
    /// <summary>Who is answering: the clinician in chat (default), or the client in their own chat (a check-in).</summary>
    public AssessmentMode Mode { get; init; } = AssessmentMode.ClinicianInChat;
}

/// <summary>
/// What happens when a risk rule fires before the last question: in session the clinician gets the safety steps
/// (<see cref="AssessmentCompletion"/>); in a check-in the client gets the crisis line and the clinician is alerted.
/// Returns the answers noting what was raised, so it is raised once.
/// </summary>
internal interface IEarlyRiskResponder
{
    Task<AdministeredAnswers> RaiseEarlyRiskAsync(ITurnContext turn, AdministrationOptions session, InstrumentDefinition definition, AdministeredAnswers answers, CancellationToken cancellationToken, bool stopping = false);

    /// <summary>A screen already positive before its last question says so in that turn (see AssessmentCompletion).</summary>
    Task<AdministeredAnswers> NoticePositiveAsync(ITurnContext turn, InstrumentDefinition definition, AdministeredAnswers answers, CancellationToken cancellationToken);
}

/// <summary>How the item-by-item and form dialogs keep an administration in their state: one format, read the same way.</summary>
internal static class AdministrationState
{
    private const string SessionKey = "session";
    private const string AnswersKey = "answers";

    public static void Begin(DialogInstance instance, AdministrationOptions session, AdministeredAnswers answers)
    {
        instance.State[SessionKey] = JsonSerializer.SerializeToNode(session, BotJson.Options);
        Save(instance, answers);
    }

    public static (AdministrationOptions Session, AdministeredAnswers Answers) Load(DialogInstance instance) =>
        (instance.State[SessionKey].Deserialize<AdministrationOptions>(BotJson.Options)!,
         instance.State[AnswersKey].Deserialize<AdministeredAnswers>(BotJson.Options)!);

    public static void Save(DialogInstance instance, AdministeredAnswers answers) =>
        instance.State[AnswersKey] = JsonSerializer.SerializeToNode(answers, BotJson.Options);
}

/// <summary>
/// The answers given so far, by item number: a value, or null for a decline. Items skipped (optional ones only) are
/// listed apart so the next question moves on without them counting as answers.
/// </summary>
internal sealed record AdministeredAnswers(Dictionary<int, int?> Answers, List<int> Skipped, AssessmentMode Mode)
{
    /// <summary>The risk event already raised while the questions were still being asked (see <see cref="EarlyRisk"/>).</summary>
    public EarlyRisk? RaisedEarly { get; init; }

    /// <summary>The clinician has been told the screen is positive already (before its acuity question).</summary>
    public bool PositiveShown { get; init; }

    public IReadOnlyDictionary<int, ItemResponse> Responses() => ResponsesOf(Answers);

    /// <summary>A null answer is a decline.</summary>
    public static Dictionary<int, ItemResponse> ResponsesOf(Dictionary<int, int?> answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value is { } value ? ItemResponse.Answer(value) : ItemResponse.Decline);

    /// <summary>What <see cref="ScoringEngine.NextItem"/> needs: a skipped item counts as dealt with.</summary>
    public IReadOnlyDictionary<int, ItemResponse> DealtWith()
    {
        var all = ResponsesOf(Answers);
        foreach (var number in Skipped)
        {
            all[number] = ItemResponse.Decline;
        }

        return all;
    }
}

/// <summary>A finished administration waiting to be scored and stored; kept whole so a failed save can be retried.</summary>
internal sealed record PendingAssessment(
    string AssessmentId,
    string ClientId,
    string InstrumentId,
    Dictionary<int, int?> Answers,
    AssessmentMode Mode,
    Sex? Sex)
{
    public EarlyRisk? RaisedEarly { get; init; }
}

/// <summary>
/// A risk rule that fired before the last question (PHQ-9 item 9 comes before the optional item 10): its risk event
/// is recorded and answered at once, and the stored assessment later refers to it instead of raising it again.
/// </summary>
internal sealed record EarlyRisk(string RiskEventId, string Level, List<string> Rules);

/// <summary>The answer options of one item as the cards and typed answers see them.</summary>
internal static class AnswerChoices
{
    public const string Decline = "decline";
    public const string Skip = "skip";

    private static readonly string[] DeclineWords = ["decline", "declined", "declines", "declines to answer", "refused", "refuses", "prefer not to say", "rather not say"];

    /// <summary>
    /// The buttons of an item. Where an item has more than two options the value is shown on the button ("2 · More than
    /// half the days"), as on the published forms, so a typed number means the same thing as the button showing it.
    /// </summary>
    public static IReadOnlyList<object> Options(InstrumentDefinition definition, InstrumentItem item)
    {
        var options = definition.OptionsFor(item);
        var shown = options.Select(o => (object)new
        {
            value = o.Value.ToString(CultureInfo.InvariantCulture),
            label = options.Count > 2 ? $"{o.Value} · {o.Label}" : o.Label,
        }).ToList();
        if (item.DeclineAllowed)
        {
            shown.Add(new { value = Decline, label = "Declines to answer" });
        }

        if (!definition.IsRequired(item))
        {
            shown.Add(new { value = Skip, label = "Skip (optional question)" });
        }

        return shown;
    }

    public static string Hint(InstrumentDefinition definition, InstrumentItem item)
    {
        var options = definition.OptionsFor(item);
        var extra = (item.DeclineAllowed ? ", or **decline**" : string.Empty) + (definition.IsRequired(item) ? string.Empty : ", or **skip**");
        return options.Count > 2
            ? $"Press an answer, or type its number ({options.Min(o => o.Value)}–{options.Max(o => o.Value)}) or its words{extra}."
            : $"Press an answer, or type {string.Join(" or ", options.Select(o => o.Label.ToLower(CultureInfo.CurrentCulture)))}{extra}.";
    }

    /// <summary>
    /// Reads a button value or typed answer: a value shown on the buttons, an option's words, the option's position
    /// (only where it cannot be mistaken for a value), decline or skip where the item allows them.
    /// </summary>
    public static ItemAnswer? Read(InstrumentDefinition definition, InstrumentItem item, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var answer = text.Trim().TrimEnd('.', '!').Trim();
        if (item.DeclineAllowed && DeclineWords.Any(w => string.Equals(w, answer, StringComparison.OrdinalIgnoreCase)))
        {
            return new ItemAnswer(null, Declined: true, Skipped: false);
        }

        if (!definition.IsRequired(item) && string.Equals(answer, Skip, StringComparison.OrdinalIgnoreCase))
        {
            return new ItemAnswer(null, Declined: false, Skipped: true);
        }

        var options = definition.OptionsFor(item);
        var byLabel = options.FirstOrDefault(o => string.Equals(o.Label, answer, StringComparison.OrdinalIgnoreCase)
            || string.Equals($"{o.Value} · {o.Label}", answer, StringComparison.OrdinalIgnoreCase));
        if (byLabel is not null)
        {
            return new ItemAnswer(byLabel.Value, false, false);
        }

        if (int.TryParse(answer, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            if (options.Any(o => o.Value == number))
            {
                return new ItemAnswer(number, false, false);
            }

            if (number >= 1 && number <= options.Count)
            {
                return new ItemAnswer(options[number - 1].Value, false, false);
            }
        }

        return null;
    }

    /// <summary>How a recorded answer reads back: the option's published label.</summary>
    public static string Describe(InstrumentDefinition definition, InstrumentItem item, int? value) =>
        value is { } v ? definition.OptionsFor(item).FirstOrDefault(o => o.Value == v)?.Label ?? v.ToString(CultureInfo.InvariantCulture) : "declined to answer";
}

internal sealed record ItemAnswer(int? Value, bool Declined, bool Skipped);
