using BotCore.Adapters;
using BotCore.Schema;

namespace BotCore.Tests.Handlers;

public sealed class TurnContextExtensionsTests
{
    [Fact]
    public async Task Sending_text_sends_one_message_in_the_turns_conversation()
    {
        var adapter = new TestAdapter();

        var result = await adapter.ProcessActivityAsync(adapter.MakeMessage("hi"), new SayBot("Hello **there**."));

        var reply = Assert.Single(result.Replies);
        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("Hello **there**.", reply.Text);
        Assert.Equal(adapter.Conversation.Conversation?.Id, reply.Conversation?.Id);
    }

    private sealed class SayBot(string text) : IBot
    {
        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default) =>
            await turnContext.SendActivityAsync(text, cancellationToken);
    }
}
