using System.Security.Claims;

namespace BotCore.Authentication;

/// <summary>
/// The outcome of checking an inbound request's token. <see cref="FailureReason"/> is a short code for logs;
/// it never contains the token or anything from the activity.
/// </summary>
public sealed record BotAuthenticationResult(ClaimsIdentity? Identity, string? FailureReason)
{
    public bool Succeeded => Identity is not null;

    public static BotAuthenticationResult Success(ClaimsIdentity identity) => new(identity, null);

    public static BotAuthenticationResult Failure(string reason) => new(null, reason);
}
