using Azure.Core;
using Azure.Identity;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// Gets the connector token from an Azure.Identity <see cref="TokenCredential"/> and caches it until
/// <c>refreshMargin</c> before it expires, so turns never wait for the identity platform. Concurrent
/// callers that find no valid token share one fetch.
/// </summary>
public sealed class CredentialConnectorTokenProvider : IConnectorTokenProvider, IDisposable
{
    private static readonly TokenRequestContext ConnectorScope = new([ConnectorOptions.TokenScope]);

    private readonly TokenCredential _credential;
    private readonly TimeSpan _refreshMargin;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private volatile CachedToken? _cached;

    public CredentialConnectorTokenProvider(TokenCredential credential, TimeSpan refreshMargin, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(refreshMargin, TimeSpan.Zero);
        _credential = credential;
        _refreshMargin = refreshMargin;
        _timeProvider = timeProvider;
    }

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        return cached is not null && cached.IsFresh(_timeProvider.GetUtcNow())
            ? ValueTask.FromResult<string?>(cached.Token)
            : FetchOnceAsync(cancellationToken);
    }

    public void Dispose() => _fetchGate.Dispose();

    private async ValueTask<string?> FetchOnceAsync(CancellationToken cancellationToken)
    {
        await _fetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have fetched while this one waited at the gate.
            var cached = _cached;
            if (cached is not null && cached.IsFresh(_timeProvider.GetUtcNow()))
            {
                return cached.Token;
            }

            AccessToken token;
            try
            {
                token = await _credential.GetTokenAsync(ConnectorScope, cancellationToken).ConfigureAwait(false);
            }
            catch (AuthenticationFailedException e)
            {
                throw new ConnectorException("Could not get a token for the Bot Connector from the configured credential.", e);
            }

            var refreshAt = token.ExpiresOn - _refreshMargin;
            if (token.RefreshOn is { } suggested && suggested < refreshAt)
            {
                refreshAt = suggested;
            }

            _cached = new CachedToken(token.Token, refreshAt);
            return token.Token;
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt)
    {
        public bool IsFresh(DateTimeOffset now) => now < RefreshAt;
    }
}
