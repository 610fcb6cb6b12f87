using BotCore.Connector;
using BotCore.Schema;
using Microsoft.Extensions.Options;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TreatmentPlanBot.People;

/// <summary>Where the local directory reads its people and finds their Playgrounds. Bound from the "Playground" section.</summary>
public sealed class PlaygroundOptions
{
    public const string SectionName = "Playground";

    /// <summary>The Agents Playground config naming the people. Empty: .m365agentsplayground.yml in the content root or the nearest folder above it.</summary>
    public string ConfigPath { get; set; } = string.Empty;

    /// <summary>
    /// The port of the first person's Playground (the config's currentUser); the person at position N in the config
    /// (users: 1 to 5) is in the Playground on Port + N, as <c>./run.sh --as</c> starts them.
    /// </summary>
    public int Port { get; set; } = 56150;

    /// <summary>The host the Playgrounds listen on.</summary>
    public string Host { get; set; } = "localhost";
}

internal sealed class PlaygroundOptionsValidator : IValidateOptions<PlaygroundOptions>
{
    public ValidateOptionsResult Validate(string? name, PlaygroundOptions options) =>
        options.Port is < 1 or > 65535 - 5
            ? ValidateOptionsResult.Fail("Playground:Port must be between 1 and 65530.")
            : Uri.CheckHostName(options.Host) == UriHostNameType.Unknown
                ? ValidateOptionsResult.Fail("Playground:Host must be a host name or address.")
                : ValidateOptionsResult.Success;
}

/// <summary>One person in the Playground config, with the connector of the Playground they are in.</summary>
internal sealed record PlaygroundPerson(Person Person, string ChannelUserId, string ServiceUrl);

/// <summary>
/// The directory of a local run (Development, no Graph): the Agents Playground's own users, from its
/// .m365agentsplayground.yml. Each Playground is its own little Teams with its own mock connector, so "installing the
/// app" for someone is opening their personal chat through the connector of the Playground they are in.
/// </summary>
internal sealed partial class PlaygroundDirectory(
    IOptions<PlaygroundOptions> options,
    IHostEnvironment environment,
    IConnectorClient connector,
    ILogger<PlaygroundDirectory> logger) : IPeopleDirectory, ITeamsAppInstaller
{
    public const string ConfigFileName = ".m365agentsplayground.yml";

    private readonly Lazy<PlaygroundRoster?> _roster = new(() => Load(options.Value, environment.ContentRootPath, logger));

    public Task<DirectoryResult<IReadOnlyList<Person>>> SearchAsync(string tenantId, string nameOrEmail, int limit = 10, CancellationToken cancellationToken = default)
    {
        if (_roster.Value is not { } roster)
        {
            return Task.FromResult(new DirectoryResult<IReadOnlyList<Person>>(DirectoryOutcome.Failed, null, 0, DirectoryErrorCodes.NotConfigured));
        }

        if (SearchTerm.From(nameOrEmail) is not { } term)
        {
            return Task.FromResult(new DirectoryResult<IReadOnlyList<Person>>(DirectoryOutcome.NotFound, null, 0, DirectoryErrorCodes.QueryTooShort));
        }

        // As Graph's $search on displayName and mail: the start of any word of the name, or the start of the email.
        IReadOnlyList<Person> found = [.. roster.People
            .Select(p => p.Person)
            .Where(p => string.Equals(p.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
            .Where(p => p.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.StartsWith(term, StringComparison.OrdinalIgnoreCase))
                || p.DisplayName.StartsWith(term, StringComparison.OrdinalIgnoreCase)
                || (p.Email?.StartsWith(term, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Take(Math.Clamp(limit, 1, 25))];
        return Task.FromResult(found.Count == 0
            ? new DirectoryResult<IReadOnlyList<Person>>(DirectoryOutcome.NotFound, null)
            : DirectoryResult<IReadOnlyList<Person>>.Found(found));
    }

    public Task<DirectoryResult<Person>> GetAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(tenantId, userId) switch
        {
            { Outcome: DirectoryOutcome.Found, Value: { } person } => DirectoryResult<Person>.Found(person.Person),
            var other => other.As<Person>(),
        });

    public async Task<DirectoryResult<ConversationReference>> EnsureInstalledAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        var found = Find(tenantId, userId);
        if (found is not { Outcome: DirectoryOutcome.Found, Value: { } person })
        {
            return found.As<ConversationReference>();
        }

        var roster = _roster.Value!;
        var user = new ChannelAccount { Id = person.ChannelUserId, AadObjectId = person.Person.UserId };
        var created = await connector.CreateConversationAsync(person.ServiceUrl, ProactiveConversation.Personal(roster.Bot, user, roster.TenantId), cancellationToken).ConfigureAwait(false);
        Log.ChatOpened(logger, userId, created.StatusCode, created.Outcome);
        return created switch
        {
            { IsSuccess: true, Value.Id: { Length: > 0 } conversationId } => DirectoryResult<ConversationReference>.Found(new ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = person.ServiceUrl,
                Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = roster.TenantId },
                User = user,
                Bot = roster.Bot,
            }, created.StatusCode),
            { Outcome: ConnectorOutcome.NotFound } => new(DirectoryOutcome.NotFound, null, created.StatusCode, created.ErrorCode),
            // Nothing answered at that address: the person's Playground is not running.
            { StatusCode: 0 } => new(DirectoryOutcome.Failed, null, 0, DirectoryErrorCodes.PlaygroundNotRunning),
            _ => new(DirectoryOutcome.Failed, null, created.StatusCode, created.ErrorCode),
        };
    }

    internal PlaygroundRoster? Roster => _roster.Value;

    private DirectoryResult<PlaygroundPerson> Find(string tenantId, string userId)
    {
        if (_roster.Value is not { } roster)
        {
            return new(DirectoryOutcome.Failed, null, 0, DirectoryErrorCodes.NotConfigured);
        }

        var person = roster.People.FirstOrDefault(p => string.Equals(p.Person.TenantId, tenantId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Person.UserId, userId, StringComparison.OrdinalIgnoreCase));
        return person is null ? new(DirectoryOutcome.NotFound, null) : DirectoryResult<PlaygroundPerson>.Found(person);
    }

    private static PlaygroundRoster? Load(PlaygroundOptions options, string contentRoot, ILogger logger)
    {
        var path = string.IsNullOrWhiteSpace(options.ConfigPath) ? FindConfig(contentRoot) : Path.GetFullPath(options.ConfigPath, contentRoot);
        if (path is null || !File.Exists(path))
        {
            Log.NoConfig(logger);
            return null;
        }

        try
        {
            return PlaygroundRoster.Parse(File.ReadAllText(path), options);
        }
        catch (Exception exception) when (exception is YamlException or InvalidDataException)
        {
            Log.UnreadableConfig(logger, exception.GetType().Name);
            return null;
        }
    }

    /// <summary>The Playground reads the file from its working folder; run.sh starts it in the repository root, above the content root.</summary>
    private static string? FindConfig(string contentRoot)
    {
        for (var folder = new DirectoryInfo(contentRoot); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, ConfigFileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Playground personal chat for user {UserId}: HTTP {StatusCode}, {Outcome}")]
        public static partial void ChatOpened(ILogger logger, string userId, int statusCode, ConnectorOutcome outcome);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "No Agents Playground config (.m365agentsplayground.yml) was found: the local directory is empty. Set Playground:ConfigPath.")]
        public static partial void NoConfig(ILogger logger);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The Agents Playground config could not be read ({Error}): the local directory is empty.")]
        public static partial void UnreadableConfig(ILogger logger, string error);
    }
}

/// <summary>The people of one Agents Playground config: its currentUser first, then its users, in file order.</summary>
internal sealed record PlaygroundRoster(string TenantId, ChannelAccount Bot, IReadOnlyList<PlaygroundPerson> People)
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>
    /// Reads the shape the Playground defines (tenantId, bot, currentUser, users with id, name, userPrincipleName
    /// (sic), aadObjectId, email). A person's directory id is their aadObjectId, as Teams sends it.
    /// </summary>
    public static PlaygroundRoster Parse(string yaml, PlaygroundOptions options)
    {
        var file = Yaml.Deserialize<ConfigFile?>(yaml) ?? throw new InvalidDataException("The Playground config is empty.");
        if (string.IsNullOrWhiteSpace(file.TenantId) || file.CurrentUser is null)
        {
            throw new InvalidDataException("The Playground config needs tenantId and currentUser.");
        }

        var people = new List<PlaygroundPerson>();
        foreach (var (user, position) in new[] { file.CurrentUser }.Concat(file.Users ?? []).Select((u, i) => (u, i)))
        {
            if (string.IsNullOrWhiteSpace(user.Id) || string.IsNullOrWhiteSpace(user.AadObjectId))
            {
                throw new InvalidDataException($"Person {position} in the Playground config needs id and aadObjectId.");
            }

            var email = string.IsNullOrWhiteSpace(user.Email) ? user.UserPrincipleName : user.Email;
            people.Add(new PlaygroundPerson(
                new Person(file.TenantId, user.AadObjectId, string.IsNullOrWhiteSpace(user.Name) ? user.Id : user.Name, email),
                user.Id,
                $"http://{options.Host}:{options.Port + position}/_connector"));
        }

        var bot = new ChannelAccount { Id = file.Bot?.Id, Name = file.Bot?.Name, Role = "bot" };
        return new PlaygroundRoster(file.TenantId, bot, people);
    }

    private sealed class ConfigFile
    {
        public string? TenantId { get; set; }
        public BotAccount? Bot { get; set; }
        public User? CurrentUser { get; set; }
        public List<User>? Users { get; set; }
    }

    private sealed class BotAccount
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
    }

    private sealed class User
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? UserPrincipleName { get; set; }
        public string? AadObjectId { get; set; }
        public string? Email { get; set; }
    }
}
