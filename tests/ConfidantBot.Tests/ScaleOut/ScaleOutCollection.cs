using ConfidantBot.BotFramework.Tests.Storage;

namespace ConfidantBot.Tests.ScaleOut;

/// <summary>One Azurite table service for the scale-out tests (each test uses its own table).</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Scale-out on Azurite";
}
