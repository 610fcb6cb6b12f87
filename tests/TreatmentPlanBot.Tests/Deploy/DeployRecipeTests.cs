using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Deploy;

/// <summary>deploy/main.bicep, the recipe README "Deploying to Teams" walks through, compiled and read back as ARM JSON.</summary>
public sealed partial class DeployRecipeTests(BicepRecipe recipe) : IClassFixture<BicepRecipe>
{
    // Read by the platform or its SDKs, not by the bot's options (README "Deploying to Teams" describes them).
    private static readonly HashSet<string> PlatformSettings = new(StringComparer.Ordinal)
    {
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "ASPNETCORE_URLS",
        "ASPNETCORE_HTTP_PORTS",
        "ASPNETCORE_ENVIRONMENT",
        "WEBSITES_PORT",
    };

    // What a clinic must set in production: the bot's identity, who may reach it, and where its records live.
    private static readonly string[] RequiredInProduction =
        ["MicrosoftAppType", "MicrosoftAppId", "MicrosoftAppTenantId", "AllowedTenants", "Storage:AccountUri"];

    [BicepFact]
    public void The_recipe_compiles_without_errors_or_linter_warnings()
    {
        Assert.True(recipe.ExitCode == 0, $"bicep build {BicepRecipe.RecipePath} failed:\n{recipe.Diagnostics}");
        Assert.True(string.IsNullOrWhiteSpace(recipe.Diagnostics), $"bicep build reported:\n{recipe.Diagnostics}");
    }

    [BicepFact]
    public void Every_app_setting_the_recipe_sets_is_documented_in_the_sample()
    {
        var sample = new ConfigurationBuilder().AddJsonFile(Repository.PathOf("appsettings.sample.json"), optional: false).Build();

        var undocumented = AppSettingNames().Where(name => !PlatformSettings.Contains(name))
            .Select(ConfigurationKey)
            .Where(key => !sample.GetSection(key).Exists())
            .ToList();

        Assert.True(undocumented.Count == 0, $"deploy/main.bicep sets settings appsettings.sample.json does not describe: {string.Join(", ", undocumented)}");
    }

    [BicepFact]
    public void The_recipe_sets_every_setting_a_clinic_must_set_in_production()
    {
        var set = AppSettingNames().Select(ConfigurationKey).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.All(RequiredInProduction, required => Assert.Contains(required, set));
        Assert.Equal("UserAssignedMSI", LiteralSetting("MicrosoftAppType"));
    }

    [BicepFact]
    public void Storage_takes_no_shared_keys_and_the_bot_identity_holds_table_data_contributor_on_it()
    {
        var storage = Assert.Single(recipe.Resources("Microsoft.Storage/storageAccounts"))["properties"]!;

        Assert.False((bool)storage["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["allowBlobPublicAccess"]!);
        Assert.True((bool)storage["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)storage["minimumTlsVersion"]);
        var tableRole = Assert.Single(recipe.Resources("Microsoft.Authorization/roleAssignments"), r => ResolveVariables((string)r["properties"]!["roleDefinitionId"]!)
            // Storage Table Data Contributor, a built-in role with the same id in every tenant.
            .Contains("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", StringComparison.Ordinal));
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)tableRole["scope"], StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities", (string?)tableRole["properties"]!["principalId"], StringComparison.Ordinal);
    }

    [BicepFact]
    public void The_bot_is_a_managed_identity_bot_with_the_Teams_channel_and_the_app_is_probed_for_liveness_and_readiness()
    {
        var bot = Assert.Single(recipe.Resources("Microsoft.BotService/botServices"));
        var channel = Assert.Single(recipe.Resources("Microsoft.BotService/botServices/channels"));
        var app = Assert.Single(recipe.Resources("Microsoft.App/containerApps"));

        Assert.Equal("azurebot", (string?)bot["kind"]);
        Assert.Equal("UserAssignedMSI", (string?)bot["properties"]!["msaAppType"]);
        Assert.Contains("/api/messages", (string?)bot["properties"]!["endpoint"], StringComparison.Ordinal);
        Assert.Equal("MsTeamsChannel", (string?)channel["properties"]!["channelName"]);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.False((bool)app["properties"]!["configuration"]!["ingress"]!["allowInsecure"]!);
        var probes = app["properties"]!["template"]!["containers"]![0]!["probes"]!.AsArray()
            .ToDictionary(p => (string)p!["type"]!, p => (string)p!["httpGet"]!["path"]!);
        Assert.Equal("/healthz", probes["Liveness"]);
        Assert.Equal("/readyz", probes["Readiness"]);
    }

    // "Storage__AccountUri" -> "Storage:AccountUri"; "AllowedTenants__0" -> "AllowedTenants" (an array setting).
    private static string ConfigurationKey(string environmentName) =>
        ArrayIndex().Replace(environmentName.Replace("__", ":", StringComparison.Ordinal), "");

    // The container's env compiles to one ARM expression: concat(createArray(createObject('name', 'X', ...), ...),
    // variables('...')) where a list variable is a copy loop whose names are format('X__{0}', copyIndex(...)).
    private IReadOnlyList<string> AppSettingNames()
    {
        var env = Assert.Single(recipe.Resources("Microsoft.App/containerApps"))["properties"]!["template"]!["containers"]![0]!["env"]!;
        if (env is JsonArray literal)
        {
            return literal.Select(e => (string)e!["name"]!).ToList();
        }

        var expression = (string)env!;
        var names = LiteralName().Matches(expression).Select(m => m.Groups[1].Value).ToList();
        var loops = (recipe.Template["variables"]?["copy"] as JsonArray ?? []).ToDictionary(c => (string)c!["name"]!, c => (string)c!["input"]!["name"]!);
        // Other variables in the expression (the storage account's name) are values, not lists of settings.
        foreach (var variable in VariableReference().Matches(expression).Select(m => m.Groups[1].Value))
        {
            if (loops.TryGetValue(variable, out var loopName))
            {
                names.Add(FormattedName().Match(loopName).Groups[1].Value.Replace("{0}", "0", StringComparison.Ordinal));
            }
            else if (recipe.Template["variables"]?[variable] is JsonArray list)
            {
                names.AddRange(list.Select(e => (string)e!["name"]!));
            }
        }

        Assert.NotEmpty(names);
        return names;
    }

    private string ResolveVariables(string expression) =>
        VariableReference().Replace(expression, m => recipe.Template["variables"]?[m.Groups[1].Value] is JsonValue value ? value.ToString() : m.Value);

    private string? LiteralSetting(string name)
    {
        var expression = (string)Assert.Single(recipe.Resources("Microsoft.App/containerApps"))["properties"]!["template"]!["containers"]![0]!["env"]!;
        var match = Regex.Match(expression, $@"createObject\('name', '{Regex.Escape(name)}', 'value', '([^']*)'\)");
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@":\d+$")]
    private static partial Regex ArrayIndex();

    [GeneratedRegex(@"createObject\('name', '([^']+)'")]
    private static partial Regex LiteralName();

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[format\('([^']+)'")]
    private static partial Regex FormattedName();
}
