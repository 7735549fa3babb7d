using Azure.Core;
using Azure.Identity;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Hosting;
using ConfidantBot.Operations;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Moq;

namespace ConfidantBot.Tests.Operations;

/// <summary>The keys and Graph part of /healthz/ready (the store's part is HostHealthTests, through the host).</summary>
public sealed class ReadinessCheckTests
{
    [Fact]
    public async Task Ready_when_the_keys_come_and_the_identity_gets_a_Graph_token()
    {
        var credential = new FakeTokenCredential();

        var result = await CheckAsync(WorkingKeys(), appId: "bot-app-id", credential);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(1, credential.Requests);
    }

    [Fact]
    public async Task Not_ready_when_Key_Vault_gives_no_key()
    {
        var keys = new Mock<IKeyProvider>();
        keys.Setup(k => k.GetCurrentDataKeyAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new KeyUnavailableException("Key Vault could not be reached."));

        var result = await CheckAsync(keys.Object, appId: "bot-app-id", new FakeTokenCredential());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task Not_ready_outside_local_mode_when_the_identity_gets_no_Graph_token()
    {
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AuthenticationFailedException("ManagedIdentityCredential authentication failed."));

        var result = await CheckAsync(WorkingKeys(), appId: "bot-app-id", credential.Object);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task Local_mode_asks_no_Graph_token()
    {
        var credential = new FakeTokenCredential();

        var result = await CheckAsync(WorkingKeys(), appId: "", credential);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(0, credential.Requests);
    }

    private static IKeyProvider WorkingKeys()
    {
        var keys = new Mock<IKeyProvider>();
        keys.Setup(k => k.GetCurrentDataKeyAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new VersionedKey("v1", new byte[32]));
        keys.Setup(k => k.GetHmacKeyAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new VersionedKey("v1", new byte[32]));
        return keys.Object;
    }

    private static async Task<HealthCheckResult> CheckAsync(IKeyProvider keys, string appId, TokenCredential graphCredential)
    {
        await using var services = new ServiceCollection().AddSingleton(new GraphCredential(graphCredential)).BuildServiceProvider();
        var check = new ReadinessCheck(keys, Options.Create(new BotOptions { AppId = appId }), services);
        return await check.CheckHealthAsync(new HealthCheckContext());
    }
}
