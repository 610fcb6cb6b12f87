using System.Collections.Concurrent;
using System.Net;
using Azure.Identity;
using BotCore.Hosting;
using BotCore.Schema;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace TreatmentPlanBot.People;

/// <summary>
/// The people picker and app installation through Microsoft Graph, with the bot's own application permissions
/// (User.ReadBasic.All, TeamsAppInstallation.ReadWriteSelfForUser.All; see this folder's README).
/// </summary>
internal sealed partial class GraphPeopleDirectory : IPeopleDirectory, ITeamsAppInstaller, IDisposable
{
    /// <summary>What the picker shows, all within User.ReadBasic.All.</summary>
    private static readonly string[] PersonFields = ["id", "displayName", "mail", "userPrincipalName"];

    private readonly GraphOptions _options;
    private readonly string? _botAppId;
    private readonly IGraphCredentials _credentials;
    private readonly ILogger<GraphPeopleDirectory> _logger;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, GraphServiceClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public GraphPeopleDirectory(IOptions<GraphOptions> options, IOptions<BotOptions> bot, IGraphCredentials credentials, TimeProvider time, ILogger<GraphPeopleDirectory> logger)
    {
        _options = options.Value;
        _botAppId = bot.Value.MicrosoftAppId;
        _credentials = credentials;
        _logger = logger;
        _http = GraphHttp.Create(_options, time);
    }

    public Task<DirectoryResult<IReadOnlyList<Person>>> SearchAsync(string tenantId, string nameOrEmail, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (SearchTerm.From(nameOrEmail) is not { } term)
        {
            return Task.FromResult(new DirectoryResult<IReadOnlyList<Person>>(DirectoryOutcome.NotFound, null, 0, DirectoryErrorCodes.QueryTooShort));
        }

        return CallAsync("SearchPeople", tenantId, userId: null, async () =>
        {
            // $search matches the start of any word of displayName and of mail, as a picker should, and needs the
            // advanced query headers; $filter startswith would miss surnames ("Vance" in "Adele Vance").
            var page = await Client(tenantId).Users.GetAsync(request =>
            {
                request.QueryParameters.Search = $"\"displayName:{term}\" OR \"mail:{term}\"";
                request.QueryParameters.Count = true;
                request.QueryParameters.Top = Math.Clamp(limit, 1, 25);
                request.QueryParameters.Select = PersonFields;
                request.Headers.Add("ConsistencyLevel", "eventual");
            }, cancellationToken).ConfigureAwait(false);

            IReadOnlyList<Person> people = [.. (page?.Value ?? []).Where(u => u.Id is not null).Select(u => ToPerson(tenantId, u)).OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
            return people.Count == 0
                ? new DirectoryResult<IReadOnlyList<Person>>(DirectoryOutcome.NotFound, null, 200)
                : DirectoryResult<IReadOnlyList<Person>>.Found(people);
        }, cancellationToken);
    }

    public Task<DirectoryResult<Person>> GetAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return CallAsync("GetPerson", tenantId, userId, async () =>
        {
            var user = await Client(tenantId).Users[userId].GetAsync(request => request.QueryParameters.Select = PersonFields, cancellationToken).ConfigureAwait(false);
            return user?.Id is null ? new DirectoryResult<Person>(DirectoryOutcome.NotFound, null, 200) : DirectoryResult<Person>.Found(ToPerson(tenantId, user));
        }, cancellationToken);
    }

    /// <summary>
    /// Finds the app's installation for the person; installs it when there is none (409: someone else just did, which
    /// is as good); then reads the personal chat between the person and the app, whose id the Bot Connector accepts
    /// as a conversation id.
    /// </summary>
    public Task<DirectoryResult<ConversationReference>> EnsureInstalledAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return CallAsync("EnsureAppInstalled", tenantId, userId, async () =>
        {
            var client = Client(tenantId);
            var installationId = await FindInstallationAsync(client, userId, cancellationToken).ConfigureAwait(false);
            if (installationId is null)
            {
                try
                {
                    await client.Users[userId].Teamwork.InstalledApps.PostAsync(new UserScopeTeamsAppInstallation
                    {
                        AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = $"{_options.BaseUrl.TrimEnd('/')}/appCatalogs/teamsApps/{_options.TeamsAppCatalogId}" },
                    }, cancellationToken: cancellationToken).ConfigureAwait(false);
                    Log.AppInstalled(_logger, userId);
                }
                catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.Conflict)
                {
                    // Installed meanwhile (another instance, the person, their admin): what we wanted.
                }

                installationId = await FindInstallationAsync(client, userId, cancellationToken).ConfigureAwait(false);
                if (installationId is null)
                {
                    // Graph lists a new installation after a short while; the caller can try again later.
                    Log.InstallationNotVisible(_logger, userId);
                    return new DirectoryResult<ConversationReference>(DirectoryOutcome.Failed, null, 200, DirectoryErrorCodes.InstallationNotVisible);
                }
            }

            var chat = await client.Users[userId].Teamwork.InstalledApps[installationId].Chat.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (chat?.Id is not { Length: > 0 } chatId)
            {
                return new DirectoryResult<ConversationReference>(DirectoryOutcome.NotFound, null, 200);
            }

            return DirectoryResult<ConversationReference>.Found(new ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = _options.TeamsServiceUrl,
                Conversation = new ConversationAccount { Id = chatId, ConversationType = "personal", TenantId = tenantId },
                User = new ChannelAccount { AadObjectId = userId },
                Bot = string.IsNullOrEmpty(_botAppId) ? null : new ChannelAccount { Id = "28:" + _botAppId },
            });
        }, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<string?> FindInstallationAsync(GraphServiceClient client, string userId, CancellationToken cancellationToken)
    {
        var page = await client.Users[userId].Teamwork.InstalledApps.GetAsync(request =>
        {
            request.QueryParameters.Expand = ["teamsApp"];
            request.QueryParameters.Filter = $"teamsApp/id eq '{_options.TeamsAppCatalogId}'";
        }, cancellationToken).ConfigureAwait(false);
        return page?.Value?.FirstOrDefault(i => i.Id is not null)?.Id;
    }

    private GraphServiceClient Client(string tenantId) => _clients.GetOrAdd(tenantId, tenant =>
    {
        var baseUrl = _options.BaseUrl.TrimEnd('/');
        var authentication = new AzureIdentityAuthenticationProvider(
            _credentials.For(tenant), allowedHosts: [new Uri(baseUrl).Host], observabilityOptions: null, isCaeEnabled: false, scopes: [_options.TokenScope]);
        return new GraphServiceClient(_http, authentication, baseUrl);
    });

    private static Person ToPerson(string tenantId, User user) =>
        new(tenantId, user.Id!, user.DisplayName ?? user.UserPrincipalName ?? user.Id!, user.Mail ?? user.UserPrincipalName);

    /// <summary>Expected failures become outcomes; the log gets the operation, ids and status, never names or emails.</summary>
    private async Task<DirectoryResult<T>> CallAsync<T>(string operation, string tenantId, string? userId, Func<Task<DirectoryResult<T>>> call, CancellationToken cancellationToken)
    {
        DirectoryResult<T> result;
        try
        {
            result = await call().ConfigureAwait(false);
        }
        catch (ApiException error)
        {
            result = FromStatus<T>(error.ResponseStatusCode, (error as ODataError)?.Error?.Code, error.ResponseHeaders);
        }
        catch (AggregateException error) when (error.InnerExceptions.LastOrDefault() is ApiException last)
        {
            // The SDK's retry handler gave up with the service still refusing.
            var exhausted = FromStatus<T>(last.ResponseStatusCode, DirectoryErrorCodes.RetriesExhausted, last.ResponseHeaders);
            result = exhausted;
        }
        catch (AuthenticationFailedException)
        {
            result = new DirectoryResult<T>(DirectoryOutcome.Failed, default, 0, DirectoryErrorCodes.TokenUnavailable);
        }
        catch (HttpRequestException)
        {
            result = new DirectoryResult<T>(DirectoryOutcome.Failed, default, 0, DirectoryErrorCodes.TransportFailure);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new DirectoryResult<T>(DirectoryOutcome.Failed, default, 0, DirectoryErrorCodes.TransportFailure);
        }

        if (result.Outcome is DirectoryOutcome.Found or DirectoryOutcome.NotFound)
        {
            Log.Called(_logger, operation, tenantId, userId ?? "-", result.StatusCode, result.Outcome);
        }
        else
        {
            Log.Failed(_logger, operation, tenantId, userId ?? "-", result.StatusCode, result.ErrorCode ?? "-", result.Outcome);
        }

        return result;
    }

    private static DirectoryResult<T> FromStatus<T>(int status, string? code, IDictionary<string, IEnumerable<string>>? headers)
    {
        var outcome = status switch
        {
            (int)HttpStatusCode.Forbidden => DirectoryOutcome.Forbidden,
            (int)HttpStatusCode.NotFound => DirectoryOutcome.NotFound,
            (int)HttpStatusCode.TooManyRequests => DirectoryOutcome.Throttled,
            _ => DirectoryOutcome.Failed,
        };
        return new DirectoryResult<T>(outcome, default, status, code, RetryAfterSeconds(headers));
    }

    private static TimeSpan? RetryAfterSeconds(IDictionary<string, IEnumerable<string>>? headers) =>
        headers is not null
        && headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault() is { } value
        && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Graph {Operation} in tenant {TenantId} for user {UserId}: HTTP {StatusCode}, {Outcome}")]
        public static partial void Called(ILogger logger, string operation, string tenantId, string userId, int statusCode, DirectoryOutcome outcome);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Graph {Operation} in tenant {TenantId} for user {UserId} failed: HTTP {StatusCode}, code {ErrorCode}, {Outcome}")]
        public static partial void Failed(ILogger logger, string operation, string tenantId, string userId, int statusCode, string errorCode, DirectoryOutcome outcome);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Installed the Teams app for user {UserId}")]
        public static partial void AppInstalled(ILogger logger, string userId);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The Teams app installation for user {UserId} is not listed yet")]
        public static partial void InstallationNotVisible(ILogger logger, string userId);
    }
}

/// <summary>What a person typed into the picker, made safe for a Graph $search phrase.</summary>
internal static class SearchTerm
{
    /// <summary>
    /// Quotes and backslashes would end or escape the quoted phrase (names and addresses have none), so they are
    /// dropped; fewer than two characters would match half the organisation.
    /// </summary>
    public static string? From(string? typed)
    {
        var term = new string((typed ?? string.Empty).Where(c => c is not ('"' or '\\') && !char.IsControl(c)).ToArray()).Trim();
        if (term.Length > 64)
        {
            term = term[..64];
        }

        return term.Length < 2 ? null : term;
    }
}
