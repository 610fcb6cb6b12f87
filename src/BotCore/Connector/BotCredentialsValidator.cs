using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BotCore.Hosting;
using Microsoft.Extensions.Options;

namespace BotCore.Connector;

/// <summary>Start-up check that the settings name exactly one usable credential for outbound tokens.</summary>
internal sealed class BotCredentialsValidator : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        if (options.IsAuthenticationDisabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        switch (options.MicrosoftAppType)
        {
            case BotAppTypes.MultiTenant:
                break;
            case BotAppTypes.SingleTenant or BotAppTypes.UserAssignedMsi:
                if (string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
                {
                    failures.Add($"MicrosoftAppTenantId is required when MicrosoftAppType is {options.MicrosoftAppType}.");
                }

                break;
            default:
                failures.Add($"MicrosoftAppType must be {BotAppTypes.MultiTenant}, {BotAppTypes.SingleTenant} or {BotAppTypes.UserAssignedMsi}.");
                break;
        }

        if (options.MicrosoftAppType != BotAppTypes.UserAssignedMsi)
        {
            if (string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath) && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
            {
                failures.Add("MicrosoftAppPassword or MicrosoftAppCertificatePath is required when MicrosoftAppId is set.");
            }
            else if (!string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath) && !CanLoadCertificate(options))
            {
                failures.Add("MicrosoftAppCertificatePath must name a PFX file that opens with MicrosoftAppCertificatePassword.");
            }

            if (!Uri.TryCreate(options.ToChannelFromBotLoginUrl, UriKind.Absolute, out var login) || login.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add("ToChannelFromBotLoginUrl must be an absolute https URL.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ToChannelFromBotOAuthScope))
        {
            failures.Add("ToChannelFromBotOAuthScope is required when MicrosoftAppId is set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Opened once here so a wrong path or password stops start-up instead of failing the first send.</summary>
    private static bool CanLoadCertificate(BotOptions options)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.MicrosoftAppCertificatePath!, options.MicrosoftAppCertificatePassword);
            return certificate.HasPrivateKey;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
