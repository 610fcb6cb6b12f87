using System.Text.Json;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Dialogs;

public sealed class EarlierQuestionButtonTests
{
    [Fact]
    public async Task A_button_from_an_earlier_question_does_not_answer_the_question_now_waiting()
    {
        var client = new DialogTestClient(new SampleBookingDialog(), timeProvider: new FakeTimeProvider(PromptHarness.Now));
        await client.SayAsync("hello");
        await client.SayAsync("Sam Sample");
        await client.SayAsync("12");
        await client.SayAsync("in 6 weeks");
        var contactCard = client.Adapter.Sent[^1].Attachments![0].Content!.Value;
        var smsButton = contactCard.GetProperty("actions")[2].GetProperty("data");
        await client.SubmitAsync(smsButton);
        var confirmCard = client.Adapter.Sent[^1].Attachments![0].Content!.Value;

        // A late second press of the contact button arrives while the yes/no question waits.
        var replies = await client.SubmitAsync(smsButton);

        Assert.Equal([new DialogOptions().EarlierQuestionMessage], replies);
        Assert.Equal(DialogTurnStatus.Waiting, client.DialogTurnResult!.Status);
        var yes = confirmCard.GetProperty("actions")[0].GetProperty("data");
        await client.SubmitAsync(yes);
        Assert.Equal(new SampleBooking("Sam Sample", 12, new DateOnly(2027, 1, 7), "sms"), client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Each_asking_stamps_its_own_token_on_every_submit_button()
    {
        var client = new DialogTestClient(new SampleBookingDialog(), timeProvider: new FakeTimeProvider(PromptHarness.Now));
        await client.SayAsync("hello");
        await client.SayAsync("Sam Sample");
        await client.SayAsync("12");
        await client.SayAsync("in 6 weeks");

        var tokens = client.Adapter.Sent[^1].Attachments![0].Content!.Value.GetProperty("actions").EnumerateArray()
            .Select(a => a.GetProperty("data").GetProperty(PromptCards.PromptTokenKey).GetString())
            .Distinct()
            .ToList();

        var token = Assert.Single(tokens);
        Assert.False(string.IsNullOrEmpty(token));
        Assert.DoesNotContain(token!, JsonSerializer.Serialize(client.Adapter.Sent[^2]), StringComparison.Ordinal);
    }
}
