namespace ConfidantBot.BotFramework.Tests.Authentication;

/// <summary>One <see cref="TestTokenIssuer"/> for a test class (key generation and server start are not free).</summary>
public sealed class TokenIssuerFixture : IAsyncLifetime
{
    public TestTokenIssuer Issuer { get; private set; } = null!;

    public async Task InitializeAsync() => Issuer = await TestTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await Issuer.DisposeAsync();
}
