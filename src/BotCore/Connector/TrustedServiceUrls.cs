using BotCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotCore.Connector;

/// <summary>
/// Which service URLs are the channel's own: the only addresses that may receive the bot's bearer token or anything it
/// sends, and the only ones an inbound activity may name for replies. https on the default port to a host listed in
/// <see cref="BotOptions.TrustedServiceHosts"/> (exact match), or, in Development only, any loopback address (the
/// Agents Playground's mock connector).
/// </summary>
public sealed class TrustedServiceUrls(IOptions<BotOptions> options, IHostEnvironment environment)
{
    private readonly HashSet<string> _hosts = new(options.Value.EffectiveTrustedServiceHosts.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase);
    private readonly bool _trustLoopback = environment.IsDevelopment();

    public bool IsTrusted(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }

        if (_trustLoopback && Loopback.IsLoopbackHost(uri.Host))
        {
            return true;
        }

        return uri.Scheme == Uri.UriSchemeHttps
            && uri.IsDefaultPort
            && string.IsNullOrEmpty(uri.UserInfo)
            && _hosts.Contains(uri.IdnHost);
    }
}
