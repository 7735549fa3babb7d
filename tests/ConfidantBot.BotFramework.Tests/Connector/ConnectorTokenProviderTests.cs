using Azure.Core;
using Azure.Identity;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Schema;
using Microsoft.Extensions.Time.Testing;
using Moq;
using WireMock.RequestBuilders;
using Request = WireMock.RequestBuilders.Request;
using WireMock.ResponseBuilders;

namespace ConfidantBot.BotFramework.Tests.Connector;

public sealed class ConnectorTokenProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_thousand_sends_fetch_the_token_once_while_it_is_valid()
    {
        using var connector = new FakeConnector();
        connector.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"id":"1"}"""));
        var credential = new Mock<TokenCredential>();
        var fetches = 0;
        credential
            .Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new AccessToken($"token-{Interlocked.Increment(ref fetches)}", Start.AddHours(1)));
        await using var harness = new ConnectorHarness(o => o.Credential = credential.Object);
        harness.Trust.Trust(connector.ServiceUrl);

        await Parallel.ForEachAsync(Enumerable.Range(0, 1_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (turn, ct) =>
            await harness.Client.SendToConversationAsync(connector.ServiceUrl, $"a:{turn}", new Activity { Type = ActivityTypes.Message }, ct));

        credential.Verify(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()), Times.Once());
        Assert.Equal(1_000, connector.Requests.Count);
        Assert.All(connector.Requests, r => Assert.Equal("Bearer token-1", FakeConnector.Header(r, "Authorization")));
    }

    [Fact]
    public async Task The_token_is_requested_for_the_bot_framework_scope()
    {
        var credential = new Mock<TokenCredential>();
        credential
            .Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken("token", Start.AddHours(1)));
        using var provider = new CredentialConnectorTokenProvider(credential.Object, TimeSpan.FromMinutes(5), new FakeTimeProvider(Start));

        await provider.GetTokenAsync(CancellationToken.None);

        credential.Verify(c => c.GetTokenAsync(
            It.Is<TokenRequestContext>(r => r.Scopes.SequenceEqual(new[] { "https://api.botframework.com/.default" })),
            It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_new_token_is_fetched_once_the_cached_one_is_within_the_refresh_margin()
    {
        var clock = new FakeTimeProvider(Start);
        var credential = new Mock<TokenCredential>();
        var fetches = 0;
        credential
            .Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                var n = Interlocked.Increment(ref fetches);
                return new AccessToken($"token-{n}", clock.GetUtcNow().AddHours(1));
            });
        using var provider = new CredentialConnectorTokenProvider(credential.Object, TimeSpan.FromMinutes(5), clock);

        Assert.Equal("token-1", await provider.GetTokenAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("token-1", await provider.GetTokenAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", await provider.GetTokenAsync(CancellationToken.None));
        Assert.Equal("token-2", await provider.GetTokenAsync(CancellationToken.None));

        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Concurrent_first_callers_share_one_fetch()
    {
        var issued = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var credential = new Mock<TokenCredential>();
        var fetches = 0;
        credential
            .Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Interlocked.Increment(ref fetches);
                return new ValueTask<AccessToken>(issued.Task);
            });
        using var provider = new CredentialConnectorTokenProvider(credential.Object, TimeSpan.FromMinutes(5), new FakeTimeProvider(Start));

        var callers = Enumerable.Range(0, 32).Select(_ => Task.Run(() => provider.GetTokenAsync(CancellationToken.None).AsTask())).ToArray();
        for (var wait = 0; wait < 200 && Volatile.Read(ref fetches) == 0; wait++)
        {
            await Task.Delay(5);
        }

        await Task.Delay(50);
        issued.SetResult(new AccessToken("shared", Start.AddHours(1)));
        var tokens = await Task.WhenAll(callers);

        Assert.All(tokens, t => Assert.Equal("shared", t));
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task A_failed_fetch_is_a_connector_error_and_is_not_cached()
    {
        var credential = new Mock<TokenCredential>();
        credential
            .SetupSequence(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AuthenticationFailedException("AADSTS7000215: invalid client secret"))
            .ReturnsAsync(new AccessToken("second-try", Start.AddHours(1)));
        using var provider = new CredentialConnectorTokenProvider(credential.Object, TimeSpan.FromMinutes(5), new FakeTimeProvider(Start));

        var failure = await Assert.ThrowsAsync<ConnectorException>(() => provider.GetTokenAsync(CancellationToken.None).AsTask());

        Assert.Null(failure.StatusCode);
        Assert.Equal("second-try", await provider.GetTokenAsync(CancellationToken.None));
    }
}
