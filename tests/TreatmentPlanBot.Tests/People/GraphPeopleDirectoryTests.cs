using System.Diagnostics;
using BotCore.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.People;

namespace TreatmentPlanBot.Tests.People;

/// <summary>
/// The people picker and app installation against a fake Graph on Kestrel: the exact requests Graph receives
/// (path, query, headers, body, bearer token) and the outcomes a clinician would be told about.
/// </summary>
public sealed class GraphPeopleDirectoryTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private const string CatalogAppId = "catalog-app-1";
    private const string PersonId = "11111111-2222-3333-4444-555555555555";

    private FakeGraph _graph = null!;
    private readonly TestGraphCredentials _credentials = new();

    public async Task InitializeAsync() => _graph = await FakeGraph.StartAsync();

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    private GraphPeopleDirectory Directory(int maxRetryAttempts = 2, TimeSpan? maxRetryDelay = null) => new(
        Options.Create(new GraphOptions
        {
            Enabled = true,
            BaseUrl = _graph.BaseUrl,
            TeamsAppCatalogId = CatalogAppId,
            TeamsServiceUrl = "https://smba.trafficmanager.net/teams/",
            MaxRetryAttempts = maxRetryAttempts,
            MaxRetryDelay = maxRetryDelay ?? TimeSpan.FromSeconds(5),
        }),
        Options.Create(new BotOptions { MicrosoftAppId = "bot-app-id" }),
        _credentials,
        TimeProvider.System,
        NullLogger<GraphPeopleDirectory>.Instance);

    private static object Users(params object[] users) => new { value = users };

    private static object User(string id, string name, string? mail, string upn) => new { id, displayName = name, mail, userPrincipalName = upn };

    [Fact]
    public async Task Search_asks_graph_for_names_and_emails_starting_with_the_words_typed_with_the_bots_token()
    {
        _graph.On("GET", "/v1.0/users", GraphResponse.Ok(Users(
            User("id-2", "Riley Sample", "riley@clinic.example", "riley@clinic.example"),
            User("id-1", "Adele Vance", null, "adele@clinic.example"))));
        using var directory = Directory();

        var result = await directory.SearchAsync(Tenant, "  ri\"le ");

        var request = Assert.Single(_graph.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1.0/users", request.Path);
        Assert.Equal(new Dictionary<string, string>
        {
            ["$search"] = "\"displayName:rile\" OR \"mail:rile\"",
            ["$count"] = "true",
            ["$top"] = "10",
            ["$select"] = "id,displayName,mail,userPrincipalName",
        }, request.Query);
        // OData system query options travel as "$", not "%24": the SDK's parameter-name decoding is in the pipeline.
        Assert.Equal("?$count=true&$search=%22displayName%3Arile%22%20OR%20%22mail%3Arile%22&$select=id,displayName,mail,userPrincipalName&$top=10", request.RawQuery);
        Assert.Equal("Bearer " + TestGraphCredentials.TokenFor(Tenant), request.Header("Authorization"));
        Assert.Equal("eventual", request.Header("ConsistencyLevel"));
        var (tokenTenant, scopes) = Assert.Single(_credentials.TokenRequests);
        Assert.Equal(Tenant, tokenTenant);
        Assert.Equal(["https://graph.microsoft.com/.default"], scopes);

        Assert.Equal(DirectoryOutcome.Found, result.Outcome);
        Assert.Equal(
            [new Person(Tenant, "id-1", "Adele Vance", "adele@clinic.example"), new Person(Tenant, "id-2", "Riley Sample", "riley@clinic.example")],
            result.Value);
    }

    [Fact]
    public async Task Search_with_fewer_than_two_letters_asks_graph_nothing_and_says_to_type_more()
    {
        using var directory = Directory();

        var result = await directory.SearchAsync(Tenant, " a ");

        Assert.Empty(_graph.Requests);
        Assert.Equal(DirectoryOutcome.NotFound, result.Outcome);
        Assert.Equal("Type at least two letters of the person's name or email.", result.Explanation);
    }

    [Fact]
    public async Task Search_that_matches_nobody_is_not_found()
    {
        _graph.On("GET", "/v1.0/users", GraphResponse.Ok(Users()));
        using var directory = Directory();

        var result = await directory.SearchAsync(Tenant, "nobody");

        Assert.Equal(DirectoryOutcome.NotFound, result.Outcome);
        Assert.Contains("couldn't find that person", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_reads_one_person_by_object_id_with_only_the_fields_the_picker_shows()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}", GraphResponse.Ok(User(PersonId, "Morgan Demo", "morgan@clinic.example", "morgan@clinic.example")));
        using var directory = Directory();

        var result = await directory.GetAsync(Tenant, PersonId);

        var request = Assert.Single(_graph.Requests);
        Assert.Equal("?$select=id,displayName,mail,userPrincipalName", request.RawQuery);
        Assert.Equal("Bearer " + TestGraphCredentials.TokenFor(Tenant), request.Header("Authorization"));
        Assert.Equal(new Person(Tenant, PersonId, "Morgan Demo", "morgan@clinic.example"), result.Value);
    }

    [Fact]
    public async Task A_person_graph_does_not_know_is_not_found()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}", GraphResponse.Error(404, "Request_ResourceNotFound"));
        using var directory = Directory();

        var result = await directory.GetAsync(Tenant, PersonId);

        Assert.Equal(DirectoryOutcome.NotFound, result.Outcome);
        Assert.Equal(404, result.StatusCode);
        Assert.Equal("Request_ResourceNotFound", result.ErrorCode);
    }

    [Fact]
    public async Task A_missing_permission_is_forbidden_and_tells_the_clinician_to_ask_their_admin()
    {
        _graph.On("GET", "/v1.0/users", GraphResponse.Error(403, "Authorization_RequestDenied"));
        using var directory = Directory();

        var result = await directory.SearchAsync(Tenant, "riley");

        Assert.Equal(DirectoryOutcome.Forbidden, result.Outcome);
        Assert.Equal("Authorization_RequestDenied", result.ErrorCode);
        Assert.Contains("Ask your Teams admin", result.Explanation, StringComparison.Ordinal);
        Assert.Single(_graph.Requests);
    }

    [Fact]
    public async Task Throttling_waits_as_long_as_graph_asks_then_tries_again()
    {
        _graph.On("GET", "/v1.0/users", GraphResponse.Error(429, "TooManyRequests", retryAfterSeconds: 1), GraphResponse.Ok(Users(User("id-1", "Riley Sample", "riley@clinic.example", "riley@clinic.example"))));
        using var directory = Directory();
        var clock = Stopwatch.StartNew();

        var result = await directory.SearchAsync(Tenant, "riley");

        Assert.Equal(DirectoryOutcome.Found, result.Outcome);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"The retry came after {clock.Elapsed}, before the Retry-After of 1 s.");
        var requests = _graph.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].RawQuery, requests[1].RawQuery);
        Assert.Equal("1", requests[1].Header("Retry-Attempt"));
        Assert.Equal("Bearer " + TestGraphCredentials.TokenFor(Tenant), requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_bot_waits_ends_throttled_at_once_with_the_wait()
    {
        _graph.On("GET", "/v1.0/users", GraphResponse.Error(429, "TooManyRequests", retryAfterSeconds: 600));
        using var directory = Directory(maxRetryDelay: TimeSpan.FromSeconds(30));

        var result = await directory.SearchAsync(Tenant, "riley");

        Assert.Single(_graph.Requests);
        Assert.Equal(DirectoryOutcome.Throttled, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(10), result.RetryAfter);
        Assert.Equal("Microsoft 365 asked me to slow down. Please try again in about 10 minutes.", result.Explanation);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_ends_throttled_after_a_bounded_number_of_attempts()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}", GraphResponse.Error(429, "TooManyRequests", retryAfterSeconds: 0));
        using var directory = Directory(maxRetryAttempts: 2);

        var result = await directory.GetAsync(Tenant, PersonId);

        Assert.Equal(3, _graph.Requests.Count);
        Assert.Equal(DirectoryOutcome.Throttled, result.Outcome);
        Assert.Equal(429, result.StatusCode);
    }

    [Fact]
    public async Task Reaching_someone_with_the_app_installed_reads_their_personal_chat_without_installing_again()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps", GraphResponse.Ok(new { value = new[] { new { id = "installation-1" } } }));
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps/installation-1/chat", GraphResponse.Ok(new { id = "19:personal-chat@unq.gbl.spaces" }));
        using var directory = Directory();

        var result = await directory.EnsureInstalledAsync(Tenant, PersonId);

        var requests = _graph.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(new Dictionary<string, string> { ["$expand"] = "teamsApp", ["$filter"] = $"teamsApp/id eq '{CatalogAppId}'" }, requests[0].Query);
        Assert.Equal("", requests[1].RawQuery);
        Assert.All(requests, r => Assert.Equal("Bearer " + TestGraphCredentials.TokenFor(Tenant), r.Header("Authorization")));

        Assert.Equal(DirectoryOutcome.Found, result.Outcome);
        var chat = result.Value!;
        Assert.Equal("https://smba.trafficmanager.net/teams/", chat.ServiceUrl);
        Assert.Equal("19:personal-chat@unq.gbl.spaces", chat.Conversation!.Id);
        Assert.Equal("personal", chat.Conversation.ConversationType);
        Assert.Equal(Tenant, chat.Conversation.TenantId);
        Assert.Equal(PersonId, chat.User!.AadObjectId);
        Assert.Equal("28:bot-app-id", chat.Bot!.Id);
        Assert.Equal("msteams", chat.ChannelId);
    }

    [Fact]
    public async Task Reaching_someone_who_never_had_the_app_installs_it_from_the_catalog_then_reads_the_chat()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps",
            GraphResponse.Ok(new { value = Array.Empty<object>() }),
            GraphResponse.Ok(new { value = new[] { new { id = "installation-2" } } }));
        _graph.On("POST", $"/v1.0/users/{PersonId}/teamwork/installedApps", new GraphResponse(201));
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps/installation-2/chat", GraphResponse.Ok(new { id = "19:new-chat@unq.gbl.spaces" }));
        using var directory = Directory();

        var result = await directory.EnsureInstalledAsync(Tenant, PersonId);

        var requests = _graph.Requests.ToArray();
        Assert.Equal(["GET", "POST", "GET", "GET"], requests.Select(r => r.Method));
        var install = requests[1];
        Assert.Equal("", install.RawQuery);
        Assert.StartsWith("application/json", install.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("Bearer " + TestGraphCredentials.TokenFor(Tenant), install.Header("Authorization"));
        Assert.Equal($"{_graph.BaseUrl}/appCatalogs/teamsApps/{CatalogAppId}", install.Json.GetProperty("teamsApp@odata.bind").GetString());
        Assert.Equal("#microsoft.graph.userScopeTeamsAppInstallation", install.Json.GetProperty("@odata.type").GetString());
        Assert.Equal("19:new-chat@unq.gbl.spaces", result.Value!.Conversation!.Id);
    }

    [Fact]
    public async Task An_app_installed_meanwhile_409_counts_as_installed()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps",
            GraphResponse.Ok(new { value = Array.Empty<object>() }),
            GraphResponse.Ok(new { value = new[] { new { id = "installation-3" } } }));
        _graph.On("POST", $"/v1.0/users/{PersonId}/teamwork/installedApps", GraphResponse.Error(409, "Conflict"));
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps/installation-3/chat", GraphResponse.Ok(new { id = "19:chat@unq.gbl.spaces" }));
        using var directory = Directory();

        var result = await directory.EnsureInstalledAsync(Tenant, PersonId);

        Assert.Equal(DirectoryOutcome.Found, result.Outcome);
        Assert.Equal("19:chat@unq.gbl.spaces", result.Value!.Conversation!.Id);
    }

    [Fact]
    public async Task Installing_without_the_permission_is_forbidden()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps", GraphResponse.Ok(new { value = Array.Empty<object>() }));
        _graph.On("POST", $"/v1.0/users/{PersonId}/teamwork/installedApps", GraphResponse.Error(403, "Forbidden"));
        using var directory = Directory();

        var result = await directory.EnsureInstalledAsync(Tenant, PersonId);

        Assert.Equal(DirectoryOutcome.Forbidden, result.Outcome);
        Assert.Equal(403, result.StatusCode);
        Assert.Equal(2, _graph.Requests.Count);
    }

    [Fact]
    public async Task Installing_for_someone_not_in_the_directory_is_not_found()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps", GraphResponse.Error(404, "NotFound"));
        using var directory = Directory();

        var result = await directory.EnsureInstalledAsync(Tenant, PersonId);

        Assert.Equal(DirectoryOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task An_installation_graph_does_not_list_yet_fails_so_the_caller_can_try_later()
    {
        _graph.On("GET", $"/v1.0/users/{PersonId}/teamwork/installedApps", GraphResponse.Ok(new { value = Array.Empty<object>() }));
        _graph.On("POST", $"/v1.0/users/{PersonId}/teamwork/installedApps", new GraphResponse(201));
        using var directory = Directory();

        var result = await directory.EnsureInstalledAsync(Tenant, PersonId);

        Assert.Equal(DirectoryOutcome.Failed, result.Outcome);
        Assert.Equal(DirectoryErrorCodes.InstallationNotVisible, result.ErrorCode);
    }

    [Fact]
    public async Task Graph_unreachable_is_a_failure_not_an_exception()
    {
        using var directory = Directory();
        await _graph.DisposeAsync();

        var result = await directory.SearchAsync(Tenant, "riley");

        Assert.Equal(DirectoryOutcome.Failed, result.Outcome);
        Assert.Equal(DirectoryErrorCodes.TransportFailure, result.ErrorCode);
        _graph = await FakeGraph.StartAsync();
    }
}
