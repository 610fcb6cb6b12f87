using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Connector;
using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Connector;

public sealed class ConnectorClientTests
{
    private const string ChannelConversation = "19:synthetic0channel@thread.tacv2;messageid=1700000000001";
    private const string EscapedChannelConversation = "19%3Asynthetic0channel%40thread.tacv2%3Bmessageid%3D1700000000001";

    private static readonly Activity Hello = ActivityExtensions.CreateMessage("Synthetic message text");

    [Fact]
    public async Task Each_operation_calls_its_v3_route_with_ids_escaped_as_single_path_segments()
    {
        await using var channel = await LoopbackServer.StartAsync((request, _) => request.Method switch
        {
            "GET" when request.Path.EndsWith("/members", StringComparison.Ordinal) => new Reply(200, """[{"id":"29:member-a","name":"Synthetic Member"}]"""),
            "GET" => new Reply(200, """{"id":"29:member-a","name":"Synthetic Member"}"""),
            "DELETE" => new Reply(200),
            _ => new Reply(200, """{"id":"1:activity-9"}"""),
        });
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());
        var serviceUrl = new Uri(channel.Address, "/amer/").ToString();

        Assert.Equal("1:activity-9", (await bot.Client.SendToConversationAsync(serviceUrl, ChannelConversation, Hello)).EnsureSuccess().Id);
        await bot.Client.ReplyToActivityAsync(serviceUrl, ChannelConversation, "1:reply/to?", Hello);
        await bot.Client.UpdateActivityAsync(serviceUrl, ChannelConversation, "1:activity-9", Hello);
        Assert.True((await bot.Client.DeleteActivityAsync(serviceUrl, ChannelConversation, "1:activity-9")).EnsureSuccess());
        var members = (await bot.Client.GetConversationMembersAsync(serviceUrl, ChannelConversation)).EnsureSuccess();
        var member = (await bot.Client.GetConversationMemberAsync(serviceUrl, ChannelConversation, "29:member-a")).EnsureSuccess();

        Assert.Equal(
        [
            $"POST /amer/v3/conversations/{EscapedChannelConversation}/activities",
            $"POST /amer/v3/conversations/{EscapedChannelConversation}/activities/1%3Areply%2Fto%3F",
            $"PUT /amer/v3/conversations/{EscapedChannelConversation}/activities/1%3Aactivity-9",
            $"DELETE /amer/v3/conversations/{EscapedChannelConversation}/activities/1%3Aactivity-9",
            $"GET /amer/v3/conversations/{EscapedChannelConversation}/members",
            $"GET /amer/v3/conversations/{EscapedChannelConversation}/members/29%3Amember-a",
        ],
            channel.Requests.Select(r => $"{r.Method} {r.RawTarget}"));
        Assert.Equal("Synthetic Member", Assert.Single(members).Name);
        Assert.Equal("29:member-a", member.Id);
        var sent = JsonNode.Parse(channel.Requests.First().Body)!;
        Assert.Equal("message", (string?)sent["type"]);
        Assert.Equal("Synthetic message text", (string?)sent["text"]);
    }

    [Fact]
    public async Task Proactive_personal_chat_posts_bot_member_tenant_and_isGroup_false()
    {
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(201, """{"id":"a:1synthetic-personal","activityId":"1:first"}"""));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());
        var parameters = ProactiveConversation.Personal(
            new ChannelAccount { Id = "28:" + ConnectorHarness.AppId, Name = "Sample Bot" },
            new ChannelAccount { Id = "29:synthetic-user" },
            ConnectorHarness.TenantId,
            Hello);

        var created = await bot.Client.CreateConversationAsync(channel.Address.ToString(), parameters);

        Assert.Equal(ConnectorOutcome.Success, created.Outcome);
        Assert.Equal("a:1synthetic-personal", created.Value!.Id);
        var request = Assert.Single(channel.Requests);
        Assert.Equal("POST /v3/conversations", $"{request.Method} {request.RawTarget}");
        var body = JsonNode.Parse(request.Body)!;
        Assert.False((bool)body["isGroup"]!);
        Assert.Equal("28:" + ConnectorHarness.AppId, (string?)body["bot"]!["id"]);
        Assert.Equal("29:synthetic-user", (string?)Assert.Single(body["members"]!.AsArray())!["id"]);
        Assert.Equal(ConnectorHarness.TenantId, (string?)body["channelData"]!["tenant"]!["id"]);
        Assert.Equal(ConnectorHarness.TenantId, (string?)body["tenantId"]);
        Assert.Equal("Synthetic message text", (string?)body["activity"]!["text"]);
    }

    [Fact]
    public async Task Throttled_send_is_retried_once_after_the_stated_Retry_After_and_succeeds()
    {
        var clock = new FakeTimeProvider(ConnectorHarness.Start);
        await using var channel = await LoopbackServer.StartAsync(
            (_, before) => before == 0 ? new Reply(429, RetryAfter: "3") : new Reply(200, """{"id":"1:sent"}"""),
            clock);
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous(), clock: clock);

        var send = bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", Hello);
        await Wait.Until(() => channel.Requests.Count == 1);
        // Whenever the retry timer was armed, 2.9 s of fake time cannot reach a 3 s wait.
        bot.Clock.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(100);
        Assert.Single(channel.Requests);

        var result = await bot.RunClockUntil(send, TimeSpan.FromMilliseconds(100));

        Assert.Equal(ConnectorOutcome.Success, result.Outcome);
        Assert.Equal("1:sent", result.Value!.Id);
        Assert.Equal(2, channel.Requests.Count);
        var requests = channel.Requests.ToArray();
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Retry_After_given_as_an_http_date_is_waited_for_until_that_date()
    {
        var clock = new FakeTimeProvider(ConnectorHarness.Start);
        await using var channel = await LoopbackServer.StartAsync(
            (request, before) => before == 0
                ? new Reply(429, RetryAfter: request.ReceivedAt.AddSeconds(10).ToString("r"))
                : new Reply(200, """{"id":"1:sent"}"""),
            clock);
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous(), clock: clock);

        var send = bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", Hello);
        await Wait.Until(() => channel.Requests.Count == 1);
        bot.Clock.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(100);
        Assert.Single(channel.Requests);

        var result = await bot.RunClockUntil(send, TimeSpan.FromMilliseconds(250));

        Assert.True(result.IsSuccess);
        var requests = channel.Requests.ToArray();
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task Bad_gateway_every_time_gives_up_after_the_configured_attempts_as_Failed()
    {
        var clock = new FakeTimeProvider(ConnectorHarness.Start);
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(502), clock);
        var settings = ConnectorHarness.Anonymous();
        settings["BotConnector:MaxRetryAttempts"] = "2";
        await using var bot = ConnectorHarness.Create(settings, clock: clock);

        var result = await bot.RunClockUntil(bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", Hello), TimeSpan.FromSeconds(1));

        Assert.Equal(ConnectorOutcome.Failed, result.Outcome);
        Assert.Equal(502, result.StatusCode);
        Assert.Equal(3, channel.Requests.Count);
    }

    [Fact]
    public async Task Registering_the_connector_twice_does_not_multiply_retries()
    {
        var clock = new FakeTimeProvider(ConnectorHarness.Start);
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(504), clock);
        var settings = ConnectorHarness.Anonymous();
        settings["BotConnector:MaxRetryAttempts"] = "1";
        await using var bot = ConnectorHarness.Create(settings, clock: clock, alsoRegister: services => services.AddBotConnector());

        var result = await bot.RunClockUntil(bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", Hello), TimeSpan.FromSeconds(1));

        Assert.Equal((ConnectorOutcome.Failed, 504), (result.Outcome, result.StatusCode));
        Assert.Equal(2, channel.Requests.Count);
    }

    [Fact]
    public async Task Retry_After_longer_than_the_longest_wait_is_not_waited_for_and_comes_back_as_Failed_429()
    {
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(429, """{"error":{"code":"Throttled","message":"synthetic"}}""", RetryAfter: "3600"));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());

        var result = await bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", Hello);

        Assert.Equal((ConnectorOutcome.Failed, 429, "Throttled"), (result.Outcome, result.StatusCode, result.ErrorCode));
        Assert.Single(channel.Requests);
    }

    [Theory]
    [InlineData("MessageWritesBlocked")]
    [InlineData("BotNotInConversationRoster")]
    public async Task Forbidden_because_the_user_blocked_or_removed_the_bot_is_Blocked_and_sent_exactly_once(string code)
    {
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(403, $$$"""{"error":{"code":"{{{code}}}","message":"synthetic"}}"""));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());

        var result = await bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", Hello);

        Assert.Equal((ConnectorOutcome.Blocked, 403, code), (result.Outcome, result.StatusCode, result.ErrorCode));
        Assert.Single(channel.Requests);
        var failure = Assert.Throws<ConnectorException>(() => result.EnsureSuccess());
        Assert.Equal(ConnectorOutcome.Blocked, failure.Outcome);
    }

    [Fact]
    public async Task Other_forbidden_codes_are_Failed_not_Blocked()
    {
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(403, """{"error":{"code":"ConversationBlockedByUser2","message":"synthetic"}}"""));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());

        var result = await bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", Hello);

        Assert.Equal((ConnectorOutcome.Failed, 403, "ConversationBlockedByUser2"), (result.Outcome, result.StatusCode, result.ErrorCode));
    }

    [Fact]
    public async Task Missing_activity_is_NotFound_with_its_code()
    {
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(404, """{"error":{"code":"ActivityNotFoundInConversation","message":"synthetic"}}"""));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());

        var result = await bot.Client.UpdateActivityAsync(channel.Address.ToString(), "a:1personal", "1:gone", Hello);

        Assert.Equal((ConnectorOutcome.NotFound, 404, "ActivityNotFoundInConversation"), (result.Outcome, result.StatusCode, result.ErrorCode));
        Assert.Single(channel.Requests);
    }

    [Fact]
    public async Task Server_error_that_is_not_transient_is_Failed_at_once_without_a_code_when_the_body_is_not_json()
    {
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(500, "<html>synthetic</html>"));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());

        var result = await bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", Hello);

        Assert.Equal((ConnectorOutcome.Failed, 500, (string?)null), (result.Outcome, result.StatusCode, result.ErrorCode));
        Assert.Single(channel.Requests);
    }

    [Fact]
    public async Task Unreachable_service_is_retried_then_Failed_as_a_transport_failure()
    {
        int port;
        await using (var closed = await LoopbackServer.StartAsync((_, _) => new Reply(200)))
        {
            port = closed.Address.Port;
        }

        var settings = ConnectorHarness.Anonymous();
        settings["BotConnector:MaxRetryAttempts"] = "1";
        await using var bot = ConnectorHarness.Create(settings);

        var result = await bot.RunClockUntil(bot.Client.SendToConversationAsync($"http://127.0.0.1:{port}/", "a:1personal", Hello), TimeSpan.FromSeconds(1));

        Assert.Equal((ConnectorOutcome.Failed, 0, "TransportFailure"), (result.Outcome, result.StatusCode, result.ErrorCode));
    }

    [Fact]
    public async Task Message_text_and_error_messages_never_reach_the_logs()
    {
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(403, """{"error":{"code":"MessageWritesBlocked","message":"quoted synthetic-error-detail"}}"""));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());

        await bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1personal", ActivityExtensions.CreateMessage("synthetic-private-note"));

        Assert.NotEmpty(bot.Logs.Lines);
        Assert.Contains(bot.Logs.Lines, line => line.Contains("MessageWritesBlocked", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs.Lines, line => line.Contains("synthetic-private-note", StringComparison.Ordinal) || line.Contains("synthetic-error-detail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_eighth_send_to_one_conversation_within_a_second_is_held_until_the_window_moves()
    {
        var clock = new FakeTimeProvider(ConnectorHarness.Start);
        await using var channel = await LoopbackServer.StartAsync((_, _) => new Reply(200, """{"id":"1:sent"}"""), clock);
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous(), clock: clock);

        var sends = Enumerable.Range(0, 8).Select(_ => bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1busy", Hello)).ToList();
        await Wait.Until(() => channel.Requests.Count == 7);
        var other = await bot.Client.SendToConversationAsync(channel.Address.ToString(), "a:1quiet", Hello);
        await Task.Delay(100);
        Assert.Equal(7, channel.RequestsTo("a%3A1busy").Count);
        Assert.True(other.IsSuccess);

        bot.Clock.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.True(r.IsSuccess));
        var busy = channel.RequestsTo("a%3A1busy");
        Assert.Equal(8, busy.Count);
        Assert.True(busy[7].ReceivedAt - busy[0].ReceivedAt >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Invalid_service_url_is_refused_before_anything_is_sent()
    {
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => bot.Client.SendToConversationAsync("ftp://example.invalid/", "a:1", Hello));

        Assert.Equal("serviceUrl", error.ParamName);
    }
}
