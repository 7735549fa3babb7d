namespace ConfidantBot.BotFramework.Tests.Storage;

/// <summary>Test classes marked <c>[Collection(AzuriteCollection.Name)]</c> share one emulator process.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
