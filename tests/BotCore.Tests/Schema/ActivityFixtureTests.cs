using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;

namespace BotCore.Tests.Schema;

/// <summary>Real-shaped Teams activities (synthetic ids and names) read with the one set of wire options.</summary>
public sealed class ActivityFixtureTests
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000a1";
    private const string BotId = "28:00000000-0000-0000-0000-0000000000b0";

    public static TheoryData<string> Fixtures => new(Directory.GetFiles(FixtureFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    private static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Activities");

    private static string Read(string name) => File.ReadAllText(Path.Combine(FixtureFolder, name));

    private static Activity Load(string name) => JsonSerializer.Deserialize<Activity>(Read(name), BotJson.Options)!;

    [Fact]
    public void Personal_message_carries_text_sender_conversation_and_client_info()
    {
        var activity = Load("message-personal.json");

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("start", activity.Text);
        Assert.Equal("msteams", activity.ChannelId);
        Assert.Equal("https://smba.trafficmanager.net/amer/", activity.ServiceUrl);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 42, TimeSpan.Zero).AddTicks(5071234), activity.Timestamp);
        Assert.Equal(TimeSpan.FromHours(-8), activity.LocalTimestamp!.Value.Offset);
        Assert.Equal("00000000-0000-0000-0000-00000000c001", activity.From!.AadObjectId);
        Assert.Equal(BotId, activity.Recipient!.Id);
        Assert.Equal("personal", activity.Conversation!.ConversationType);
        Assert.Equal(Tenant, activity.Conversation.TenantId);
        Assert.True(activity.IsPersonalConversation());
        Assert.Equal("text/html", Assert.Single(activity.Attachments!).ContentType);
        var clientInfo = Assert.Single(activity.Entities!);
        Assert.Equal("clientInfo", clientInfo.Type);
        Assert.Equal("America/Los_Angeles", clientInfo.Properties!["timezone"].GetString());
        Assert.Equal(Tenant, activity.GetTeamsChannelData()!.Tenant!.Id);
        Assert.Equal("2026-03-02T09:15:42.507Z", activity.Properties!["rawTimestamp"].GetString());
    }

    [Fact]
    public void Group_chat_message_is_not_personal_and_names_the_bot_in_a_mention_entity()
    {
        var activity = Load("message-groupchat-mention.json");

        Assert.Equal("<at>Sample Bot</at> status", activity.Text);
        Assert.True(activity.Conversation!.IsGroup);
        Assert.Equal("groupChat", activity.Conversation.ConversationType);
        Assert.False(activity.IsPersonalConversation());
        var mention = activity.Entities!.Single(e => e.Type == "mention");
        Assert.Equal(BotId, mention.Properties!["mentioned"].GetProperty("id").GetString());
        Assert.Equal("<at>Sample Bot</at>", mention.Properties["text"].GetString());
    }

    [Fact]
    public void Channel_message_carries_team_and_channel_in_channel_data()
    {
        var activity = Load("message-channel.json");

        Assert.Equal("channel", activity.Conversation!.ConversationType);
        Assert.Equal("19:synthetic0channel0general000000@thread.tacv2;messageid=1772462403900", activity.Conversation.Id);
        Assert.False(activity.IsPersonalConversation());
        var teams = activity.GetTeamsChannelData()!;
        Assert.Equal(Tenant, teams.Tenant!.Id);
        Assert.Equal("19:synthetic0channel0general000000@thread.tacv2", teams.Team!.Id);
        Assert.Equal("Synthetic Team", teams.Team.Name);
        Assert.Equal("00000000-0000-0000-0000-0000000000e1", teams.Team.AadGroupId);
        Assert.Equal("19:synthetic0channel0general000000@thread.tacv2", teams.Channel!.Id);
        Assert.Equal("19:synthetic0channel0general000000@thread.tacv2", teams.Properties!["teamsChannelId"].GetString());
    }

    [Fact]
    public void Conversation_update_in_personal_scope_lists_the_user_and_the_bot_as_added()
    {
        var activity = Load("conversationupdate-membersadded-personal.json");

        Assert.Equal(ActivityTypes.ConversationUpdate, activity.Type);
        Assert.Equal(
            ["29:1synthetic-user-four-0000000000000000000000000000000000000000000", BotId],
            activity.MembersAdded!.Select(m => m.Id));
        Assert.Null(activity.MembersRemoved);
        Assert.Null(activity.GetConversationReference().ActivityId);
        Assert.True(activity.IsPersonalConversation());
    }

    [Theory]
    [InlineData("installationupdate-add.json", "add")]
    [InlineData("installationupdate-remove.json", "remove")]
    public void Installation_update_says_whether_the_app_was_added_or_removed(string fixture, string action)
    {
        var activity = Load(fixture);

        Assert.Equal(ActivityTypes.InstallationUpdate, activity.Type);
        Assert.Equal(action, activity.Action);
        Assert.Equal("message", activity.GetTeamsChannelData()!.Properties!["source"].GetProperty("name").GetString());
    }

    [Fact]
    public void Adaptive_card_action_invoke_carries_verb_and_data_and_the_card_it_came_from()
    {
        var activity = Load("invoke-adaptivecard-action.json");

        Assert.Equal(ActivityTypes.Invoke, activity.Type);
        Assert.Equal("adaptiveCard/action", activity.Name);
        Assert.Equal("1:1synthetic-card-activity-0001", activity.ReplyToId);
        var action = activity.Value!.Value.GetProperty("action");
        Assert.Equal("Action.Execute", action.GetProperty("type").GetString());
        Assert.Equal("form.submit", action.GetProperty("verb").GetString());
        Assert.Equal("4", action.GetProperty("data").GetProperty("rating").GetString());
        Assert.Equal("manual", activity.Value.Value.GetProperty("trigger").GetString());
    }

    [Fact]
    public void Action_Submit_arrives_as_a_message_with_value_and_no_text()
    {
        var activity = Load("message-action-submit.json");

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Null(activity.Text);
        Assert.Equal("prompt.choice", activity.Value!.Value.GetProperty("verb").GetString());
        Assert.Equal("yes", activity.Value.Value.GetProperty("choice").GetString());
        Assert.Equal("1:1synthetic-card-activity-0002", activity.ReplyToId);
    }

    [Fact]
    public void Typing_activity_has_no_text_or_value()
    {
        var activity = Load("typing.json");

        Assert.Equal(ActivityTypes.Typing, activity.Type);
        Assert.Null(activity.Text);
        Assert.Null(activity.Value);
    }

    [Fact]
    public void Event_activity_carries_its_name_and_value()
    {
        var activity = Load("event-read-receipt.json");

        Assert.Equal(ActivityTypes.Event, activity.Type);
        Assert.Equal("application/vnd.microsoft.readReceipt", activity.Name);
        Assert.Equal("1772442942507", activity.Value!.Value.GetProperty("lastReadMessageId").GetString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Writing_an_activity_back_reproduces_the_fixture_including_properties_the_schema_does_not_know(string fixture)
    {
        var original = JsonNode.Parse(Read(fixture))!.AsObject();
        var written = JsonSerializer.SerializeToNode(Load(fixture), BotJson.Options)!.AsObject();

        // Timestamps are compared as instants: offset zero is written "+00:00" where Teams wrote "Z".
        foreach (var name in new[] { "timestamp", "localTimestamp" })
        {
            Assert.Equal(original[name]?.GetValue<DateTimeOffset>(), written[name]?.GetValue<DateTimeOffset>());
            original.Remove(name);
            written.Remove(name);
        }

        Assert.True(JsonNode.DeepEquals(original, written), $"Expected:\n{original}\nWritten:\n{written}");
    }

    [Fact]
    public void Unknown_properties_at_every_level_are_written_back_exactly()
    {
        const string json = """
            {"type":"message","futureField":{"nested":[1,2.50,"x"],"flag":true},
             "from":{"id":"29:1","userRole":"user"},
             "conversation":{"id":"a:1","futureConversationField":"kept"},
             "attachments":[{"contentType":"text/plain","futureAttachmentField":7}],
             "entities":[{"type":"clientInfo","platform":"Web"}],
             "suggestedActions":{"to":["29:1"],"actions":[{"type":"imBack","title":"Yes","value":"yes","imageAltText":"tick","channelData":{"k":1}}],"futureSuggestedField":0}}
            """;

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize<Activity>(json, BotJson.Options), BotJson.Options);

        Assert.Equal(
            """{"type":"message","from":{"id":"29:1","userRole":"user"},"conversation":{"id":"a:1","futureConversationField":"kept"},"suggestedActions":{"to":["29:1"],"actions":[{"type":"imBack","title":"Yes","value":"yes","imageAltText":"tick","channelData":{"k":1}}],"futureSuggestedField":0},"attachments":[{"contentType":"text/plain","futureAttachmentField":7}],"entities":[{"type":"clientInfo","platform":"Web"}],"futureField":{"nested":[1,2.50,"x"],"flag":true}}""",
            written);
    }

    [Theory]
    [InlineData("""{"type":"message","conversation":"a:1"}""", "The JSON value could not be converted to BotCore.Schema.ConversationAccount. Path: $.conversation | LineNumber: 0 | BytePositionInLine: 38.")]
    [InlineData("""{"type":"message","text":"unterminated" """, "Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. Path: $ | LineNumber: 0 | BytePositionInLine: 40.")]
    [InlineData("""{"type":"conversationUpdate","membersAdded":{"id":"29:1"}}""", "The JSON value could not be converted to System.Collections.Generic.IReadOnlyList`1[BotCore.Schema.ChannelAccount]. Path: $.membersAdded | LineNumber: 0 | BytePositionInLine: 45.")]
    [InlineData("""{"type":"message","timestamp":"yesterday"}""", "The JSON value could not be converted to System.Nullable`1[System.DateTimeOffset]. Path: $.timestamp | LineNumber: 0 | BytePositionInLine: 41.")]
    [InlineData("""{"type":"message","conversation":{"id":"a:1","isGroup":"yes"}}""", "The JSON value could not be converted to System.Nullable`1[System.Boolean]. Path: $.conversation.isGroup | LineNumber: 0 | BytePositionInLine: 60.")]
    public void Malformed_activity_is_rejected_with_the_serializer_s_exact_message(string json, string message)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Activity>(json, BotJson.Options));

        Assert.Equal(message, error.Message);
    }
}
