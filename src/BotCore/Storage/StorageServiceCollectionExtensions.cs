using System.Text.RegularExpressions;
using Azure.Identity;
using BotCore.Storage.AzureTables;
using BotCore.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotCore.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITableStore"/> (SQLite or Azure Tables, per <see cref="StorageOptions"/>) and
    /// <see cref="IStorage"/> (bot state in the "BotState" table), with options validated at start-up. Every round trip
    /// is traced and counted (<see cref="Telemetry.InstrumentedTableStore"/>).
    /// </summary>
    public static IServiceCollection AddBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITableStore>(sp => new Telemetry.InstrumentedTableStore(CreateTableStore(sp)));
        services.TryAddSingleton<IStorage>(sp => new TableStorage(sp.GetRequiredService<ITableStore>()));
        return services;
    }

    private static ITableStore CreateTableStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (options.EffectiveProvider == StorageProvider.AzureTables)
        {
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? AzureTableStore.FromAccount(options.AccountUri!, new DefaultAzureCredential(), options.TablePrefix)
                : AzureTableStore.FromConnectionString(options.ConnectionString, options.TablePrefix);
        }

        var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
        return new SqliteTableStore(Path.Combine(contentRoot, options.SqlitePath), services.GetRequiredService<TimeProvider>(), options.TablePrefix,
            TimeSpan.FromSeconds(options.SqliteBusyTimeoutSeconds));
    }
}

internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    // Leaves room for the longest table name the app uses within Table Storage's 63 characters.
    private const int MaxTablePrefixChars = 30;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var section = StorageOptions.SectionName;
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasAccountUri = options.AccountUri is not null;

        if (options.Provider is { } provider && !Enum.IsDefined(provider))
        {
            failures.Add($"{section}:Provider must be Sqlite or AzureTables.");
        }

        if (options.EffectiveProvider == StorageProvider.AzureTables)
        {
            if (!hasConnectionString && !hasAccountUri)
            {
                failures.Add($"{section}:Provider is AzureTables but neither {section}:ConnectionString nor {section}:AccountUri is set.");
            }

            if (hasConnectionString && hasAccountUri)
            {
                failures.Add($"Set only one of {section}:ConnectionString and {section}:AccountUri.");
            }

            if (options.AccountUri is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)))
            {
                failures.Add($"{section}:AccountUri must be an absolute https URI such as https://account.table.core.windows.net/.");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.SqlitePath))
            {
                failures.Add($"{section}:SqlitePath must name the SQLite database file.");
            }

            if (options.SqliteBusyTimeoutSeconds is < 1 or > StorageOptions.MaxSqliteBusyTimeoutSeconds)
            {
                failures.Add($"{section}:SqliteBusyTimeoutSeconds must be from 1 to {StorageOptions.MaxSqliteBusyTimeoutSeconds} seconds: Teams gives up on a card action after a few seconds.");
            }
        }

        if (options.TablePrefix.Length > MaxTablePrefixChars || !TablePrefixPattern().IsMatch(options.TablePrefix))
        {
            failures.Add($"{section}:TablePrefix must be empty or up to {MaxTablePrefixChars} letters and digits, starting with a letter.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]*)?$")]
    private static partial Regex TablePrefixPattern();
}
