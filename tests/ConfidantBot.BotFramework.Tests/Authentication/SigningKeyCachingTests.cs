using ConfidantBot.BotFramework.Authentication;
using ConfidantBot.BotFramework.Schema;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Protocols;
using static ConfidantBot.BotFramework.Tests.Authentication.AuthenticationTestSupport;

namespace ConfidantBot.BotFramework.Tests.Authentication;

/// <summary>How often the bot asks the issuer for its keys: rarely, but soon enough to follow a key rotation.</summary>
public sealed class SigningKeyCachingTests : IAsyncLifetime
{
    private const string AppId = TestTokenIssuer.DefaultAppId;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestTokenIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task Keys_are_fetched_once_for_many_requests()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(), _time);

        for (var i = 0; i < 25; i++)
        {
            Assert.True((await AuthenticateTeamsMessage(authenticator)).Succeeded);
        }

        Assert.Equal(1, _issuer.KeySetRequestCount);
    }

    [Fact]
    public async Task Concurrent_first_requests_share_one_fetch()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(), _time);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => AuthenticateTeamsMessage(authenticator)));

        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Reason));
        Assert.Equal(1, _issuer.KeySetRequestCount);
    }

    [Fact]
    public async Task Keys_are_fetched_again_once_the_refresh_interval_has_passed()
    {
        var options = _issuer.CreateOptions();
        options.KeyRefreshInterval = TimeSpan.FromHours(12);
        using var authenticator = CreateAuthenticator(options, _time);

        await AuthenticateTeamsMessage(authenticator);
        _time.Advance(TimeSpan.FromHours(11));
        await AuthenticateTeamsMessage(authenticator);
        Assert.Equal(1, _issuer.KeySetRequestCount);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.True((await AuthenticateTeamsMessage(authenticator)).Succeeded);
        Assert.Equal(2, _issuer.KeySetRequestCount);
    }

    [Fact]
    public async Task A_rotated_key_is_accepted_on_the_first_request_that_uses_it()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(), _time);
        await AuthenticateTeamsMessage(authenticator);
        _time.Advance(TimeSpan.FromMinutes(5));
        var rotated = _issuer.CreateKey("bf-key-2", "msteams");
        _issuer.Publish(rotated);

        var outcome = await AuthenticateTeamsMessage(authenticator, rotated);

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal(2, _issuer.KeySetRequestCount);
    }

    [Fact]
    public async Task Unknown_key_ids_cause_at_most_one_refresh_per_minimum_interval()
    {
        var options = _issuer.CreateOptions();
        options.MinimumKeyRefreshInterval = TimeSpan.FromMinutes(5);
        using var authenticator = CreateAuthenticator(options, _time);
        var forged = _issuer.CreateKey("forged", "msteams");

        Assert.True((await AuthenticateTeamsMessage(authenticator)).Succeeded);
        Assert.Equal(401, (await AuthenticateTeamsMessage(authenticator, forged)).StatusCode);
        Assert.Equal(1, _issuer.KeySetRequestCount); // keys fetched a moment ago: no refresh

        _time.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(401, (await AuthenticateTeamsMessage(authenticator, forged)).StatusCode);
        }

        Assert.Equal(2, _issuer.KeySetRequestCount);

        _time.Advance(TimeSpan.FromMinutes(5));
        await AuthenticateTeamsMessage(authenticator, forged);
        Assert.Equal(3, _issuer.KeySetRequestCount);
    }

    [Fact]
    public async Task Cached_keys_keep_working_while_the_metadata_service_is_down()
    {
        var retriever = new RecordingDocumentRetriever(LoopbackRetriever());
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(), _time, retriever: retriever);
        Assert.True((await AuthenticateTeamsMessage(authenticator)).Succeeded);

        retriever.Unavailable = true;
        _time.Advance(TimeSpan.FromHours(13));
        var outcome = await AuthenticateTeamsMessage(authenticator);

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal(3, retriever.Addresses.Count); // metadata + keys, then one failed attempt
    }

    [Fact]
    public async Task Without_any_keys_requests_are_refused_with_401_and_a_warning_is_logged()
    {
        var retriever = new RecordingDocumentRetriever(LoopbackRetriever()) { Unavailable = true };
        var logger = new CapturingLogger<BotRequestAuthenticator>();
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(), _time, logger, retriever);

        var outcome = await AuthenticateTeamsMessage(authenticator);

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal("signing keys are unavailable", outcome.Reason);
        Assert.Contains(logger.Lines, line => line.StartsWith("Warning: Signing keys of Bot Framework could not be fetched", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_waiting_on_a_failed_first_fetch_share_its_failure_instead_of_retrying_one_by_one()
    {
        var retriever = new GatedFailingRetriever();
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(), _time, retriever: retriever);

        var waiting = Enumerable.Range(0, 3).Select(_ => AuthenticateTeamsMessage(authenticator)).ToList();
        retriever.Fail();
        var outcomes = await Task.WhenAll(waiting);

        Assert.All(outcomes, outcome => Assert.Equal("signing keys are unavailable", outcome.Reason));
        Assert.Equal(1, retriever.Calls);

        await AuthenticateTeamsMessage(authenticator);
        Assert.Equal(2, retriever.Calls); // a later request tries again
    }

    [Fact]
    public async Task Entra_keys_come_from_the_configured_tenants_metadata_only()
    {
        var retriever = new RecordingDocumentRetriever(LoopbackRetriever());
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId), _time, retriever: retriever);
        var activity = TeamsMessage();

        for (var i = 0; i < 5; i++)
        {
            var token = _issuer.CreateEntraToken(TestTokenIssuer.DefaultTenantId, AppId, activity.ServiceUrl);
            Assert.True((await authenticator.AuthenticateAsync("Bearer " + token, activity, CancellationToken.None)).Succeeded);
        }

        Assert.Equal(
            [$"{_issuer.BaseUrl}/{TestTokenIssuer.DefaultTenantId}/v2.0/.well-known/openid-configuration", _issuer.BaseUrl + TestTokenIssuer.EntraKeysPath],
            retriever.Addresses);
        Assert.Equal(0, _issuer.KeySetRequestCount);
    }

    [Fact]
    public async Task Tokens_refused_before_signature_checks_fetch_no_keys()
    {
        var retriever = new RecordingDocumentRetriever(LoopbackRetriever());
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId), _time, retriever: retriever);
        var activity = TeamsMessage();

        await authenticator.AuthenticateAsync(null, activity, CancellationToken.None);
        await authenticator.AuthenticateAsync("Bearer " + _issuer.CreateEntraToken("00000000-0000-0000-0000-0000000000dd", AppId, activity.ServiceUrl), activity, CancellationToken.None);
        await authenticator.AuthenticateAsync("Bearer " + _issuer.CreateToken(AppId, activity.ServiceUrl, issuer: "https://issuer.example"), activity, CancellationToken.None);

        Assert.Empty(retriever.Addresses);
    }

    private Task<AuthenticationOutcome> AuthenticateTeamsMessage(IRequestAuthenticator authenticator, TestSigningKey? key = null)
    {
        Activity activity = TeamsMessage();
        var token = _issuer.CreateToken(AppId, activity.ServiceUrl, signingKey: key);
        return authenticator.AuthenticateAsync("Bearer " + token, activity, CancellationToken.None);
    }

    /// <summary>A metadata service that hangs until <see cref="Fail"/>, then fails every request.</summary>
    private sealed class GatedFailingRetriever : IDocumentRetriever
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Fail() => _gate.TrySetResult();

        public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
        {
            Interlocked.Increment(ref _calls);
            await _gate.Task;
            throw new IOException("metadata service unavailable (simulated)");
        }
    }
}
