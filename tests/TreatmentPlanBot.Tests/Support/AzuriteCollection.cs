using BotCore.Tests.Storage;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>One Azurite per test run for the app's tests; each app instance uses its own table prefix.</summary>
[CollectionDefinition(Name)]
public sealed class AppAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "App on Azurite";
}
