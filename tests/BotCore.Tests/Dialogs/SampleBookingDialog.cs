using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;

namespace BotCore.Tests.Dialogs;

/// <summary>What the proof waterfall collects.</summary>
public sealed record SampleBooking(string Name, int Sessions, DateOnly FirstSession, string Contact);

/// <summary>
/// A proof waterfall for the tests: name, number of sessions, first date, how to get in touch, then a confirmation.
/// The real application dialogs live in the app; this one only exercises the machinery.
/// </summary>
public sealed class SampleBookingDialog : InterruptibleDialog
{
    public const string AskName = "What name should I use?";
    public const string AskSessions = "How many sessions (1-52)?";
    public const string AskFirstSession = "When is the first session?";
    public const string AskContact = "How should we get in touch?";
    public const string CancelledNothingKept = "Stopped. Nothing was saved.";

    public SampleBookingDialog()
        : base(nameof(SampleBookingDialog))
    {
        AddDialog(new WaterfallDialog("booking",
        [
            AskNameAsync,
            AskSessionsAsync,
            AskFirstSessionAsync,
            AskContactAsync,
            ConfirmAsync,
            FinishAsync,
        ]));
        AddDialog(new TextPrompt("name"));
        AddDialog(new NumberPrompt<int>("sessions"));
        AddDialog(new DatePrompt("date"));
        AddDialog(new ChoicePrompt("contact"));
        AddDialog(new ConfirmPrompt("confirm"));
    }

    public static string Summary(string name, int sessions, DateOnly first, string contact) =>
        $"{name}: {sessions} sessions from {first:yyyy-MM-dd}, contact by {contact}. Is that right?";

    protected override string DescribeCurrentStep(DialogContext innerDc) =>
        innerDc.FindActivePromptOptions()?.Help ?? "I'm setting up a booking.";

    protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
        Task.FromResult(CancelledNothingKept);

    private static Task<DialogTurnResult> AskNameAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.PromptAsync("name", PromptOptions.Text(AskName, help: "Type the name the booking is under."), ct);

    private static Task<DialogTurnResult> AskSessionsAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Values.Set("name", (string)step.Result!);
        return step.PromptAsync("sessions", PromptOptions.Text(AskSessions, help: "A whole number of sessions, 1 to 52.") with
        {
            Validations = new NumberRange<int>(1, 52),
        }, ct);
    }

    private static Task<DialogTurnResult> AskFirstSessionAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Values.Set("sessions", (int)step.Result!);
        return step.PromptAsync("date", PromptOptions.Text(AskFirstSession, help: "A date such as 3 March 2027 or 'in 2 weeks'."), ct);
    }

    private static Task<DialogTurnResult> AskContactAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Values.Set("first", (DateOnly)step.Result!);
        return step.PromptAsync("contact", PromptOptions.Text(AskContact) with
        {
            Choices =
            [
                new Choice("email") { Title = "Email", Synonyms = ["mail", "e-mail"] },
                new Choice("phone") { Title = "Phone call", Synonyms = ["call", "telephone"] },
                new Choice("sms") { Title = "Text message", Synonyms = ["text", "sms"] },
            ],
        }, ct);
    }

    private static Task<DialogTurnResult> ConfirmAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var contact = ((FoundChoice)step.Result!).Value;
        step.Values.Set("contact", contact);
        var summary = Summary(step.Values.Get<string>("name"), step.Values.Get<int>("sessions"), step.Values.Get<DateOnly>("first"), contact);
        return step.PromptAsync("confirm", PromptOptions.Text(summary), ct);
    }

    private static Task<DialogTurnResult> FinishAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (!(bool)step.Result!)
        {
            return step.EndDialogAsync(null, ct);
        }

        var booking = new SampleBooking(step.Values.Get<string>("name"), step.Values.Get<int>("sessions"), step.Values.Get<DateOnly>("first"), step.Values.Get<string>("contact"));
        return step.EndDialogAsync(booking, ct);
    }
}
