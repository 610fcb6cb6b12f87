using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BotCore.Schema;
using BotCore.Tests.Hosting.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotCore.Tests.Hosting;

public sealed partial class CloudAdapterTests : IAsyncLifetime
{
    private const string PrivateText = "synthetic private words that must never be logged";

    private LocalTokenIssuer _issuer = null!;
    private BotTestHost? _host;

    public async Task InitializeAsync() => _issuer = await LocalTokenIssuer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _issuer.DisposeAsync();
    }

    private string ValidToken => LocalTokenIssuer.MintToken(_issuer.ChannelKey, BotTestHost.AppId, BotTestHost.ServiceUrl);

    private async Task<BotTestHost> StartAsync(Func<ITurnContext, CancellationToken, Task>? onTurn = null, long? maxBodyBytes = null)
    {
        var settings = BotTestHost.AuthenticatedSettings(_issuer);
        if (maxBodyBytes is not null)
        {
            settings["MaxRequestBodyBytes"] = maxBodyBytes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _host = await BotTestHost.StartAsync(settings, onTurn);
        return _host;
    }

    [Fact]
    public async Task Body_over_the_limit_gets_413_and_the_bot_never_runs()
    {
        var host = await StartAsync(maxBodyBytes: 2048);

        var response = await host.PostActivityAsync(TestActivities.Message(new string('x', 4096)), ValidToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_gets_413_and_the_bot_never_runs()
    {
        var host = await StartAsync(maxBodyBytes: 2048);
        var json = JsonSerializer.SerializeToUtf8Bytes(TestActivities.Message(new string('x', 4096)), BotJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            // A stream of unknown length goes out chunked, without Content-Length.
            Content = new StreamContent(new UnknownLengthStream(json)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ValidToken);

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
    }

    [Theory]
    [InlineData("{\"type\": \"message\", \"text\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"text\": \"no type, so not an activity\"}")]
    public async Task Body_that_is_not_an_activity_gets_400_and_the_bot_never_runs(string body)
    {
        var host = await StartAsync();

        var response = await host.PostAsync(body, new AuthenticationHeaderValue("Bearer", ValidToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Bot.Turns);
    }

    [Fact]
    public async Task Message_turn_answers_200_and_the_reply_goes_to_the_activitys_service_url_as_a_reply()
    {
        var host = await StartAsync((turn, ct) => turn.SendActivityAsync(ActivityExtensions.CreateMessage("hi there"), ct));

        var response = await host.PostActivityAsync(TestActivities.Message("hello"), ValidToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(host.Connector.Calls);
        Assert.Equal("reply", call.Operation);
        Assert.Equal(BotTestHost.ServiceUrl, call.ServiceUrl);
        Assert.Equal("a:conversation-synthetic", call.ConversationId);
        Assert.Equal("activity-1", call.ActivityId);
        Assert.Equal("hi there", call.Activity?.Text);
        Assert.Equal("29:user-synthetic", call.Activity?.Recipient?.Id);
    }

    [Fact]
    public async Task Updating_and_deleting_a_sent_activity_go_through_the_connector()
    {
        var host = await StartAsync(async (turn, ct) =>
        {
            var sent = await turn.SendActivityAsync(ActivityExtensions.CreateMessage("first version"), ct);
            await turn.UpdateActivityAsync(ActivityExtensions.CreateMessage("second version") with { Id = sent.Id }, ct);
            await turn.DeleteActivityAsync(sent.Id!, ct);
        });

        await host.PostActivityAsync(TestActivities.Message("hello"), ValidToken);

        var calls = host.Connector.Calls.ToList();
        Assert.Equal(["reply", "update", "delete"], calls.Select(c => c.Operation));
        Assert.All(calls.Skip(1), c => Assert.Equal("sent-1", c.ActivityId));
        Assert.Equal("second version", calls[1].Activity?.Text);
    }

    [Fact]
    public async Task Invoke_adaptive_card_action_returns_the_card_in_the_http_body()
    {
        var handler = new CardRefreshingBot();
        var host = await StartAsync(handler.OnTurnAsync);
        var invoke = TestActivities.Message(null) with
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            Value = JsonDocument.Parse("""{"action":{"type":"Action.Execute","id":"save","verb":"saveNote","data":{"noteId":"n-1"}},"trigger":"manual"}""").RootElement,
        };

        var response = await host.PostActivityAsync(invoke, ValidToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(200, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("Saved note n-1", body.RootElement.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Empty(host.Connector.Calls);
    }

    [Fact]
    public async Task Invoke_the_bot_does_not_answer_gets_501()
    {
        var host = await StartAsync();
        var invoke = TestActivities.Message(null) with { Type = ActivityTypes.Invoke, Name = "composeExtension/query" };

        var response = await host.PostActivityAsync(invoke, ValidToken);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Single(host.Bot.Turns);
    }

    [Fact]
    public async Task Throwing_turn_sends_an_apology_with_a_correlation_id_and_the_log_has_ids_but_no_message_text()
    {
        var host = await StartAsync((_, _) => throw new InvalidOperationException("Synthetic failure."));

        var response = await host.PostActivityAsync(TestActivities.Message(PrivateText), ValidToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var apology = Assert.Single(host.Connector.SentActivities);
        var match = CorrelationIdPattern().Match(apology.Text ?? string.Empty);
        Assert.True(match.Success, "the apology quotes a reference");
        Assert.DoesNotContain("Synthetic failure", apology.Text, StringComparison.Ordinal);

        var error = Assert.Single(host.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(match.Groups["id"].Value, error.Values["CorrelationId"]);
        Assert.Equal("activity-1", error.Values["ActivityId"]);
        Assert.Equal("a:conversation-synthetic", error.Values["ConversationId"]);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.DoesNotContain(host.Logs.Entries, e => e.AllText.Contains("synthetic private words", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Throwing_invoke_answers_500_with_the_error_shape()
    {
        var host = await StartAsync((_, _) => throw new InvalidOperationException("Synthetic failure."));
        var invoke = TestActivities.Message(null) with
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            Value = JsonDocument.Parse("""{"action":{"type":"Action.Execute","verb":"saveNote"}}""").RootElement,
        };

        var response = await host.PostActivityAsync(invoke, ValidToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.microsoft.error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("InternalError", body.RootElement.GetProperty("value").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Proactive_turn_sends_to_the_conversation_not_as_a_reply()
    {
        var host = await StartAsync();
        var adapter = host.Services.GetRequiredService<CloudAdapter>();
        var reference = TestActivities.Message("earlier").GetConversationReference();

        await adapter.ContinueConversationAsync(
            reference,
            (turn, ct) => turn.SendActivityAsync(ActivityExtensions.CreateMessage("time for your check-in"), ct),
            CancellationToken.None);

        var call = Assert.Single(host.Connector.Calls);
        Assert.Equal("send", call.Operation);
        Assert.Equal("a:conversation-synthetic", call.ConversationId);
        Assert.Equal("29:user-synthetic", call.Activity?.Recipient?.Id);
    }

    [Fact]
    public async Task Health_endpoint_answers_200_with_a_small_json_body()
    {
        var host = await StartAsync();

        var response = await host.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("reference: (?<id>[0-9a-f]{12})")]
    private static partial Regex CorrelationIdPattern();

    private sealed class CardRefreshingBot : ActivityHandler
    {
        protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
        {
            var noteId = invokeValue.Action?.Data?.GetProperty("noteId").GetString();
            var card = JsonDocument.Parse($$"""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Saved note {{noteId}}"}]}""").RootElement;
            return Task.FromResult(AdaptiveCardInvokeResponse.Card(card));
        }
    }

    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
