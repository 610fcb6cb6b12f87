using System.Collections.Concurrent;
using System.Text.Json;
using BotCore.Connector;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Demo;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.People;

/// <summary>
/// The directory of a local run: the Agents Playground's own people, read from its .m365agentsplayground.yml, each
/// reached through the mock connector of the Playground they are in.
/// </summary>
public sealed class PlaygroundDirectoryTests : IAsyncLifetime
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";

    private const string SampleConfig = """
        version: "0.1.1"
        tenantId: 00000000-0000-0000-0000-0000000000001
        bot:
          id: bot-id
          name: Test Bot
        currentUser:
          id: user-id-0
          name: Alex Wilber
          userPrincipleName: alexw@example.com
          aadObjectId: 00000000-0000-0000-0000-0000000000020
          givenName: Alex
          surname: Wilber
          email: alexw@example.com
        users:
          - id: user-id-1
            name: Megan Bowen
            userPrincipleName: meganb@example.com
            aadObjectId: 00000000-0000-0000-0000-0000000000021
            givenName: Megan
            surname: Bowen
            email: ""
          - id: user-id-2
            name: Adele Vance
            userPrincipleName: adelev@example.com
            aadObjectId: 00000000-0000-0000-0000-0000000000022
            givenName: Adele
            surname: Vance
            email: adelev@example.com
        personalChat:
          id: personal-chat
        groupChat:
          id: group-chat
          name: Group Chat
        team:
          id: team-id
          name: My Team
          aadGroupId: 00000000-0000-0000-0000-000000000031
          channels:
            - id: channel-id
              name: Announcements
        """;

    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("tpb-playground-").FullName;
    private PlaygroundConnector _playground = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _playground = await PlaygroundConnector.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BotConnector:MaxRetryAttempts"] = "1",
            ["BotConnector:BaseRetryDelay"] = "00:00:00.010",
            ["BotConnector:MaxRetryDelay"] = "00:00:00.050",
        }).Build();
        // The connector trusts loopback service URLs (the Playground's) only in Development.
        _services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development, ContentRootPath = _folder })
            .AddBotConnector().BuildServiceProvider();
        await File.WriteAllTextAsync(Path.Combine(_folder, PlaygroundDirectory.ConfigFileName), SampleConfig);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _playground.DisposeAsync();
        System.IO.Directory.Delete(_folder, recursive: true);
    }

    private PlaygroundDirectory Directory(string contentRoot, int port = 56150, string? configPath = null) => new(
        Options.Create(new PlaygroundOptions { Port = port, Host = "127.0.0.1", ConfigPath = configPath ?? string.Empty }),
        new HostingEnvironment { ContentRootPath = contentRoot },
        _services.GetRequiredService<IConnectorClient>(),
        NullLogger<PlaygroundDirectory>.Instance);

    [Fact]
    public void The_config_names_the_current_user_first_then_the_users_each_in_their_own_playground()
    {
        var roster = PlaygroundRoster.Parse(SampleConfig, new PlaygroundOptions { Port = 56150, Host = "localhost" });

        Assert.Equal(Tenant, roster.TenantId);
        Assert.Equal("bot-id", roster.Bot.Id);
        Assert.Equal(
            [
                new PlaygroundPerson(new Person(Tenant, "00000000-0000-0000-0000-0000000000020", "Alex Wilber", "alexw@example.com"), "user-id-0", "http://localhost:56150/_connector"),
                new PlaygroundPerson(new Person(Tenant, "00000000-0000-0000-0000-0000000000021", "Megan Bowen", "meganb@example.com"), "user-id-1", "http://localhost:56151/_connector"),
                new PlaygroundPerson(new Person(Tenant, "00000000-0000-0000-0000-0000000000022", "Adele Vance", "adelev@example.com"), "user-id-2", "http://localhost:56152/_connector"),
            ],
            roster.People);
    }

    [Fact]
    public void A_config_without_object_ids_is_refused_rather_than_guessed()
    {
        var broken = SampleConfig.Replace("aadObjectId: 00000000-0000-0000-0000-0000000000021", "aadObjectId: \"\"", StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => PlaygroundRoster.Parse(broken, new PlaygroundOptions()));
    }

    [Theory]
    [InlineData("van", "Adele Vance")]
    [InlineData("ADE", "Adele Vance")]
    [InlineData("meganb@", "Megan Bowen")]
    public async Task Search_finds_people_by_the_start_of_any_word_of_their_name_or_their_email(string typed, string expected)
    {
        var directory = Directory(_folder);

        var result = await directory.SearchAsync(Tenant, typed);

        Assert.Equal(DirectoryOutcome.Found, result.Outcome);
        Assert.Equal(expected, Assert.Single(result.Value!).DisplayName);
    }

    [Fact]
    public async Task Search_in_another_tenant_finds_nobody()
    {
        var result = await Directory(_folder).SearchAsync("another-tenant", "adele");

        Assert.Equal(DirectoryOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task The_config_is_found_in_a_folder_above_the_content_root_as_run_sh_lays_it_out()
    {
        var contentRoot = System.IO.Directory.CreateDirectory(Path.Combine(_folder, "src", "TreatmentPlanBot")).FullName;

        var result = await Directory(contentRoot).GetAsync(Tenant, "00000000-0000-0000-0000-0000000000022");

        Assert.Equal(new Person(Tenant, "00000000-0000-0000-0000-0000000000022", "Adele Vance", "adelev@example.com"), result.Value);
    }

    [Fact]
    public async Task Without_a_config_the_directory_says_it_is_not_set_up()
    {
        var empty = System.IO.Directory.CreateTempSubdirectory("tpb-no-playground-").FullName;
        try
        {
            var result = await Directory(empty, configPath: Path.Combine(empty, "missing.yml")).SearchAsync(Tenant, "adele");

            Assert.Equal(DirectoryOutcome.Failed, result.Outcome);
            Assert.Equal(DirectoryErrorCodes.NotConfigured, result.ErrorCode);
        }
        finally
        {
            System.IO.Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Reaching_someone_opens_their_personal_chat_through_the_connector_of_their_own_playground()
    {
        // Adele is third in the config, so her Playground listens on Port + 2.
        var directory = Directory(_folder, port: _playground.Port - 2);

        var result = await directory.EnsureInstalledAsync(Tenant, "00000000-0000-0000-0000-0000000000022");

        var body = Assert.Single(_playground.Conversations);
        Assert.False(body.GetProperty("isGroup").GetBoolean());
        Assert.Equal("bot-id", body.GetProperty("bot").GetProperty("id").GetString());
        var member = Assert.Single(body.GetProperty("members").EnumerateArray());
        Assert.Equal("user-id-2", member.GetProperty("id").GetString());
        Assert.Equal(Tenant, body.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString());

        Assert.Equal(DirectoryOutcome.Found, result.Outcome);
        Assert.Equal($"http://127.0.0.1:{_playground.Port}/_connector", result.Value!.ServiceUrl);
        Assert.Equal("personal-chat-of-user-id-2", result.Value.Conversation!.Id);
        Assert.Equal("personal", result.Value.Conversation.ConversationType);
        Assert.Equal("00000000-0000-0000-0000-0000000000022", result.Value.User!.AadObjectId);
    }

    [Fact]
    public async Task Reaching_someone_whose_playground_is_not_running_says_how_to_start_it()
    {
        // Megan's Playground (Port + 1) is not running.
        var directory = Directory(_folder, port: _playground.Port - 2);

        var result = await directory.EnsureInstalledAsync(Tenant, "00000000-0000-0000-0000-0000000000021");

        Assert.Equal(DirectoryOutcome.Failed, result.Outcome);
        Assert.Equal(DirectoryErrorCodes.PlaygroundNotRunning, result.ErrorCode);
        Assert.Contains("./run.sh --as", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repositorys_playground_people_are_the_demo_clinic()
    {
        var roster = PlaygroundRoster.Parse(File.ReadAllText(Repository.PathOf(PlaygroundDirectory.ConfigFileName)), new PlaygroundOptions());
        var demo = new DemoClinicOptions();

        Assert.Equal(demo.TenantId, roster.TenantId);
        Assert.Equal(demo.ClinicianUserId, roster.People[0].Person.UserId);
        Assert.Contains(roster.People, p => p.ChannelUserId == "supervisor" && p.Person.UserId == "demo-supervisor");
        Assert.Contains(roster.People, p => p.ChannelUserId == "client" && p.Person.UserId == DemoClinicSeeder.DemoClientUserId);
        Assert.Equal(6, roster.People.Count);
    }

    /// <summary>The Playground's mock connector, as far as opening a personal chat goes.</summary>
    private sealed class PlaygroundConnector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private PlaygroundConnector(WebApplication app) => _app = app;

        public ConcurrentQueue<JsonElement> Conversations { get; } = new();

        public int Port { get; private set; }

        public static async Task<PlaygroundConnector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var connector = new PlaygroundConnector(app);
            app.MapPost("/_connector/v3/conversations", async (HttpContext context) =>
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body);
                var body = document.RootElement.Clone();
                connector.Conversations.Enqueue(body);
                var member = body.GetProperty("members")[0].GetProperty("id").GetString();
                return Results.Json(new { id = $"personal-chat-of-{member}" });
            });
            await app.StartAsync();
            connector.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
            return connector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
