using System.Text.Json;
using BotCore.Schema;

namespace BotCore.Tests.Handlers;

public sealed class ActivityHandlerTests
{
    private static readonly ChannelAccount Bot = new() { Id = "28:bot-synthetic", Name = "Bot" };
    private static readonly ChannelAccount Clinician = new() { Id = "29:clinician-synthetic", Name = "Test Clinician" };
    private static readonly ChannelAccount Supervisor = new() { Id = "29:supervisor-synthetic", Name = "Test Supervisor" };

    [Fact]
    public async Task Members_added_reach_the_handler_without_the_bot_itself()
    {
        var handler = new RecordingHandler();

        await handler.RunAsync(Activity(ActivityTypes.ConversationUpdate) with { MembersAdded = [Bot, Clinician, Supervisor] });

        Assert.Equal(["MembersAdded:29:clinician-synthetic,29:supervisor-synthetic"], handler.Calls);
    }

    [Fact]
    public async Task Only_the_bot_being_added_calls_no_members_handler()
    {
        var handler = new RecordingHandler();

        await handler.RunAsync(Activity(ActivityTypes.ConversationUpdate) with { MembersAdded = [Bot] });

        Assert.Empty(handler.Calls);
    }

    [Fact]
    public async Task Members_removed_reach_the_handler_without_the_bot_itself()
    {
        var handler = new RecordingHandler();

        await handler.RunAsync(Activity(ActivityTypes.ConversationUpdate) with { MembersRemoved = [Clinician, Bot] });

        Assert.Equal(["MembersRemoved:29:clinician-synthetic"], handler.Calls);
    }

    [Theory]
    [InlineData("add", "InstallationAdd")]
    [InlineData("add-upgrade", "InstallationAdd")]
    [InlineData("remove", "InstallationRemove")]
    [InlineData("remove-upgrade", "InstallationRemove")]
    public async Task Installation_update_is_routed_by_its_action(string action, string expected)
    {
        var handler = new RecordingHandler();

        await handler.RunAsync(Activity(ActivityTypes.InstallationUpdate) with { Action = action });

        Assert.Equal([expected], handler.Calls);
    }

    [Fact]
    public async Task Card_submit_arrives_as_a_message_with_value_and_no_text_and_goes_to_the_submit_handler()
    {
        var handler = new RecordingHandler();

        await handler.RunAsync(Activity(ActivityTypes.Message) with { Value = Json("""{"verb":"confirm","choice":"yes"}""") });

        Assert.Equal(["CardSubmit:yes"], handler.Calls);
    }

    [Fact]
    public async Task Card_submit_falls_back_to_the_message_handler_when_not_overridden()
    {
        var handler = new MessageOnlyHandler();
        var context = Context(Activity(ActivityTypes.Message) with { Value = Json("""{"choice":"no"}""") });

        await handler.OnTurnAsync(context, CancellationToken.None);

        Assert.True(handler.SawMessage);
    }

    [Fact]
    public async Task Typed_text_with_a_value_is_an_ordinary_message()
    {
        var handler = new RecordingHandler();

        await handler.RunAsync(Activity(ActivityTypes.Message) with { Text = "yes", Value = Json("""{"choice":"yes"}""") });

        Assert.Equal(["Message:yes"], handler.Calls);
    }

    [Theory]
    [InlineData(ActivityTypes.Event, "Event")]
    [InlineData(ActivityTypes.Typing, "Typing")]
    [InlineData(ActivityTypes.MessageReaction, "Unrecognized")]
    public async Task Other_activity_types_reach_their_handlers(string type, string expected)
    {
        var handler = new RecordingHandler();

        await handler.RunAsync(Activity(type));

        Assert.Equal([expected], handler.Calls);
    }

    [Fact]
    public async Task Adaptive_card_action_is_parsed_and_answered_with_the_handlers_response()
    {
        var handler = new RecordingHandler();
        var context = Context(Activity(ActivityTypes.Invoke) with
        {
            Name = "adaptiveCard/action",
            Value = Json("""{"action":{"type":"Action.Execute","id":"btn-1","verb":"rateObjective","data":{"rating":4}},"trigger":"manual"}"""),
        });

        await handler.OnTurnAsync(context, CancellationToken.None);

        Assert.Equal(["AdaptiveCard:rateObjective:btn-1:manual:4"], handler.Calls);
        Assert.Equal(200, context.InvokeResponse?.Status);
        var body = Assert.IsType<AdaptiveCardInvokeResponse>(context.InvokeResponse?.Body);
        Assert.Equal(new AdaptiveCardInvokeResponse(200, "application/vnd.microsoft.activity.message", "Rating saved"), body);
    }

    [Fact]
    public async Task Adaptive_card_action_without_an_execute_action_answers_400_with_the_error_shape()
    {
        var handler = new RecordingHandler();
        var context = Context(Activity(ActivityTypes.Invoke) with { Name = "adaptiveCard/action", Value = Json("""{"trigger":"manual"}""") });

        await handler.OnTurnAsync(context, CancellationToken.None);

        Assert.Empty(handler.Calls);
        Assert.Equal(400, context.InvokeResponse?.Status);
        var body = Assert.IsType<AdaptiveCardInvokeResponse>(context.InvokeResponse?.Body);
        Assert.Equal(ContentTypes.Error, body.Type);
        Assert.Equal(400, body.StatusCode);
    }

    [Fact]
    public async Task Invoke_the_handler_does_not_know_answers_501()
    {
        var context = Context(Activity(ActivityTypes.Invoke) with { Name = "task/fetch" });

        await new ActivityHandler().OnTurnAsync(context, CancellationToken.None);

        Assert.Equal(501, context.InvokeResponse?.Status);
    }

    [Fact]
    public async Task Adaptive_card_action_not_overridden_answers_501()
    {
        var context = Context(Activity(ActivityTypes.Invoke) with
        {
            Name = "adaptiveCard/action",
            Value = Json("""{"action":{"type":"Action.Execute","verb":"anything"}}"""),
        });

        await new ActivityHandler().OnTurnAsync(context, CancellationToken.None);

        Assert.Equal(501, context.InvokeResponse?.Status);
    }

    [Fact]
    public void Invoke_response_helpers_serialize_to_the_shapes_teams_expects()
    {
        var card = Json("""{"type":"AdaptiveCard","version":"1.5"}""");

        Assert.Equal(
            """{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{"type":"AdaptiveCard","version":"1.5"}}""",
            JsonSerializer.Serialize(AdaptiveCardInvokeResponse.Card(card), BotJson.Options));
        Assert.Equal(
            """{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Done"}""",
            JsonSerializer.Serialize(AdaptiveCardInvokeResponse.Message("Done"), BotJson.Options));
        Assert.Equal(
            """{"statusCode":400,"type":"application/vnd.microsoft.error","value":{"code":"BadRequest","message":"Missing input"}}""",
            JsonSerializer.Serialize(AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing input"), BotJson.Options));
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static Activity Activity(string type) => new()
    {
        Type = type,
        Id = "activity-1",
        ChannelId = "msteams",
        ServiceUrl = "https://smba.example.test/amer/",
        From = Clinician,
        Recipient = Bot,
        Conversation = new ConversationAccount { Id = "a:conversation-synthetic" },
    };

    private static TurnContext Context(Activity activity) => new(new NoChannelAdapter(), activity);

    private sealed class RecordingHandler : ActivityHandler
    {
        public List<string> Calls { get; } = [];

        public Task RunAsync(Activity activity) => OnTurnAsync(Context(activity), CancellationToken.None);

        protected override Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
            Record($"Message:{turnContext.Activity.Text}");

        protected override Task OnCardSubmitAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
            Record($"CardSubmit:{turnContext.Activity.Value?.GetProperty("choice").GetString()}");

        protected override Task OnMembersAddedAsync(IReadOnlyList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) =>
            Record("MembersAdded:" + string.Join(",", membersAdded.Select(m => m.Id)));

        protected override Task OnMembersRemovedAsync(IReadOnlyList<ChannelAccount> membersRemoved, ITurnContext turnContext, CancellationToken cancellationToken) =>
            Record("MembersRemoved:" + string.Join(",", membersRemoved.Select(m => m.Id)));

        protected override Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("InstallationAdd");

        protected override Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("InstallationRemove");

        protected override Task OnEventActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("Event");

        protected override Task OnTypingActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("Typing");

        protected override Task OnUnrecognizedActivityTypeAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("Unrecognized");

        protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
        {
            var action = invokeValue.Action!;
            await Record($"AdaptiveCard:{action.Verb}:{action.Id}:{invokeValue.Trigger}:{action.Data?.GetProperty("rating").GetInt32()}");
            return AdaptiveCardInvokeResponse.Message("Rating saved");
        }

        private Task Record(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }
    }

    private sealed class MessageOnlyHandler : ActivityHandler
    {
        public bool SawMessage { get; private set; }

        protected override Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
        {
            SawMessage = true;
            return Task.CompletedTask;
        }
    }

    /// <summary>These tests look only at dispatch; nothing is sent.</summary>
    private sealed class NoChannelAdapter : BotAdapter
    {
        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
