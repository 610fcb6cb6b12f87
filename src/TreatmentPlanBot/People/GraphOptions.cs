using BotCore.Hosting;
using Microsoft.Extensions.Options;

namespace TreatmentPlanBot.People;

/// <summary>Microsoft Graph: the people picker and installing the Teams app for someone. Bound from the "Graph" section.</summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>Off: no Graph calls. Local runs in Development then use the Agents Playground's user list.</summary>
    public bool Enabled { get; set; }

    /// <summary>Graph's base address (a national cloud's, or a local fake in tests).</summary>
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>The scope of the bot's Graph tokens (the cloud's Graph resource + "/.default").</summary>
    public string TokenScope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>Where the bot's Graph tokens come from (Entra ID's login host for the cloud).</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>The app's id in the organisation's Teams app catalog (not the manifest id): Graph's teamsApp id.</summary>
    public string TeamsAppCatalogId { get; set; } = string.Empty;

    /// <summary>The Bot Connector address for chats found through Graph, before the person's first message tells us theirs.</summary>
    public string TeamsServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";

    /// <summary>Retries after a 429, 503 or 504 (1-10).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// Longest single wait. A Retry-After longer than this is not waited for: the call ends as Throttled with the wait,
    /// so a caller is never held longer than MaxRetryAttempts x MaxRetryDelay.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class GraphOptionsValidator(IOptions<BotOptions> bot) : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (bot.Value.IsAuthenticationDisabled)
        {
            failures.Add("Graph:Enabled needs the bot's credentials: set MicrosoftAppId (and a secret, certificate or UserAssignedMSI).");
        }

        if (!IsHttpsOrLoopbackHttp(options.BaseUrl))
        {
            failures.Add("Graph:BaseUrl must be an absolute https URL (http only on a loopback address).");
        }

        if (!IsHttpsOrLoopbackHttp(options.AuthorityHost))
        {
            failures.Add("Graph:AuthorityHost must be an absolute https URL (http only on a loopback address).");
        }

        if (!IsHttpsOrLoopbackHttp(options.TeamsServiceUrl))
        {
            failures.Add("Graph:TeamsServiceUrl must be an absolute https URL (http only on a loopback address).");
        }

        if (string.IsNullOrWhiteSpace(options.TokenScope))
        {
            failures.Add("Graph:TokenScope is required.");
        }

        if (string.IsNullOrWhiteSpace(options.TeamsAppCatalogId))
        {
            failures.Add("Graph:TeamsAppCatalogId is required: the app's id in your Teams app catalog (Teams admin centre > Manage apps > the app > App ID).");
        }
        else if (options.TeamsAppCatalogId.IndexOfAny(['\'', '/', '?', '#']) >= 0)
        {
            failures.Add("Graph:TeamsAppCatalogId must be an app id, without quotes or slashes.");
        }

        if (options.MaxRetryAttempts is < 1 or > 10)
        {
            failures.Add("Graph:MaxRetryAttempts must be between 1 and 10.");
        }

        if (options.MaxRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay > TimeSpan.FromMinutes(3))
        {
            failures.Add("Graph:MaxRetryDelay must be positive and at most 3 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A token never travels in clear text off this machine; http is for local fakes only.</summary>
    internal static bool IsHttpsOrLoopbackHttp(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
