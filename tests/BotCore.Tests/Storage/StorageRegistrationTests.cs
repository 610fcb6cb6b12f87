using System.Text.Json.Nodes;
using BotCore.Storage;
using BotCore.Storage.AzureTables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotCore.Tests.Storage;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("botcore-host-").FullName;

    [Fact]
    public async Task With_no_storage_settings_bot_state_survives_a_restart_in_a_sqlite_file_under_the_content_root()
    {
        var document = new JsonObject { ["dialogStack"] = new JsonArray("greeting") };
        using (var host = await StartHostAsync([]))
        {
            await host.Services.GetRequiredService<IStorage>().WriteAsync(new Dictionary<string, StoreItem> { ["conversation-1"] = new(document, null) });
        }

        Assert.True(File.Exists(Path.Combine(_contentRoot, ".local", "treatmentplanbot.db")));
        using var restarted = await StartHostAsync([]);
        var read = await restarted.Services.GetRequiredService<IStorage>().ReadAsync(["conversation-1"]);
        Assert.True(JsonNode.DeepEquals(document, read["conversation-1"].Document));
    }

    [Fact]
    public async Task SqlitePath_chooses_the_database_file()
    {
        using var host = await StartHostAsync(new() { ["Storage:SqlitePath"] = "data/elsewhere.db" });

        await host.Services.GetRequiredService<IStorage>().WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(new JsonObject(), "*") });

        Assert.True(File.Exists(Path.Combine(_contentRoot, "data", "elsewhere.db")));
    }

    [Fact]
    public void A_connection_string_alone_selects_Azure_Tables()
    {
        using var host = BuildHost(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" });

        Assert.IsType<AzureTableStore>(Assert.IsType<BotCore.Telemetry.InstrumentedTableStore>(host.Services.GetRequiredService<ITableStore>()).Inner);
    }

    [Fact]
    public async Task AzureTables_without_a_connection_string_or_account_uri_refuses_to_start_naming_both_settings()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartHostAsync(new() { ["Storage:Provider"] = "AzureTables" }));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:AccountUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_a_connection_string_and_an_account_uri_refuse_to_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartHostAsync(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:AccountUri"] = "https://example.table.core.windows.net/",
        }));

        Assert.Contains("only one of Storage:ConnectionString and Storage:AccountUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_uri_over_plain_http_refuses_to_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartHostAsync(new() { ["Storage:AccountUri"] = "http://example.table.core.windows.net/" }));

        Assert.Contains("Storage:AccountUri", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has-dash")]
    [InlineData("1starts")]
    public async Task A_table_prefix_Table_Storage_cannot_take_refuses_to_start(string prefix)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartHostAsync(new() { ["Storage:TablePrefix"] = prefix }));

        Assert.Contains("Storage:TablePrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_refuses_to_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartHostAsync(new() { ["Storage:Provider"] = "Cosmos" }));

        Assert.Contains("Storage:Provider", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _contentRoot,
            EnvironmentName = Environments.Development,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBotStorage(builder.Configuration);
        return builder.Build();
    }

    private async Task<IHost> StartHostAsync(Dictionary<string, string?> settings)
    {
        var host = BuildHost(settings);
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteStorageRegistrationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task With_a_connection_string_bot_state_lands_in_the_prefixed_BotState_table()
    {
        var prefix = AzuriteFixture.UniqueTablePrefix();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
        });
        builder.Services.AddBotStorage(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();

        await host.Services.GetRequiredService<IStorage>().WriteAsync(new Dictionary<string, StoreItem> { ["user/1"] = new(new JsonObject { ["locale"] = "en-US" }, null) });

        var table = await AzureTableStore.FromConnectionString(azurite.ConnectionString, prefix).GetTableAsync(TableStorage.DefaultTableName);
        Assert.NotNull(await table.GetAsync(TableKey.Escape("user/1"), "state"));
        await host.StopAsync();
    }
}
