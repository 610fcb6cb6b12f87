namespace BotCore.Connector;

/// <summary>Names of the HttpClients <c>AddBotConnector</c> registers, for adding handlers (proxies, test routing).</summary>
public static class BotConnectorHttpClients
{
    public const string Connector = "BotCore.Connector";

    /// <summary>What MSAL uses to reach the token endpoint (or the managed identity endpoint).</summary>
    public const string Token = "BotCore.Token";
}
