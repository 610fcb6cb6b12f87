using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Dialogs;

/// <summary>The single-answer prompts other than choice: text, number, confirm and date, and the attempts they allow.</summary>
public sealed class PromptTests
{
    private const string Question = "Question?";
    private const string Retry = "Try again?";

    [Theory]
    [InlineData("Sam", "Sam")]
    [InlineData("  Robin Example  ", "Robin Example")]
    public async Task Text_prompt_returns_what_was_typed(string typed, string expected)
    {
        var client = PromptHarness.Client(new TextPrompt("text"), PromptOptions.Text(Question));

        Assert.Equal([Question], await client.SayAsync("hi"));
        Assert.Empty(await client.SayAsync(typed));

        Assert.Equal(DialogTurnStatus.Complete, client.DialogTurnResult!.Status);
        Assert.Equal(expected, client.DialogTurnResult.Result);
    }

    [Fact]
    public async Task Text_prompt_takes_the_answer_from_a_card_submit_without_text()
    {
        var client = PromptHarness.Client(new TextPrompt("text"), PromptOptions.Text(Question));
        await client.SayAsync("hi");

        await client.SubmitAsync(new { text = "From a card" });

        Assert.Equal("From a card", client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task A_validator_that_explains_itself_replaces_the_retry_prompt_and_sees_the_attempt_count()
    {
        var attempts = new List<int>();
        PromptValidator<string> atLeastThree = async (prompt, ct) =>
        {
            attempts.Add(prompt.AttemptCount);
            if (prompt.Recognized.Value!.Length >= 3)
            {
                return true;
            }

            await prompt.Context.SendActivityAsync(ActivityExtensions.CreateMessage("At least three letters, please."), ct);
            return false;
        };
        var client = PromptHarness.Client(new TextPrompt("text", atLeastThree), PromptOptions.Text(Question, Retry));
        await client.SayAsync("hi");

        Assert.Equal(["At least three letters, please."], await client.SayAsync("Al"));
        Assert.Empty(await client.SayAsync("Alex"));

        Assert.Equal("Alex", client.DialogTurnResult!.Result);
        Assert.Equal([1, 2], attempts);
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("12 sessions", 12)]
    [InlineData(" 1 ", 1)]
    [InlineData("52", 52)]
    public async Task Number_prompt_accepts_a_number_in_range(string typed, int expected)
    {
        var client = NumberClient();
        await client.SayAsync("hi");

        Assert.Empty(await client.SayAsync(typed));

        Assert.Equal(DialogTurnStatus.Complete, client.DialogTurnResult!.Status);
        Assert.Equal(expected, client.DialogTurnResult.Result);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("53")]
    [InlineData("12.5")]
    [InlineData("between 3 and 4")]
    public async Task Number_prompt_says_the_range_and_asks_again_after_an_unusable_answer(string typed)
    {
        var client = NumberClient();
        await client.SayAsync("hi");

        Assert.Equal(["Please answer with a number from 1 to 52. " + Question], await client.SayAsync(typed));
        Assert.Empty(await client.SayAsync("4"));

        Assert.Equal(4, client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Number_prompt_uses_the_retry_prompt_when_one_is_given()
    {
        var client = PromptHarness.Client(new NumberPrompt<int>("n"), PromptOptions.Text(Question, Retry));
        await client.SayAsync("hi");

        Assert.Equal([Retry], await client.SayAsync("none"));
    }

    [Fact]
    public async Task Decimal_number_prompt_reads_decimals()
    {
        var client = PromptHarness.Client(new NumberPrompt<decimal>("n"), PromptOptions.Text(Question) with { Validations = new NumberRange<decimal>(0m, 10m) });
        await client.SayAsync("hi");

        await client.SayAsync("2.5 hours");

        Assert.Equal(2.5m, client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task After_the_maximum_attempts_the_dialog_ends_gracefully_and_nothing_is_left_running()
    {
        var client = NumberClient();
        await client.SayAsync("hi");

        await client.SayAsync("lots");
        await client.SayAsync("many");
        var last = await client.SayAsync("loads");

        Assert.Equal([new DialogOptions().AttemptsExhaustedMessage], last);
        Assert.Equal(DialogTurnStatus.Cancelled, client.DialogTurnResult!.Status);
        Assert.Equal(DialogCancellationReason.AttemptsExhausted, client.DialogTurnResult.Cancellation!.Reason);
        Assert.Empty((await client.ReadStoredDialogStateAsync())!.DialogStack);
    }

    [Fact]
    public async Task Maximum_attempts_come_from_the_settings()
    {
        var client = PromptHarness.Client(new NumberPrompt<int>("n"), PromptOptions.Text(Question), new DialogOptions { MaxPromptAttempts = 1 });
        await client.SayAsync("hi");

        await client.SayAsync("lots");

        Assert.Equal(DialogTurnStatus.Cancelled, client.DialogTurnResult!.Status);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Y", true)]
    [InlineData("no", false)]
    [InlineData("n", false)]
    [InlineData("No.", false)]
    [InlineData("1", true)]
    public async Task Confirm_prompt_understands_typed_answers(string typed, bool expected)
    {
        var client = PromptHarness.Client(new ConfirmPrompt("ok"), PromptOptions.Text(Question));
        await client.SayAsync("hi");

        await client.SayAsync(typed);

        Assert.Equal(expected, client.DialogTurnResult!.Result);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public async Task Confirm_prompt_understands_its_buttons(int button, bool expected)
    {
        var client = PromptHarness.Client(new ConfirmPrompt("ok"), PromptOptions.Text(Question));
        await client.SayAsync("hi");
        var actions = PromptHarness.CardOf(client.Adapter.Sent[^1]).GetProperty("actions");
        Assert.Equal(["Yes", "No"], actions.EnumerateArray().Select(a => a.GetProperty("title").GetString()));

        await client.SubmitAsync(actions[button].GetProperty("data"));

        Assert.Equal(expected, client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Confirm_prompt_asks_again_after_maybe()
    {
        var client = PromptHarness.Client(new ConfirmPrompt("ok"), PromptOptions.Text(Question, Retry));
        await client.SayAsync("hi");

        Assert.Equal([Retry], await client.SayAsync("maybe"));
        await client.SayAsync("yes");

        Assert.Equal(true, client.DialogTurnResult!.Result);
    }

    [Theory]
    [InlineData("2027-03-03", "2027-03-03")]
    [InlineData("3 March 2027", "2027-03-03")]
    [InlineData("3 mar 2027", "2027-03-03")]
    [InlineData("March 3rd, 2027", "2027-03-03")]
    [InlineData("03/03/2027", "2027-03-03")]
    [InlineData("3/4/2027", "2027-04-03")]
    [InlineData("3.4.2027", "2027-04-03")]
    [InlineData("today", "2026-11-26")]
    [InlineData("Tomorrow", "2026-11-27")]
    [InlineData("in 6 weeks", "2027-01-07")]
    [InlineData("in 10 days", "2026-12-06")]
    [InlineData("in two weeks", "2026-12-10")]
    [InlineData("in a month", "2026-12-26")]
    [InlineData("3 months from now", "2027-02-26")]
    public async Task Date_prompt_reads_common_written_and_relative_forms(string typed, string expected)
    {
        var client = PromptHarness.Client(new DatePrompt("d"), PromptOptions.Text(Question), clock: new FakeTimeProvider(PromptHarness.Now));
        await client.SayAsync("hi");

        await client.SayAsync(typed);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Date_prompt_reads_all_number_dates_month_first_when_configured()
    {
        var client = PromptHarness.Client(new DatePrompt("d"), PromptOptions.Text(Question), new DialogOptions { NumericDateOrder = NumericDateOrder.MonthDayYear });
        await client.SayAsync("hi");

        await client.SayAsync("3/4/2027");

        Assert.Equal(new DateOnly(2027, 3, 4), client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Date_prompt_shows_an_input_date_card_and_reads_its_submit()
    {
        var client = PromptHarness.Client(new DatePrompt("d"), PromptOptions.Text(Question));
        Assert.Equal([Question], await client.SayAsync("hi"));
        var input = PromptHarness.CardOf(client.Adapter.Sent[^1]).GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Input.Date");
        Assert.Equal(PromptCards.DateInputId, input.GetProperty("id").GetString());

        await client.SubmitAsync(new Dictionary<string, string> { [PromptCards.DateInputId] = "2027-03-03" });

        Assert.Equal(new DateOnly(2027, 3, 3), client.DialogTurnResult!.Result);
    }

    [Theory]
    [InlineData("31/02/2027")]
    [InlineData("someday")]
    [InlineData("in many weeks")]
    [InlineData("01/01/0000")]
    [InlineData("in 9000 years")]
    [InlineData("in 5000000 days")]
    [InlineData("in 999999999 weeks")]
    public async Task Date_prompt_asks_again_for_something_that_is_not_a_date(string typed)
    {
        var client = PromptHarness.Client(new DatePrompt("d"), PromptOptions.Text(Question, Retry) with { Style = PromptStyle.Text });
        await client.SayAsync("hi");

        Assert.Equal([Retry], await client.SayAsync(typed));
    }

    [Fact]
    public async Task Today_is_the_users_local_date_from_the_activity()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.Zero));
        var client = PromptHarness.Client(new DatePrompt("d"), PromptOptions.Text(Question), clock: clock);
        await client.SayAsync("hi");
        var fromAuckland = client.Adapter.MakeMessage("today") with { LocalTimestamp = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(13)) };

        await client.SendActivityAsync(fromAuckland);

        Assert.Equal(new DateOnly(2026, 11, 27), client.DialogTurnResult!.Result);
    }

    private static BotCore.Testing.DialogTestClient NumberClient() =>
        PromptHarness.Client(new NumberPrompt<int>("n"), PromptOptions.Text(Question) with { Validations = new NumberRange<int>(1, 52) });
}
