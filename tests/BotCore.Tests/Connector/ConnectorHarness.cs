using System.Collections.Concurrent;
using BotCore.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BotCore.Tests.Connector;

/// <summary>The bot's side: the real AddBotConnector registrations, configured from in-memory settings.</summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string AppId = "00000000-0000-0000-0000-0000000000b0";
    public const string TenantId = "00000000-0000-0000-0000-0000000000a1";

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider services;

    private ConnectorHarness(ServiceProvider services, FakeTimeProvider clock, CapturedLogs logs)
    {
        this.services = services;
        Clock = clock;
        Logs = logs;
    }

    public FakeTimeProvider Clock { get; }

    public CapturedLogs Logs { get; }

    public IConnectorClient Client => services.GetRequiredService<IConnectorClient>();

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    /// <summary>No app id: local use, no tokens.</summary>
    public static Dictionary<string, string?> Anonymous() => new()
    {
        // Tests drive the clock by hand; a timeout on that clock must not fire while a real request is in flight.
        ["BotConnector:AttemptTimeout"] = "01:00:00",
    };

    public static Dictionary<string, string?> WithSecret() => new(Anonymous())
    {
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppPassword"] = "synthetic-client-secret",
    };

    /// <param name="identityHost">Where token requests (Entra, managed identity endpoint) are routed.</param>
    /// <param name="environment">Development, like the local run: the loopback servers these tests use are trusted service hosts only there.</param>
    public static ConnectorHarness Create(Dictionary<string, string?> settings, LoopbackServer? identityHost = null, FakeTimeProvider? clock = null, Action<IServiceCollection>? alsoRegister = null, string environment = "Development")
    {
        clock ??= new FakeTimeProvider(Start);
        var logs = new CapturedLogs();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddSingleton<IHostEnvironment>(new TestHostEnvironment(environment));
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        collection.AddBotConnector();
        alsoRegister?.Invoke(collection);
        if (identityHost is not null)
        {
            collection.AddHttpClient(BotConnectorHttpClients.Token).AddHttpMessageHandler(() => new RouteToLoopback(identityHost.Address));
        }

        return new ConnectorHarness(collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }), clock, logs);
    }

    /// <summary>Moves the fake clock in steps until <paramref name="call"/> completes, so retry waits pass without real sleeping.</summary>
    public async Task<T> RunClockUntil<T>(Task<T> call, TimeSpan step)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (!call.IsCompleted && DateTime.UtcNow < giveUp)
        {
            await Task.WhenAny(call, Task.Delay(5));
            if (!call.IsCompleted)
            {
                Clock.Advance(step);
            }
        }

        return await call;
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Lines.Enqueue(formatter(state, exception) + " " + exception);
    }
}

internal static class Wait
{
    /// <summary>Polls (real time, bounded) until <paramref name="condition"/> holds; for state changed by another thread.</summary>
    public static async Task Until(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "The condition did not become true within 10 seconds.");
            await Task.Delay(5);
        }
    }
}

internal sealed class TestHostEnvironment(string environmentName) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;

    public string ApplicationName { get; set; } = "BotCore.Tests";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
