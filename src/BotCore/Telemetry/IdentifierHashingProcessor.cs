using System.Security.Cryptography;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace BotCore.Telemetry;

/// <summary>
/// Runs before the log exporters: replaces the value of every attribute named as an identifier (a person's, a
/// conversation's) with <c>h:</c> and the first 16 hex digits of its HMAC-SHA256 under <see cref="TelemetryOptions.IdentifierHashKey"/>.
/// The same id always gives the same hash, so one person's records still line up; the id itself does not leave.
/// Only exported records are changed: the console log of the host is the host's.
/// </summary>
public sealed class IdentifierHashingProcessor : BaseProcessor<LogRecord>
{
    private readonly HashSet<string> _names;
    private readonly byte[] _key;

    public IdentifierHashingProcessor(IEnumerable<string> identifierAttributes, string? key)
    {
        ArgumentNullException.ThrowIfNull(identifierAttributes);
        _names = new HashSet<string>(identifierAttributes, StringComparer.OrdinalIgnoreCase);
        _key = string.IsNullOrEmpty(key) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(key);
    }

    public override void OnEnd(LogRecord data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Attributes is not { Count: > 0 } attributes || !attributes.Any(a => _names.Contains(a.Key)))
        {
            return;
        }

        data.Attributes = [.. attributes.Select(a => _names.Contains(a.Key) && a.Value is not null
            ? new KeyValuePair<string, object?>(a.Key, Hash(a.Value.ToString()!))
            : a)];
    }

    internal string Hash(string value) => "h:" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)))[..16];
}
