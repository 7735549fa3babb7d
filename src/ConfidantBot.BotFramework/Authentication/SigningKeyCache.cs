using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// The OpenID configuration (and so the signing keys) of one issuer, cached for the refresh interval.
/// A token with an unknown key id may force an early fetch, at most once per minimum interval.
/// </summary>
/// <remarks>
/// Not <c>ConfigurationManager&lt;T&gt;</c>: since IdentityModel 8 it refreshes in the background, so
/// the request that first carries a rotated key would be refused. Here that request waits for the
/// fetch and is validated against the new keys.
/// </remarks>
public sealed class SigningKeyCache : IDisposable
{
    private readonly string _metadataUrl;
    private readonly IDocumentRetriever _retriever;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _minimumRefreshInterval;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetchLock = new(1, 1);
    private volatile Snapshot? _current;

    // Counts finished fetch attempts, so callers that waited on a failed one do not queue another.
    private int _attempts;

    public SigningKeyCache(string metadataUrl, IDocumentRetriever retriever, TimeSpan refreshInterval, TimeSpan minimumRefreshInterval, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metadataUrl);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(time);
        _metadataUrl = metadataUrl;
        _retriever = retriever;
        _refreshInterval = refreshInterval;
        _minimumRefreshInterval = minimumRefreshInterval;
        _time = time;
    }

    /// <summary>The cached configuration, fetched when there is none or it is older than the refresh interval.</summary>
    /// <exception cref="InvalidOperationException">No configuration could be fetched and none is cached.</exception>
    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !IsDue(current))
        {
            return current.Configuration;
        }

        return await FetchAsync(snapshot => snapshot is null || IsDue(snapshot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Called when a token names a key that <paramref name="seen"/> does not have: fetches again unless
    /// another caller already did, or the last attempt is more recent than the minimum interval.
    /// </summary>
    public async Task<OpenIdConnectConfiguration> RefreshForUnknownKeyAsync(OpenIdConnectConfiguration seen, CancellationToken cancellationToken) =>
        await FetchAsync(
            snapshot => snapshot is null
                || (ReferenceEquals(snapshot.Configuration, seen) && Since(snapshot.LastAttemptAt) >= _minimumRefreshInterval),
            cancellationToken).ConfigureAwait(false);

    public void Dispose() => _fetchLock.Dispose();

    private bool IsDue(Snapshot snapshot) =>
        Since(snapshot.FetchedAt) >= _refreshInterval && Since(snapshot.LastAttemptAt) >= _minimumRefreshInterval;

    private TimeSpan Since(DateTimeOffset moment) => _time.GetUtcNow() - moment;

    private async Task<OpenIdConnectConfiguration> FetchAsync(Func<Snapshot?, bool> stillNeeded, CancellationToken cancellationToken)
    {
        var attemptsBeforeWaiting = Volatile.Read(ref _attempts);
        await _fetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            if (current is null && _attempts != attemptsBeforeWaiting)
            {
                // A fetch failed while this caller waited: share that answer instead of queueing another.
                throw new InvalidOperationException("The OpenID metadata or its signing keys could not be fetched.");
            }

            if (!stillNeeded(current))
            {
                return current!.Configuration;
            }

            var attemptAt = _time.GetUtcNow();
            try
            {
                // The fetch is shared by every waiting caller, so no single caller's cancellation ends it;
                // the HTTP client's timeout bounds it.
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_metadataUrl, _retriever, CancellationToken.None).ConfigureAwait(false);
                _current = new Snapshot(configuration, attemptAt, attemptAt);
                return configuration;
            }
            catch (Exception ex)
            {
                if (current is null)
                {
                    throw new InvalidOperationException("The OpenID metadata or its signing keys could not be fetched.", ex);
                }

                // Stale keys beat no keys: keep serving them and try again after the minimum interval.
                _current = current with { LastAttemptAt = attemptAt };
                return current.Configuration;
            }
            finally
            {
                Interlocked.Increment(ref _attempts);
            }
        }
        finally
        {
            _fetchLock.Release();
        }
    }

    private sealed record Snapshot(OpenIdConnectConfiguration Configuration, DateTimeOffset FetchedAt, DateTimeOffset LastAttemptAt);
}
