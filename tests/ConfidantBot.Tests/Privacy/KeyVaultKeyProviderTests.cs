using System.Security.Cryptography;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Sealing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ConfidantBot.Tests.Privacy;

/// <summary>Key Vault is an outside service: a mocked <see cref="SecretClient"/> stands in for it.</summary>
public sealed class KeyVaultKeyProviderTests
{
    private const string DataSecret = "confidantbot-data-key";
    private const string HmacSecret = "confidantbot-hmac-key";
    private const string DataV1 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private const string DataV2 = "f9e8d7c6b5a4938271605f4e3d2c1b0a";
    private const string HmacV1 = "11112222333344445555666677778888";

    private static readonly Uri VaultUri = new("https://test-vault.vault.azure.net/");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly Mock<SecretClient> client = new(MockBehavior.Strict);
    private readonly Dictionary<(string Name, string? Version), int> fetches = [];
    private readonly Dictionary<string, string> currentVersion = new() { [DataSecret] = DataV1, [HmacSecret] = HmacV1 };
    private readonly Dictionary<(string Name, string Version), string> secretValues = new()
    {
        [(DataSecret, DataV1)] = NewKey(),
        [(DataSecret, DataV2)] = NewKey(),
        [(HmacSecret, HmacV1)] = NewKey(),
    };

    public KeyVaultKeyProviderTests()
    {
        client.SetupGet(c => c.VaultUri).Returns(VaultUri);
        client
            .Setup(c => c.GetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<SecretContentType?>(), It.IsAny<CancellationToken>()))
            .Returns(async (string name, string? version, SecretContentType? _, CancellationToken _) =>
            {
                lock (fetches)
                {
                    fetches[(name, version)] = fetches.GetValueOrDefault((name, version)) + 1;
                }

                // Let concurrent callers pile up while the "network call" is in flight.
                await Task.Delay(20);
                var resolved = version ?? currentVersion.GetValueOrDefault(name);
                if (resolved is null || !secretValues.TryGetValue((name, resolved), out var value))
                {
                    throw new RequestFailedException(404, "SecretNotFound");
                }

                return Response.FromValue(Secret(name, resolved, value), Mock.Of<Response>());
            });
    }

    [Fact]
    public async Task A_thousand_concurrent_callers_cause_one_fetch_per_key()
    {
        var provider = NewProvider();

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            await Task.Yield();
            var key = i % 2 == 0 ? await provider.GetCurrentDataKeyAsync() : await provider.GetHmacKeyAsync();
            Assert.Equal(VersionedKey.Length, key.Material.Length);
        }));

        Assert.Equal(1, fetches[(DataSecret, null)]);
        Assert.Equal(1, fetches[(HmacSecret, null)]);
        Assert.Equal(2, fetches.Values.Sum());
    }

    [Fact]
    public async Task A_thousand_sequential_seals_and_opens_cause_one_fetch_per_key_per_period()
    {
        var provider = NewProvider();
        var sealer = new RoutingSealer(provider);
        var payload = "x"u8.ToArray();

        for (var i = 0; i < 1000; i++)
        {
            var sealedRecord = await sealer.SealAsync($"rec-{i}", "booking", payload);
            Assert.Equal(payload, await sealer.OpenAsync($"rec-{i}", "booking", sealedRecord));
            await provider.GetHmacKeyAsync();
            clock.Advance(TimeSpan.FromSeconds(3)); // 1,000 turns spread over 50 minutes: still inside one hour
        }

        Assert.Equal(1, fetches[(DataSecret, null)]);
        Assert.Equal(1, fetches[(HmacSecret, null)]);
        Assert.False(fetches.ContainsKey((DataSecret, DataV1)), "opening with the current version must reuse the current key");
    }

    [Fact]
    public async Task After_the_cache_period_the_key_is_fetched_again_and_a_rotation_is_picked_up()
    {
        var provider = NewProvider();
        Assert.Equal(DataV1, (await provider.GetCurrentDataKeyAsync()).Version);

        currentVersion[DataSecret] = DataV2;
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(DataV1, (await provider.GetCurrentDataKeyAsync()).Version);
        Assert.Equal(1, fetches[(DataSecret, null)]);

        clock.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await provider.GetCurrentDataKeyAsync();

        Assert.Equal(DataV2, refreshed.Version);
        Assert.Equal(2, fetches[(DataSecret, null)]);
    }

    [Fact]
    public async Task Records_sealed_with_an_older_vault_version_still_open_after_rotation()
    {
        var provider = NewProvider();
        var sealer = new RoutingSealer(provider);
        var old = await sealer.SealAsync("rec-1", "booking", "hello"u8.ToArray());

        currentVersion[DataSecret] = DataV2;
        clock.Advance(TimeSpan.FromHours(2));
        var fresh = await sealer.SealAsync("rec-2", "booking", "hello"u8.ToArray());

        Assert.Equal(DataV1, old.KeyVersion);
        Assert.Equal(DataV2, fresh.KeyVersion);
        Assert.Equal("hello"u8.ToArray(), await sealer.OpenAsync("rec-1", "booking", old));
        Assert.Equal(1, fetches[(DataSecret, DataV1)]);
    }

    [Fact]
    public async Task A_version_the_vault_does_not_have_is_an_unknown_key_version_and_is_not_cached()
    {
        var provider = NewProvider();
        const string Missing = "00000000000000000000000000000000";

        await Assert.ThrowsAsync<UnknownKeyVersionException>(() => provider.GetDataKeyAsync(Missing).AsTask());
        await Assert.ThrowsAsync<UnknownKeyVersionException>(() => provider.GetDataKeyAsync(Missing).AsTask());
        await Assert.ThrowsAsync<UnknownKeyVersionException>(() => provider.GetDataKeyAsync("../../etc").AsTask());

        Assert.Equal(2, fetches[(DataSecret, Missing)]);
        Assert.DoesNotContain(fetches.Keys, k => k.Version == "../../etc");
    }

    public static TheoryData<Exception> VaultFailures => new()
    {
        new RequestFailedException(503, "Service Unavailable"),
        new RequestFailedException(403, "Forbidden"),
        new AuthenticationFailedException("no credential"),
        new CredentialUnavailableException("no managed identity"),
        new AggregateException(new RequestFailedException("Name or service not known"), new RequestFailedException("Name or service not known")),
    };

    [Theory]
    [MemberData(nameof(VaultFailures))]
    public async Task Key_Vault_down_or_forbidden_is_a_KeyUnavailableException(Exception failure)
    {
        var down = new Mock<SecretClient>(MockBehavior.Strict);
        down.SetupGet(c => c.VaultUri).Returns(VaultUri);
        down.Setup(c => c.GetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<SecretContentType?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(failure);
        var provider = NewProvider(down.Object);

        var ex = await Assert.ThrowsAsync<KeyUnavailableException>(() => provider.GetCurrentDataKeyAsync().AsTask());

        Assert.Contains(VaultUri.Host, ex.Message, StringComparison.Ordinal);
        Assert.Same(failure, ex.InnerException);
    }

    [Fact]
    public async Task A_failed_fetch_is_not_cached_so_the_next_turn_retries()
    {
        var attempts = 0;
        var flaky = new Mock<SecretClient>(MockBehavior.Strict);
        flaky.SetupGet(c => c.VaultUri).Returns(VaultUri);
        flaky.Setup(c => c.GetSecretAsync(DataSecret, null, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => ++attempts == 1
                ? throw new RequestFailedException(503, "busy")
                : Response.FromValue(Secret(DataSecret, DataV1, NewKey()), Mock.Of<Response>()));
        var provider = NewProvider(flaky.Object);

        await Assert.ThrowsAsync<KeyUnavailableException>(() => provider.GetCurrentDataKeyAsync().AsTask());
        var key = await provider.GetCurrentDataKeyAsync();

        Assert.Equal(DataV1, key.Version);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_missing_secret_names_the_setting_to_fix()
    {
        currentVersion.Remove(HmacSecret);
        var provider = NewProvider();

        var ex = await Assert.ThrowsAsync<KeyUnavailableException>(() => provider.GetHmacKeyAsync().AsTask());

        Assert.Contains("KeyVault:HmacKeySecretName", ex.Message, StringComparison.Ordinal);
        Assert.Contains(HmacSecret, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")] // "short": 5 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 36 bytes
    public async Task A_secret_that_is_not_32_bytes_of_base64_is_refused_with_a_clear_message(string value)
    {
        secretValues[(DataSecret, DataV1)] = value;
        var provider = NewProvider();

        var ex = await Assert.ThrowsAsync<KeyUnavailableException>(() => provider.GetCurrentDataKeyAsync().AsTask());

        Assert.Contains("base64 of exactly 32 random bytes", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
    }

    private KeyVaultKeyProvider NewProvider(SecretClient? secretClient = null) => new(
        secretClient ?? client.Object,
        Options.Create(new KeyVaultOptions { VaultUri = VaultUri }),
        clock,
        NullLogger<KeyVaultKeyProvider>.Instance);

    private static KeyVaultSecret Secret(string name, string version, string value) =>
        SecretModelFactory.KeyVaultSecret(
            SecretModelFactory.SecretProperties(
                id: new Uri(VaultUri, $"secrets/{name}/{version}"),
                vaultUri: VaultUri,
                name: name,
                version: version),
            value);

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

/// <summary>Key Vault is reached as the bot's own managed identity, like the connector, not through a credential chain.</summary>
public sealed class KeyVaultCredentialTests
{
    [Theory]
    [InlineData("00000000-0000-0000-0000-0000000000c1", null)]
    [InlineData(null, "00000000-0000-0000-0000-0000000000b0")]
    public void Key_Vault_uses_the_user_assigned_managed_identity_explicitly(string? azureClientId, string? appId)
    {
        var configuration = Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder(),
            new Dictionary<string, string?> { ["AZURE_CLIENT_ID"] = azureClientId, ["Bot:AppId"] = appId })
            .Build();

        var credential = ConfidantBot.Privacy.PrivacyExtensions.KeyVaultCredential(configuration);

        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(credential);
    }
}
