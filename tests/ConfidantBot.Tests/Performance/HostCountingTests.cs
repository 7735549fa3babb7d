using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Sealing;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ConfidantBot.Tests.Performance;

/// <summary>
/// Outside calls that must not happen per turn, counted through the real host: Key Vault secrets
/// (a mocked <see cref="SecretClient"/>) and connector tokens (a counting credential).
/// </summary>
public sealed class HostCountingTests : IDisposable
{
    private const int Turns = 1000;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("confidantbot-counting-").FullName;

    [Fact]
    public async Task A_thousand_turns_and_a_thousand_seals_fetch_each_Key_Vault_secret_at_most_once_per_cache_period()
    {
        var fetches = new Dictionary<string, int>(StringComparer.Ordinal);
        var vault = new Mock<SecretClient>(MockBehavior.Strict);
        vault.SetupGet(c => c.VaultUri).Returns(new Uri("https://test-vault.vault.azure.net/"));
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        vault
            .Setup(c => c.GetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<SecretContentType?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, string? version, SecretContentType? _, CancellationToken _) =>
            {
                lock (fetches)
                {
                    fetches[name] = fetches.GetValueOrDefault(name) + 1;
                    var value = values.TryGetValue(name, out var known) ? known : values[name] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    return Response.FromValue(SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(new Uri($"https://test-vault.vault.azure.net/secrets/{name}/v1"), name: name, version: "v1"), value), Mock.Of<Response>());
                }
            });
        await using var connector = await FakeConnector.StartAsync();
        await using var host = Host(services => services.AddSingleton(vault.Object), ("KeyVault:VaultUri", "https://test-vault.vault.azure.net/"));
        using var client = host.CreateClient();

        await RunTurnsAsync(client, connector, Turns);
        var sealer = host.Services.GetRequiredService<RoutingSealer>();
        var hasher = host.Services.GetRequiredService<PersonKeyHasher>();
        for (var i = 0; i < Turns; i++)
        {
            var sealedRecord = await sealer.SealAsync("booking-" + i, "booking", new byte[300]);
            Assert.Equal(300, (await sealer.OpenAsync("booking-" + i, "booking", sealedRecord)).Length);
            await hasher.HashAsync("tenant", "00000000-0000-0000-0000-" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.NotEmpty(fetches);
        Assert.All(fetches, fetch => Assert.True(fetch.Value <= 1, $"{fetch.Key} was fetched {fetch.Value} times"));
    }

    [Fact]
    public async Task Connector_tokens_are_fetched_once_per_validity_period_not_per_turn()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = new ClockTokenCredential(clock);
        await using var connector = await FakeConnector.StartAsync();
        await using var host = Host(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.PostConfigure<ConnectorOptions>(options => options.Credential = credential);
        });
        using var client = host.CreateClient();

        await RunTurnsAsync(client, connector, 200);
        Assert.Equal(1, credential.Requests);
        Assert.All(connector.All, sent => Assert.StartsWith("Bearer fake-token-", sent.Authorization, StringComparison.Ordinal));

        // Tokens live one hour; the client renews five minutes before the end.
        clock.Advance(TimeSpan.FromMinutes(56));
        await RunTurnsAsync(client, connector, 200);
        Assert.Equal(2, credential.Requests);
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static async Task RunTurnsAsync(HttpClient client, FakeConnector connector, int turns)
    {
        for (var turn = 0; turn < turns; turn++)
        {
            var conversationId = "a:counting-" + (turn % 10);
            using var response = await client.PostAsJsonAsync("/api/messages", new JsonObject
            {
                ["type"] = "message",
                ["id"] = "m" + turn,
                ["serviceUrl"] = connector.ServiceUrl,
                ["channelId"] = "msteams",
                ["text"] = "hallo",
                ["locale"] = "nl-NL",
                ["from"] = new JsonObject { ["id"] = "29:counting-user", ["aadObjectId"] = "00000000-0000-0000-0000-0000000000c1" },
                ["recipient"] = new JsonObject { ["id"] = "28:bot" },
                ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = "00000000-0000-0000-0000-0000000000aa" },
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty(connector.Drain(conversationId));
        }
    }

    private WebApplicationFactory<Program> Host(Action<IServiceCollection> replaceOutsideServices, params (string Key, string Value)[] settings)
        => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Bot:DataDirectory", _dataDirectory);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services => replaceOutsideServices(services.AddInProcessLoopback()));
        });
}

/// <summary>An identity stand-in whose one-hour tokens expire on the test's clock; counts token requests.</summary>
internal sealed class ClockTokenCredential(TimeProvider clock) : TokenCredential
{
    private int _requests;

    public int Requests => _requests;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return new AccessToken("fake-token-" + _requests, clock.GetUtcNow().AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
