using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Dialogs;

public sealed class WaterfallAndInterruptionTests
{
    private static DialogTestClient Client() => new(new SampleBookingDialog(), timeProvider: new FakeTimeProvider(PromptHarness.Now));

    [Fact]
    public async Task The_sample_booking_reads_as_a_conversation_and_returns_what_was_collected()
    {
        var client = Client();
        var summary = SampleBookingDialog.Summary("Sam Sample", 12, new DateOnly(2027, 1, 7), "phone");
        (string UserSays, string[] BotReplies)[] conversation =
        [
            ("hello", [SampleBookingDialog.AskName]),
            ("Sam Sample", [SampleBookingDialog.AskSessions]),
            ("twelve", ["Please answer with a number from 1 to 52. " + SampleBookingDialog.AskSessions]),
            ("12", [SampleBookingDialog.AskFirstSession]),
            ("in 6 weeks", [SampleBookingDialog.AskContact]),
            ("call", [summary]),
            ("y", []),
        ];

        foreach (var (userSays, botReplies) in conversation)
        {
            Assert.Equal(botReplies, await client.SayAsync(userSays));
        }

        Assert.Equal(DialogTurnStatus.Complete, client.DialogTurnResult!.Status);
        Assert.Equal(new SampleBooking("Sam Sample", 12, new DateOnly(2027, 1, 7), "phone"), client.DialogTurnResult.Result);
        Assert.Empty((await client.ReadStoredDialogStateAsync())!.DialogStack);
    }

    [Fact]
    public async Task Values_are_kept_across_turns_in_stored_state_as_json_of_their_own_type()
    {
        var client = Client();
        await client.SayAsync("hello");
        await client.SayAsync("Sam Sample");
        await client.SayAsync("12");

        var stored = (await client.ReadStoredConversationStateAsync())!.ToJsonString();

        Assert.Contains("\"name\":\"Sam Sample\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"sessions\":12", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_the_confirmation_completes_without_a_result()
    {
        var client = Client();
        foreach (var said in new[] { "hello", "Sam Sample", "3", "2027-03-03", "1" })
        {
            await client.SayAsync(said);
        }

        await client.SayAsync("no");

        Assert.Equal(new DialogTurnResult(DialogTurnStatus.Complete), client.DialogTurnResult);
    }

    [Fact]
    public async Task Cancel_ends_the_whole_stack_and_says_what_was_kept()
    {
        var client = Client();
        await client.SayAsync("hello");
        await client.SayAsync("Sam Sample");

        Assert.Equal([SampleBookingDialog.CancelledNothingKept], await client.SayAsync("Cancel"));

        Assert.Equal(DialogTurnStatus.Cancelled, client.DialogTurnResult!.Status);
        Assert.Equal(new DialogCancellation(DialogCancellationReason.Requested, Announced: true), client.DialogTurnResult.Cancellation);
        Assert.Empty((await client.ReadStoredDialogStateAsync())!.DialogStack);
    }

    [Fact]
    public async Task After_cancel_the_next_message_starts_afresh()
    {
        var client = Client();
        await client.SayAsync("hello");
        await client.SayAsync("Sam Sample");
        await client.SayAsync("cancel");

        Assert.Equal([SampleBookingDialog.AskName], await client.SayAsync("hello again"));
    }

    [Fact]
    public async Task Help_explains_the_current_step_and_asks_it_again_without_using_an_attempt()
    {
        var client = Client();
        await client.SayAsync("hello");
        await client.SayAsync("Sam Sample");
        await client.SayAsync("lots");
        await client.SayAsync("loads");

        Assert.Equal(["A whole number of sessions, 1 to 52.", SampleBookingDialog.AskSessions], await client.SayAsync("help"));
        Assert.Equal([SampleBookingDialog.AskFirstSession], await client.SayAsync("5"));
    }

    [Fact]
    public async Task Help_on_a_card_prompt_resends_the_card()
    {
        var client = Client();
        foreach (var said in new[] { "hello", "Sam Sample", "3", "2027-03-03" })
        {
            await client.SayAsync(said);
        }

        var replies = await client.SayAsync("?");

        Assert.Equal(["I'm setting up a booking.", SampleBookingDialog.AskContact], replies);
        Assert.NotNull(client.Adapter.Sent[^1].Attachments);
    }

    [Fact]
    public async Task Running_out_of_attempts_inside_the_booking_says_so_and_what_was_kept()
    {
        var client = Client();
        await client.SayAsync("hello");
        await client.SayAsync("Sam Sample");
        await client.SayAsync("lots");
        await client.SayAsync("loads");

        Assert.Equal([new DialogOptions().AttemptsExhaustedMessage, SampleBookingDialog.CancelledNothingKept], await client.SayAsync("heaps"));

        Assert.Equal(new DialogCancellation(DialogCancellationReason.AttemptsExhausted, Announced: true), client.DialogTurnResult!.Cancellation);
        Assert.Empty((await client.ReadStoredDialogStateAsync())!.DialogStack);
    }

    [Fact]
    public async Task Cancel_and_help_words_come_from_the_settings()
    {
        var client = new DialogTestClient(new SampleBookingDialog(), dialogOptions: new DialogOptions { CancelWords = ["stop"], HelpWords = ["what?"] });
        await client.SayAsync("hello");

        Assert.Equal(["Type the name the booking is under.", SampleBookingDialog.AskName], await client.SayAsync("What?"));
        Assert.Equal([SampleBookingDialog.AskSessions], await client.SayAsync("cancel"));
        Assert.Equal([SampleBookingDialog.CancelledNothingKept], await client.SayAsync("stop"));
    }

    [Fact]
    public async Task The_innermost_interruptible_dialog_answers_help_and_cancel()
    {
        var outer = new OuterDialog();
        var client = new DialogTestClient(outer);
        await client.SayAsync("hello");

        Assert.Equal(["Type the name the booking is under.", SampleBookingDialog.AskName], await client.SayAsync("help"));
        Assert.Equal([SampleBookingDialog.CancelledNothingKept], await client.SayAsync("cancel"));

        Assert.Equal(DialogTurnStatus.Cancelled, client.DialogTurnResult!.Status);
        Assert.Empty((await client.ReadStoredDialogStateAsync())!.DialogStack);
    }

    [Fact]
    public async Task Waterfall_options_survive_into_later_steps_and_next_skips_waiting()
    {
        var waterfall = new WaterfallDialog("greet",
        [
            (step, ct) => step.NextAsync("skipped ahead", ct),
            async (step, ct) =>
            {
                await step.Context.SendActivityAsync(BotCore.Schema.ActivityExtensions.CreateMessage((string)step.Result!), ct);
                return await step.PromptAsync("text", PromptOptions.Text("Anything else?"), ct);
            },
            (step, ct) => step.EndDialogAsync($"{step.GetOptions<GreetingOptions>()!.Greeting}, {step.Result}", ct),
        ]);
        var dialog = new ComponentDialog("root");
        dialog.AddDialog(waterfall);
        dialog.AddDialog(new TextPrompt("text"));
        var client = new DialogTestClient(dialog, initialDialogOptions: new GreetingOptions("Welcome back"));

        Assert.Equal(["skipped ahead", "Anything else?"], await client.SayAsync("hello"));
        await client.SayAsync("Robin");

        Assert.Equal("Welcome back, Robin", client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Replace_dialog_restarts_a_loop_without_growing_the_stack()
    {
        var loop = new WaterfallDialog("loop");
        loop.AddStep((step, ct) => step.PromptAsync("text", PromptOptions.Text("Again?"), ct));
        loop.AddStep((step, ct) => (string)step.Result! == "done" ? step.EndDialogAsync("finished", ct) : step.ReplaceDialogAsync("loop", null, ct));
        var dialog = new ComponentDialog("root");
        dialog.AddDialog(loop);
        dialog.AddDialog(new TextPrompt("text"));
        var client = new DialogTestClient(dialog);
        await client.SayAsync("start");

        Assert.Equal(["Again?"], await client.SayAsync("more"));
        Assert.Equal(["Again?"], await client.SayAsync("more"));
        var stored = await client.ReadStoredDialogStateAsync();
        await client.SayAsync("done");

        Assert.Single(stored!.DialogStack);
        Assert.Equal("finished", client.DialogTurnResult!.Result);
    }

    private sealed record GreetingOptions(string Greeting);

    private sealed class OuterDialog : InterruptibleDialog
    {
        public OuterDialog()
            : base("outer")
        {
            AddDialog(new WaterfallDialog("outer-steps", [(step, ct) => step.BeginDialogAsync(nameof(SampleBookingDialog), null, ct)]));
            AddDialog(new SampleBookingDialog());
        }

        protected override string DescribeCurrentStep(DialogContext innerDc) => "The outer dialog must not answer.";

        protected override Task<string> DescribeWhatIsKeptAsync(DialogContext innerDc, DialogCancellationReason reason, CancellationToken cancellationToken) =>
            Task.FromResult("The outer dialog must not answer.");
    }
}
