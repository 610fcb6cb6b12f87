namespace BotCore.Storage;

/// <summary>Where the bot keeps its data. Bound from the "Storage" section and validated at start-up.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite or AzureTables. When unset: AzureTables if a connection string or account URI is set, else Sqlite.</summary>
    public StorageProvider? Provider { get; set; }

    /// <summary>The SQLite database file; a relative path is under the app's content root. Its directory is created.</summary>
    public string SqlitePath { get; set; } = ".local/treatmentplanbot.db";

    /// <summary>
    /// How long a SQLite operation waits for another writer before it fails as <see cref="StorageErrorKind.Unavailable"/>.
    /// Teams shows an error when a card action is not answered within a few seconds, so the wait stays well inside that
    /// window and the user gets the "records could not be reached" answer in time. Whole seconds (SQLite's command timeout
    /// counts in seconds), from 1 to <see cref="MaxSqliteBusyTimeoutSeconds"/>.
    /// </summary>
    public int SqliteBusyTimeoutSeconds { get; set; } = 3;

    /// <summary>Beyond this a locked database would keep a card action waiting past what Teams allows.</summary>
    public const int MaxSqliteBusyTimeoutSeconds = 10;

    /// <summary>Azure Storage connection string (account key or SAS), e.g. Azurite's.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table endpoint such as https://account.table.core.windows.net/, reached with DefaultAzureCredential.</summary>
    public Uri? AccountUri { get; set; }

    /// <summary>Prepended to every table name, so tests and instances sharing one account keep apart.</summary>
    public string TablePrefix { get; set; } = string.Empty;

    public StorageProvider EffectiveProvider =>
        Provider ?? (!string.IsNullOrWhiteSpace(ConnectionString) || AccountUri is not null ? StorageProvider.AzureTables : StorageProvider.Sqlite);
}

public enum StorageProvider
{
    Sqlite,
    AzureTables,
}
