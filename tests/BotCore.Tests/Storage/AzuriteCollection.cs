namespace BotCore.Tests.Storage;

/// <summary>One Azurite process for every test class in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
