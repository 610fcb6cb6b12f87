using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BotCore.Connector;
using BotCore.Schema;
using Microsoft.Extensions.Options;

namespace BotCore.Tests.Connector;

public sealed class AccessTokenTests
{
    private static readonly Activity Hello = ActivityExtensions.CreateMessage("Synthetic message text");

    /// <summary>One loopback server plays both Entra (token endpoint) and the Bot Connector service.</summary>
    private static Task<LoopbackServer> StartCloudAsync(Func<RecordedRequest, Reply>? token = null) =>
        LoopbackServer.StartAsync((request, _) =>
        {
            if (request.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) || request.Path.StartsWith("/metadata/identity", StringComparison.Ordinal))
            {
                return token?.Invoke(request) ?? TokenIssued(request);
            }

            return request.Path.StartsWith("/v3/", StringComparison.Ordinal) ? new Reply(200, """{"id":"1:sent"}""") : new Reply(404);
        });

    private static Reply TokenIssued(RecordedRequest request) => request.Path.StartsWith("/metadata/identity", StringComparison.Ordinal)
        ? new Reply(200, $$"""{"access_token":"synthetic-msi-token","client_id":"{{ConnectorHarness.AppId}}","expires_in":"86399","expires_on":"{{DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds()}}","ext_expires_in":"86399","not_before":"{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}","resource":"https://api.botframework.com","token_type":"Bearer"}""")
        : new Reply(200, """{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"synthetic-token-1"}""");

    [Fact]
    public async Task Client_secret_token_is_requested_once_and_sent_as_bearer_on_every_call()
    {
        await using var cloud = await StartCloudAsync();
        await using var bot = ConnectorHarness.Create(ConnectorHarness.WithSecret(), cloud);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await bot.Client.SendToConversationAsync(cloud.Address.ToString(), "a:1personal", Hello)).IsSuccess);
        }

        var tokenRequest = Assert.Single(cloud.RequestsTo("/oauth2/"));
        Assert.Equal("POST /botframework.com/oauth2/v2.0/token", $"{tokenRequest.Method} {tokenRequest.Path}");
        Assert.Equal("client_credentials", tokenRequest.Form["grant_type"]);
        Assert.Equal(ConnectorHarness.AppId, tokenRequest.Form["client_id"]);
        Assert.Equal("synthetic-client-secret", tokenRequest.Form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", tokenRequest.Form["scope"]);
        var sends = cloud.RequestsTo("/v3/");
        Assert.Equal(3, sends.Count);
        Assert.All(sends, s => Assert.Equal("Bearer synthetic-token-1", s.Authorization));
    }

    [Fact]
    public async Task Single_tenant_bot_asks_its_own_tenant_for_tokens()
    {
        await using var cloud = await StartCloudAsync();
        var settings = ConnectorHarness.WithSecret();
        settings["MicrosoftAppType"] = "SingleTenant";
        settings["MicrosoftAppTenantId"] = ConnectorHarness.TenantId;
        await using var bot = ConnectorHarness.Create(settings, cloud);

        await bot.Client.SendToConversationAsync(cloud.Address.ToString(), "a:1personal", Hello);

        Assert.Equal($"/{ConnectorHarness.TenantId}/oauth2/v2.0/token", Assert.Single(cloud.RequestsTo("/oauth2/")).Path);
    }

    [Fact]
    public async Task Certificate_credential_sends_a_signed_client_assertion_and_no_secret()
    {
        var pfx = await WriteSelfSignedPfxAsync("synthetic-pfx-password");
        try
        {
            await using var cloud = await StartCloudAsync();
            var settings = ConnectorHarness.WithSecret();
            settings.Remove("MicrosoftAppPassword");
            settings["MicrosoftAppCertificatePath"] = pfx;
            settings["MicrosoftAppCertificatePassword"] = "synthetic-pfx-password";
            await using var bot = ConnectorHarness.Create(settings, cloud);

            var result = await bot.Client.SendToConversationAsync(cloud.Address.ToString(), "a:1personal", Hello);

            Assert.True(result.IsSuccess);
            var form = Assert.Single(cloud.RequestsTo("/oauth2/")).Form;
            Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
            Assert.Equal(3, form["client_assertion"].Split('.').Length);
            Assert.False(form.ContainsKey("client_secret"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task Certificate_that_does_not_open_with_the_configured_password_stops_the_bot_at_start_up()
    {
        var pfx = await WriteSelfSignedPfxAsync("synthetic-pfx-password");
        try
        {
            var settings = ConnectorHarness.WithSecret();
            settings["MicrosoftAppCertificatePath"] = pfx;
            settings["MicrosoftAppCertificatePassword"] = "not-the-password";
            await using var bot = ConnectorHarness.Create(settings);

            var error = Assert.Throws<OptionsValidationException>(() => bot.Get<IOptions<BotCore.Hosting.BotOptions>>().Value);

            Assert.Equal(["MicrosoftAppCertificatePath must name a PFX file that opens with MicrosoftAppCertificatePassword."], error.Failures);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    private static async Task<string> WriteSelfSignedPfxAsync(string password)
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"botcore-test-{Guid.NewGuid():N}.pfx");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=synthetic-bot", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, password));
        return pfx;
    }

    [Fact]
    public async Task User_assigned_managed_identity_asks_the_identity_endpoint_with_the_app_id_as_client_id()
    {
        await using var cloud = await StartCloudAsync();
        var settings = ConnectorHarness.Anonymous();
        settings["MicrosoftAppType"] = "UserAssignedMSI";
        settings["MicrosoftAppId"] = ConnectorHarness.AppId;
        settings["MicrosoftAppTenantId"] = ConnectorHarness.TenantId;
        await using var bot = ConnectorHarness.Create(settings, cloud);

        var first = await bot.Client.SendToConversationAsync(cloud.Address.ToString(), "a:1personal", Hello);
        await bot.Client.SendToConversationAsync(cloud.Address.ToString(), "a:1personal", Hello);

        Assert.True(first.IsSuccess);
        var identity = Assert.Single(cloud.RequestsTo("/metadata/identity/oauth2/token"));
        Assert.Equal(ConnectorHarness.AppId, identity.Query["client_id"]);
        Assert.Equal("https://api.botframework.com", identity.Query["resource"]);
        Assert.All(cloud.RequestsTo("/v3/"), s => Assert.Equal("Bearer synthetic-msi-token", s.Authorization));
    }

    [Fact]
    public async Task Without_an_app_id_no_token_is_requested_and_no_Authorization_header_is_sent()
    {
        await using var cloud = await StartCloudAsync();
        await using var bot = ConnectorHarness.Create(ConnectorHarness.Anonymous(), cloud);

        var result = await bot.Client.SendToConversationAsync(cloud.Address.ToString(), "a:1personal", Hello);

        Assert.True(result.IsSuccess);
        var send = Assert.Single(cloud.Requests);
        Assert.StartsWith("/v3/", send.Path, StringComparison.Ordinal);
        Assert.Null(send.Authorization);
    }

    [Fact]
    public async Task Rejected_credentials_fail_the_call_without_contacting_the_channel()
    {
        await using var cloud = await StartCloudAsync(_ => new Reply(401, """{"error":"invalid_client","error_description":"AADSTS7000215: synthetic","error_codes":[7000215]}"""));
        await using var bot = ConnectorHarness.Create(ConnectorHarness.WithSecret(), cloud);

        var result = await bot.Client.SendToConversationAsync(cloud.Address.ToString(), "a:1personal", Hello);

        Assert.Equal((ConnectorOutcome.Failed, 0, "TokenUnavailable"), (result.Outcome, result.StatusCode, result.ErrorCode));
        Assert.Empty(cloud.RequestsTo("/v3/"));
    }

    [Fact]
    public async Task A_token_is_never_sent_to_a_plain_http_service_url_off_this_machine()
    {
        await using var cloud = await StartCloudAsync();
        await using var bot = ConnectorHarness.Create(ConnectorHarness.WithSecret(), cloud);

        var result = await bot.Client.SendToConversationAsync("http://smba.example.invalid/amer/", "a:1personal", Hello);

        Assert.Equal((ConnectorOutcome.Failed, "InsecureServiceUrl"), (result.Outcome, result.ErrorCode));
    }

    [Theory]
    [InlineData("SingleTenant", null, "synthetic-secret", "MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant.")]
    [InlineData("UserAssignedMSI", null, null, "MicrosoftAppTenantId is required when MicrosoftAppType is UserAssignedMSI.")]
    [InlineData("MultiTenant", null, null, "MicrosoftAppPassword or MicrosoftAppCertificatePath is required when MicrosoftAppId is set.")]
    [InlineData("Federated", null, "synthetic-secret", "MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI.")]
    public async Task Incomplete_credentials_stop_the_bot_at_start_up_naming_the_setting(string appType, string? tenant, string? secret, string message)
    {
        var settings = ConnectorHarness.Anonymous();
        settings["MicrosoftAppId"] = ConnectorHarness.AppId;
        settings["MicrosoftAppType"] = appType;
        settings["MicrosoftAppTenantId"] = tenant;
        settings["MicrosoftAppPassword"] = secret;
        await using var bot = ConnectorHarness.Create(settings);

        var error = Assert.Throws<OptionsValidationException>(() => bot.Get<IOptions<BotCore.Hosting.BotOptions>>().Value);

        Assert.Equal([message], error.Failures);
    }

    [Fact]
    public async Task Retry_settings_out_of_range_stop_the_bot_at_start_up()
    {
        var settings = ConnectorHarness.Anonymous();
        settings["BotConnector:MaxRetryAttempts"] = "0";
        await using var bot = ConnectorHarness.Create(settings);

        var error = Assert.Throws<OptionsValidationException>(() => bot.Get<IOptions<ConnectorOptions>>().Value);

        Assert.Equal(["BotConnector:MaxRetryAttempts must be between 1 and 10."], error.Failures);
    }
}
