using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotCore.Hosting;

/// <summary>
/// Start-up checks for <see cref="BotOptions"/>. Without an app id the bot is unauthenticated, which is allowed
/// only in Development (and, checked once the server listens, only on loopback); anywhere else start-up fails
/// naming the settings to add.
/// </summary>
internal sealed class BotOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        // With an app id, the credentials are BotCredentialsValidator's to check (AddBotCore registers it too).
        if (options.IsAuthenticationDisabled && !environment.IsDevelopment())
        {
            failures.Add(
                $"The bot has no credentials and the environment is '{environment.EnvironmentName}'; running without authentication is allowed only in Development on a loopback address. " +
                $"Missing settings: {string.Join(", ", MissingCredentials(options))}.");
        }

        if (!Loopback.IsHttpsOrLoopbackHttp(options.ToBotFromChannelOpenIdMetadataUrl))
        {
            failures.Add("ToBotFromChannelOpenIdMetadataUrl must be an absolute https URL (http only on a loopback address).");
        }

        if (!Loopback.IsHttpsOrLoopbackHttp(options.ToBotFromEntraOpenIdMetadataUrl.Replace("{tenantId}", "tenant", StringComparison.Ordinal)))
        {
            failures.Add("ToBotFromEntraOpenIdMetadataUrl must be an absolute https URL (http only on a loopback address).");
        }

        if (string.IsNullOrWhiteSpace(options.ToBotFromChannelTokenIssuer))
        {
            failures.Add("ToBotFromChannelTokenIssuer must be set.");
        }

        foreach (var host in options.TrustedServiceHosts.Where(h => !IsHostName(h)))
        {
            failures.Add($"TrustedServiceHosts entries must be bare host names such as smba.trafficmanager.net (no scheme, path, port or wildcard); '{host}' is not.");
        }

        if (options.AllowedChannels.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("AllowedChannels entries must be channel ids such as msteams; one is empty.");
        }

        if (options.AllowedTenants.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("AllowedTenants entries must be Entra tenant ids; one is empty.");
        }

        if (options.AllowedCallers.Any(c => string.IsNullOrWhiteSpace(c) || c.Trim() == "*"))
        {
            failures.Add("AllowedCallers entries must be app ids; empty entries and '*' (any app) are not accepted.");
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add("MaxRequestBodyBytes must be greater than zero.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHostName(string? host) =>
        !string.IsNullOrWhiteSpace(host) && Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;

    private static List<string> MissingCredentials(BotOptions options)
    {
        List<string> missing = ["MicrosoftAppId"];

        var managedIdentity = string.Equals(options.MicrosoftAppType, BotAppTypes.UserAssignedMsi, StringComparison.Ordinal);
        if (!managedIdentity && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword) && string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath))
        {
            missing.Add("MicrosoftAppPassword or MicrosoftAppCertificatePath");
        }

        var needsTenant = managedIdentity || string.Equals(options.MicrosoftAppType, BotAppTypes.SingleTenant, StringComparison.Ordinal);
        if (needsTenant && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            missing.Add($"MicrosoftAppTenantId (required for {options.MicrosoftAppType})");
        }

        return missing;
    }
}
