using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using BotCore.Connector;
using BotCore.Hosting;
using BotCore.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotCore.Tests.Hosting.Support;

/// <summary>The bot's web app as production wires it (AddBotCore + MapBotEndpoints) on real Kestrel, with a recording connector.</summary>
public sealed class BotTestHost : IAsyncDisposable
{
    public const string AppId = "00000000-0000-0000-0000-00000000b07a";
    public const string TenantId = "00000000-0000-0000-0000-0000000000aa";
    public const string ServiceUrl = "https://smba.example.test/amer/";
    public const string SyntheticAccessToken = "synthetic-bot-access-token";

    private readonly WebApplication _app;

    private BotTestHost(WebApplication app, RecordingBot bot, RecordingConnectorClient connector, LogCapture logs)
    {
        _app = app;
        Bot = bot;
        Connector = connector;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public RecordingBot Bot { get; }

    public RecordingConnectorClient Connector { get; }

    public LogCapture Logs { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Settings for a multi-tenant bot that trusts <paramref name="issuer"/>.</summary>
    public static Dictionary<string, string?> AuthenticatedSettings(LocalTokenIssuer issuer) => new()
    {
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppPassword"] = "synthetic-test-secret",
        ["ToBotFromChannelOpenIdMetadataUrl"] = issuer.ChannelMetadataUrl,
        ["ToBotFromEntraOpenIdMetadataUrl"] = issuer.EntraMetadataUrlTemplate,
        // The synthetic channel host the test activities come from stands in for smba.trafficmanager.net.
        ["TrustedServiceHosts:0"] = new Uri(ServiceUrl).Host,
    };

    /// <summary>Builds the app; <see cref="StartAsync"/> also starts it. Start-up failures surface from StartAsync.</summary>
    public static WebApplication Build(
        IDictionary<string, string?> settings,
        Func<ITurnContext, CancellationToken, Task>? onTurn,
        out RecordingBot bot,
        out RecordingConnectorClient connector,
        out LogCapture logs,
        string environment = "Development",
        string url = "http://127.0.0.1:0",
        bool realConnector = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(url);

        logs = new LogCapture();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);

        bot = new RecordingBot(onTurn);
        connector = new RecordingConnectorClient();
        builder.Services.AddBotCore(builder.Configuration);
        if (realConnector)
        {
            // The real connector over HTTP, with a fixed token instead of MSAL (no Entra here).
            builder.Services.AddSingleton<IAccessTokenProvider>(new FixedAccessTokenProvider(SyntheticAccessToken));
        }
        else
        {
            builder.Services.AddSingleton<IConnectorClient>(connector);
        }

        builder.Services.AddSingleton<IBot>(bot);

        var app = builder.Build();
        app.MapBotEndpoints();
        return app;
    }

    public static async Task<BotTestHost> StartAsync(
        IDictionary<string, string?> settings,
        Func<ITurnContext, CancellationToken, Task>? onTurn = null,
        string environment = "Development",
        bool realConnector = false)
    {
        var app = Build(settings, onTurn, out var bot, out var connector, out var logs, environment, realConnector: realConnector);
        await app.StartAsync();
        return new BotTestHost(app, bot, connector, logs);
    }

    public Task<HttpResponseMessage> PostActivityAsync(Activity activity, string? bearerToken) =>
        PostAsync(JsonSerializer.Serialize(activity, BotJson.Options), bearerToken is null ? null : new AuthenticationHeaderValue("Bearer", bearerToken));

    public Task<HttpResponseMessage> PostAsync(string body, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = authorization;
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>The bot under test: records every turn it runs (activity and caller identity), then runs the test's turn logic.</summary>
public sealed class RecordingBot(Func<ITurnContext, CancellationToken, Task>? onTurn) : IBot
{
    public ConcurrentQueue<(Activity Activity, ClaimsIdentity? Identity)> Turns { get; } = new();

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        Turns.Enqueue((turnContext.Activity, turnContext.TurnState.Get<ClaimsIdentity>()));
        if (onTurn is not null)
        {
            await onTurn(turnContext, cancellationToken);
        }
    }
}

public static class TestActivities
{
    public static Activity Message(string? text, string channelId = "msteams", string serviceUrl = BotTestHost.ServiceUrl) => new()
    {
        Type = ActivityTypes.Message,
        Id = "activity-1",
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        Text = text,
        From = new ChannelAccount { Id = "29:user-synthetic", Name = "Test User" },
        Recipient = new ChannelAccount { Id = "28:" + BotTestHost.AppId, Name = "Bot" },
        Conversation = new ConversationAccount { Id = "a:conversation-synthetic", ConversationType = "personal", TenantId = BotTestHost.TenantId },
    };
}

/// <summary>Stands in for MSAL: always the same synthetic bearer token.</summary>
public sealed class FixedAccessTokenProvider(string token) : IAccessTokenProvider
{
    public Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(token);
}
